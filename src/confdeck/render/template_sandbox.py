"""The Jinja environment a template's deck.html.j2 runs in: sandboxed, confined to the template folders.

Templates travel between people (a colleague mails a folder), so deck.html.j2 is
untrusted code: it runs in Jinja's SandboxedEnvironment (no `__globals__`, no
`__subclasses__`, no unsafe calls), its work is bounded (no 10**10**10, no
string a gigabyte long), every file it loads must really lie inside one of the
template chain's folders (symlinks resolved), and every mistake in it becomes a
`file:line: what is wrong` error (exit 2) with Jinja's own line numbers.
"""
from __future__ import annotations

import operator
import re
import traceback
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import MAX_RANGE, SandboxedEnvironment, SecurityError

from confdeck.errors import ConfdeckError
from confdeck.model import Span
from confdeck.templates import Template

MAX_SEQUENCE = 10_000_000   # longest string or list `*` may make (a deck page is far smaller)
MAX_POWER_BITS = 4_096      # largest result of `**`, in bits
_CLOSING_RAW_TAG = re.compile(r"</(style|script)", re.IGNORECASE)


def escape_raw_text(text: str) -> str:
    """Text inlined into <style> or <script>: no `</style` or `</script` in any letter case can end it early."""
    return _CLOSING_RAW_TAG.sub(lambda match: "<\\/" + match.group(1), text)


def read_template_text(path: Path, template: Template) -> str:
    """A template's text file as UTF-8; a file that is not says where its first bad byte is."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ConfdeckError(f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
                            Span(template.shown(path), line)) from None


class TemplateLoader(jinja2.BaseLoader):
    """`name` from the nearest template of the chain, or `<template>/name` from that one (to extend a parent)."""

    def __init__(self, template: Template):
        self.template = template

    def get_source(self, environment, name: str):
        pieces = jinja2.loaders.split_template_path(name)  # refuses "..": TemplateNotFound
        candidates = [directory.joinpath(*pieces) for directory in self.template.dirs]
        if len(pieces) > 1:
            candidates += [directory.joinpath(*pieces[1:]) for directory in self.template.dirs
                           if directory.name == pieces[0]]
        for path in candidates:
            if path.is_file():
                self.template.check_inside(path)
                text = read_template_text(path, self.template)
                mtime = path.stat().st_mtime
                return text, str(path), lambda: path.is_file() and path.stat().st_mtime == mtime
        raise jinja2.TemplateNotFound(name)


class DeckSandbox(SandboxedEnvironment):
    """Jinja's sandbox, with `*` and `**` bounded so one expression cannot eat the machine."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "**":
            if isinstance(left, int) and isinstance(right, int) and right > 0 \
                    and abs(left) > 1 and right * max(1, abs(left).bit_length()) > MAX_POWER_BITS:
                raise SecurityError(f"compute {left} ** {right}, a number too large")
            return operator.pow(left, right)
        for sequence, count in ((left, right), (right, left)):
            if isinstance(sequence, (str, list, tuple)) and isinstance(count, int) \
                    and len(sequence) * count > MAX_SEQUENCE:
                raise SecurityError(f"repeat a {type(sequence).__name__} {count} times, "
                                    f"longer than {MAX_SEQUENCE:,} items")
        return operator.mul(left, right)


def make_environment(template: Template) -> jinja2.Environment:
    return DeckSandbox(loader=TemplateLoader(template), autoescape=True, undefined=jinja2.StrictUndefined,
                       keep_trailing_newline=True)


def render_template(env: jinja2.Environment, template: Template, name: str, **context) -> str:
    """Render one template file; any failure inside it is the template author's: `file:line: …`, exit 2."""
    try:
        return env.get_template(name).render(**context)
    except ConfdeckError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        where = Path(exc.filename) if exc.filename else None
        raise ConfdeckError(f"template syntax error: {exc.message}",
                            Span(template.shown(where) if where else name, exc.lineno)) from None
    except RecursionError:
        raise ConfdeckError("template includes or extends itself too deeply", _template_span(
            None, template, name)) from None
    except Exception as exc:  # raised by the template's own code: an author's mistake, not ours
        raise ConfdeckError(_what_went_wrong(exc), _template_span(exc, template, name)) from None


def _what_went_wrong(exc: Exception) -> str:
    if isinstance(exc, SecurityError):
        what = str(exc).rstrip(".")
        what = re.sub(r"^access to (.*) is unsafe$", r"access \1", what)
        what = re.sub(r"^(.*) is not safely callable$", r"call \1", what)
        return f"template tried to {what} (not allowed)"
    if isinstance(exc, jinja2.TemplatesNotFound):
        return f"template not found: {', '.join(map(str, exc.templates))}"
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"template not found: {exc.name}"
    if isinstance(exc, jinja2.UndefinedError):
        return f"template uses an undefined value: {exc.message}"
    if isinstance(exc, OverflowError) and "MAX_RANGE" in str(exc):
        return f"template tried to make a range of more than {MAX_RANGE:,} numbers (not allowed)"
    return f"template failed: {type(exc).__name__}: {exc}"


def _template_span(exc: BaseException | None, template: Template, name: str) -> Span:
    """The innermost line of a template file in the traceback (Jinja puts template lines there)."""
    chain = [Path(d).resolve() for d in template.dirs]
    found: Span | None = None
    if exc is not None:
        for frame, line in traceback.walk_tb(exc.__traceback__):
            filename = frame.f_code.co_filename
            if filename.startswith("/") and any(Path(filename).resolve().is_relative_to(d) for d in chain):
                found = Span(template.shown(Path(filename)), line)
    if found is None:
        path = template.find(name)
        found = Span(template.shown(path) if path else name)
    return found
