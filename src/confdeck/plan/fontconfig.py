"""fontconfig's font match called in-process (ctypes), the same steps `fc-match` runs.

Why: each `fc-match` process costs 10-15 ms (start-up and reading fontconfig's
caches), and a build asks for three or four styles; in-process the first match
loads the configuration once (~7 ms) and each further match takes well under a
millisecond. The steps are fc-match's own: parse the pattern, apply the
configuration's substitutions and the defaults, match, read family and file.
Without the library (or on any failure) callers fall back to the `fc-match` program.
"""
from __future__ import annotations

import ctypes
import os
import threading

LIBRARY_NAMES = ("libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig-1.dll")
_MATCH_PATTERN = 0    # FcMatchPattern
_RESULT_MATCH = 0     # FcResultMatch
_lock = threading.Lock()  # one configuration shared by the preview thread and the build
_library: ctypes.CDLL | None | bool = False  # False: not loaded yet; None: not available


def _load() -> ctypes.CDLL | None:
    for name in LIBRARY_NAMES:
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        pointer = ctypes.c_void_p
        lib.FcNameParse.restype, lib.FcNameParse.argtypes = pointer, [ctypes.c_char_p]
        lib.FcConfigSubstitute.restype = ctypes.c_int
        lib.FcConfigSubstitute.argtypes = [pointer, pointer, ctypes.c_int]
        lib.FcDefaultSubstitute.restype, lib.FcDefaultSubstitute.argtypes = None, [pointer]
        lib.FcFontMatch.restype = pointer
        lib.FcFontMatch.argtypes = [pointer, pointer, ctypes.POINTER(ctypes.c_int)]
        lib.FcPatternGetString.restype = ctypes.c_int
        lib.FcPatternGetString.argtypes = [pointer, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_char_p)]
        lib.FcPatternDestroy.restype, lib.FcPatternDestroy.argtypes = None, [pointer]
        lib.FcPatternGetCharSet.restype = ctypes.c_int
        lib.FcPatternGetCharSet.argtypes = [pointer, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(pointer)]
        lib.FcCharSetHasChar.restype, lib.FcCharSetHasChar.argtypes = ctypes.c_int, [pointer, ctypes.c_uint32]
        return lib
    return None


def _string(lib: ctypes.CDLL, pattern: int, element: bytes) -> bytes | None:
    value = ctypes.c_char_p()
    if lib.FcPatternGetString(pattern, element, 0, ctypes.byref(value)) != _RESULT_MATCH:
        return None
    return value.value


def _matched(lib: ctypes.CDLL, pattern: str) -> int | None | bool:
    """fontconfig's best match for a pattern (the caller destroys it); None: no match; False: unreadable pattern."""
    parsed = lib.FcNameParse(pattern.encode("utf-8"))
    if not parsed:
        return False
    try:
        lib.FcConfigSubstitute(None, parsed, _MATCH_PATTERN)
        lib.FcDefaultSubstitute(parsed)
        result = ctypes.c_int()
        return lib.FcFontMatch(None, parsed, ctypes.byref(result)) or None
    finally:
        lib.FcPatternDestroy(parsed)


def _library_loaded() -> ctypes.CDLL | None:
    global _library
    if _library is False:
        _library = _load()
    return _library


_charsets: dict[str, int | None] = {}  # pattern → its match's character set (kept for the process)


def has_char(pattern: str, codepoint: int) -> bool | None:
    """Whether the font fontconfig matches for `pattern` draws the character itself; None if it cannot ask.

    Why: a character the font lacks is drawn with another font (fontconfig's fallback, e.g. Noto CJK
    for Chinese in Carlito), and must be measured with that one. The set is looked up once per pattern.
    """
    with _lock:
        lib = _library_loaded()
        if lib is None:
            return None
        if pattern not in _charsets:
            found = _matched(lib, pattern)
            charset = ctypes.c_void_p()
            if not found or lib.FcPatternGetCharSet(found, b"charset", 0, ctypes.byref(charset)) != _RESULT_MATCH:
                _charsets[pattern] = None  # the matched pattern (and its set) is kept alive with it
            else:
                _charsets[pattern] = charset.value
        charset = _charsets[pattern]
        if charset is None:
            return None
        return bool(lib.FcCharSetHasChar(charset, codepoint))


def match(pattern: str) -> tuple[str, str] | None:
    """(family, file) of fontconfig's best match for a pattern such as "Calibri:bold"; None if it cannot ask.

    An empty string stands for a font that has no family or file (fc-match prints nothing there).
    """
    with _lock:
        lib = _library_loaded()
        if lib is None:
            return None
        found = _matched(lib, pattern)
        if found is False:
            return None
        if not found:
            return "", ""
        try:
            family, file = _string(lib, found, b"family"), _string(lib, found, b"file")
        finally:
            lib.FcPatternDestroy(found)
    return (family or b"").decode("utf-8", "replace"), os.fsdecode(file or b"")
