"""Bytes of a notes file → text, or a message that says what the file is instead."""
from __future__ import annotations

from confdeck.errors import ConfdeckError
from confdeck.model import Span

# Byte-order marks of encodings that are text, just not UTF-8.
_BOMS = [
    (b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"),
]
# Magic numbers of files people drag onto a command by mistake.
_MAGIC = [
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (or .pptx/.docx)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"), (b"\x7fELF", "a program"),
    (b"\x1f\x8b", "a gzip archive"), (b"{\\rtf", "an RTF document"),
]


def decode_notes(data: bytes, shown: str) -> str:
    """Decode UTF-8 notes (with or without BOM); anything else is a ConfdeckError naming the encoding."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            raise ConfdeckError(f"the notes are {name} text (expected UTF-8; save them as UTF-8)", Span(shown, 1))
    for magic, name in _MAGIC:
        if data.startswith(magic):
            raise ConfdeckError(f"not a text file: this looks like {name} (expected Markdown notes)",
                                Span(shown))
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise ConfdeckError(f"not a text file: binary data, a NUL byte at offset {offset} "
                            "(expected Markdown notes saved as UTF-8)", Span(shown, data[:offset].count(b"\n") + 1))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfdeckError(f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start}, "
                            f"{_guess(data)} (expected UTF-8; save the notes as UTF-8)", Span(shown, line)) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _guess(data: bytes) -> str:
    """A hint at the encoding the notes were saved in."""
    high = len(data) - len(data.translate(None, bytes(range(0x80, 0x100))))
    if high > len(data) // 3:
        return "mostly non-ASCII bytes: binary data or a legacy Asian encoding?"
    if len(data.translate(None, bytes(range(0x80, 0xA0)))) < len(data):
        return "looks like Windows-1252"
    return "looks like Latin-1, ISO-8859-1"
