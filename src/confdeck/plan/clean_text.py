"""First plan pass: strip characters that XML cannot hold from every text in the deck.

Control characters, U+FFFE/U+FFFF and lone surrogates arrive through YAML escapes,
Markdown character references or editors; python-pptx (lxml) refuses them and
browsers show garbage. Cleaning the model once gives both renderers clean text.
"""
from __future__ import annotations

import dataclasses
import re

from confdeck.errors import Diagnostic
from confdeck.model import PlannedDeck, Span
from confdeck.plan.clean_scan import is_clean

# C0 controls but tab and newline, DEL, C1 controls, the two noncharacters XML forbids, surrogates.
_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_AS_SPACE = {"\x0b": " ", "\x0c": " ", "\x85": " ", "\r": "\n"}


def clean(text: str) -> str:
    """The text without characters XML or a slide cannot show (lone surrogates become U+FFFD)."""
    if not _BAD.search(text):
        return text
    return _BAD.sub(lambda m: _AS_SPACE.get(m.group(), "\ufffd" if "\ud800" <= m.group() <= "\udfff" else ""), text)


class _Cleaner:
    def __init__(self, source: str):
        self.source = source
        self.seen: set[int] = set()
        self.lines: list[Span] = []

    def value(self, value, span: Span | None):
        if isinstance(value, str):
            cleaned = clean(value)
            if cleaned != value:
                where = span or Span(self.source)
                if where not in self.lines:
                    self.lines.append(where)
            return cleaned
        if id(value) in self.seen or isinstance(value, (int, float, bool, type(None))):
            return value
        self.seen.add(id(value))
        if isinstance(value, list):
            value[:] = [self.value(item, span) for item in value]
        elif isinstance(value, dict):
            items = [(self.value(k, span), self.value(v, span)) for k, v in value.items()]
            value.clear()
            value.update(items)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            own = getattr(value, "span", None)
            span = own if isinstance(own, Span) and own.line else span
            for field in dataclasses.fields(value):
                if field.name == "span":
                    continue
                current = getattr(value, field.name)
                cleaned = self.value(current, span)
                if cleaned is not current:
                    object.__setattr__(value, field.name, cleaned)  # frozen ones too
        return value


def clean_text(planned: PlannedDeck, options=None) -> PlannedDeck:
    """Clean the deck (and any slides planned so far) in place; one warning per line that changed."""
    if is_clean(planned.deck, _BAD) and is_clean(planned.slides, _BAD):
        return planned  # nothing to clean (the usual case): the walk would leave everything as it is
    cleaner = _Cleaner(planned.deck.source)
    cleaner.value(planned.deck, planned.deck.span)
    cleaner.value(planned.slides, None)
    for span in cleaner.lines:
        planned.diagnostics.append(Diagnostic("removed control characters or invalid Unicode from the text", span))
    return planned
