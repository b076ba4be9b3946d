"""A quick look for characters clean_text would remove, so clean decks skip its walk.

The walk in clean_text calls a Python function for each of the model's hundreds of
thousands of values (texts, flags, numbers, spans). This scan looks at the same
texts a level of the model at a time with C-speed bulk operations (attrgetter,
map, join) and one regex search per level. It answers True only when the walk
would change nothing; anything it does not expect answers False, and the walk runs.
"""
from __future__ import annotations

import dataclasses
import functools
import re
from itertools import chain, compress, repeat
from operator import attrgetter
from types import NoneType, UnionType

# How the walk treats a value of each type (see clean_text._Cleaner.value).
_TEXT, _LEAF, _LIST, _DICT, _OBJECT = range(5)
_KINDS: dict[type, int] = {str: _TEXT, bool: _LEAF, int: _LEAF, float: _LEAF, NoneType: _LEAF,
                           list: _LIST, dict: _DICT}
# Fields declared as numbers or flags hold no text: the scan skips them (and spans, as the walk does).
_SCALAR_NAMES = {"bool", "int", "float", "None"}
_SCALAR_TYPES = {bool, int, float, NoneType}
_TEXT_OR_NONE = {str, NoneType}
_MAX_LEVELS = 100          # deeper than any deck: a cycle, which the walk copes with
_MAX_VALUES = 5_000_000    # far more than a 10,000-slide deck: objects shared over and over


def _kind(kind_of: type) -> int:
    kind = _KINDS.get(kind_of)
    if kind is None:
        if issubclass(kind_of, str):
            kind = _TEXT
        elif issubclass(kind_of, (int, float, bool, NoneType, type)):
            kind = _LEAF       # numbers, and classes (the walk leaves those alone)
        elif issubclass(kind_of, list):
            kind = _LIST
        elif issubclass(kind_of, dict):
            kind = _DICT
        elif dataclasses.is_dataclass(kind_of):
            kind = _OBJECT
        else:
            kind = _LEAF       # dates and the like: the walk does not look inside
        _KINDS[kind_of] = kind
    return kind


def _is_scalar(declared) -> bool:
    """A field declared bool, int, float or one of these or None (as text or as types)."""
    if isinstance(declared, str):
        return {part.strip() for part in declared.split("|")} <= _SCALAR_NAMES
    if isinstance(declared, UnionType):
        return set(declared.__args__) <= _SCALAR_TYPES
    return declared in _SCALAR_TYPES


@functools.cache
def _text_fields(cls: type) -> tuple[str, ...]:
    """The fields of a dataclass that may hold text: all but spans and declared numbers and flags."""
    return tuple(field.name for field in dataclasses.fields(cls)
                 if field.name != "span" and not _is_scalar(field.type))


def _children(level: list) -> list:
    """The values the walk would visit below one level: list items, dict keys and values, text fields."""
    kinds = {kind_of: _kind(kind_of) for kind_of in set(map(type, level))}
    parts = []
    for kind_of, kind in kinds.items():
        of_kind = level if len(kinds) == 1 else [item for item in level if type(item) is kind_of]
        if kind == _LIST:
            parts.append(chain.from_iterable(of_kind))
        elif kind == _DICT:
            parts += [chain.from_iterable(map(dict.keys, of_kind)), chain.from_iterable(map(dict.values, of_kind))]
        elif kind == _OBJECT:
            names = _text_fields(kind_of)
            if len(names) == 1:
                parts.append(map(attrgetter(names[0]), of_kind))
            elif names:
                parts.append(chain.from_iterable(map(attrgetter(*names), of_kind)))
    return list(chain.from_iterable(parts))


def is_clean(root, bad: re.Pattern) -> bool:
    """True when no text the walk visits under root matches `bad`; False when some may."""
    level, counted = [root], 0
    for _ in range(_MAX_LEVELS):
        values = _children(level)
        counted += len(values)
        types = set(map(type, values))
        if types <= _TEXT_OR_NONE:  # the last level, run texts and links: no need to pick the texts out
            return not bad.search("".join(filter(None, values)))
        kinds = {kind_of: _kind(kind_of) for kind_of in types}
        if _TEXT in kinds.values() and bad.search("".join(compress(values, map(isinstance, values, repeat(str))))):
            return False
        nested = {kind_of for kind_of, kind in kinds.items() if kind in (_LIST, _DICT, _OBJECT)}
        if not nested:
            return True
        if counted > _MAX_VALUES:
            return False
        level = list(compress(values, map(nested.__contains__, map(type, values))))
    return False
