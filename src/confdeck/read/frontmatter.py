"""YAML front matter at the top of a notes file."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from confdeck.errors import ConfdeckError, Diagnostic
from confdeck.model import Span

# key → (accepted types, what we tell the user we expected)
KNOWN_KEYS: dict[str, tuple[tuple[type, ...], str]] = {
    "title": ((str,), "text"),
    "subtitle": ((str,), "text"),
    "author": ((str,), "text"),
    "date": ((str, dt.date), "a date or text"),
    "duration": ((str, int), "a duration such as 25 min"),
    "template": ((str,), "a template name"),
    "speaker": ((str,), "text"),
    "section_slides": ((str,), "auto, always or never"),
    "speakers": ((list, str), "a list of names"),
    "start": ((str, int), "a time of day such as 14:00"),
    "show_budgets": ((str,), "agenda, sections or none"),
}


def split_front_matter(text: str, path: str) -> tuple[dict[str, Any], str]:
    """Return (front matter mapping, body) where the body keeps the original line numbers."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}, text
    for end, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            break
    else:
        _refuse_unclosed(lines, path)
        return {}, text  # no closing fence and no key: value lines: a thematic break, not front matter
    raw = "\n".join(lines[1:end])
    meta = _load(raw, path)
    # Blank out the front matter rather than cut it, so Markdown line numbers stay true.
    body = "\n" * (end + 1) + "\n".join(lines[end + 1:])
    _check_types(meta, raw, path)
    if isinstance(meta.get("duration"), int) and not isinstance(meta["duration"], bool):
        # YAML reads `duration: 25:00` as the base-60 integer 1500; keep what the user wrote.
        meta["duration"] = _raw_value(raw, "duration") or str(meta["duration"])
    if isinstance(meta.get("start"), int) and not isinstance(meta["start"], bool):
        meta["start"] = _raw_value(raw, "start") or str(meta["start"])  # `start: 14:00` is base 60 to YAML too
    return meta, body


_YAML_KEY = re.compile(r"^[A-Za-z_][\w-]*:(\s|$)")


def leading_rule_warning(text: str, path: str) -> Diagnostic | None:
    """A first line --- that split_front_matter left to Markdown (never closed, no key: value after it).

    It may be front matter whose author forgot the keys or the closing ---; say how it was read.
    """
    lines = text.split("\n", 200)
    if not lines or lines[0].rstrip() != "---":
        return None
    if any(line.rstrip() in ("---", "...") for line in text.split("\n")[1:]):
        return None  # closed: front matter (or an error about it)
    return Diagnostic("the --- on the first line is read as a horizontal rule, not as front matter: front "
                      "matter is key: value lines between two --- lines", Span(path, 1))


def _refuse_unclosed(lines: list[str], path: str) -> None:
    """An opening --- followed by key: value lines is front matter whose closing --- is missing."""
    following = next((line for line in lines[1:] if line.strip()), "")
    if _YAML_KEY.match(following):
        raise ConfdeckError("front matter opened here is never closed (expected a line --- after its "
                            "key: value lines)", Span(path, 1))


MAX_VALUES = 10_000  # front matter is a handful of keys; more means an alias bomb


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """How many values the node stands for once every alias is expanded (memoised: aliases share nodes)."""
    key = id(node)
    if key not in sizes:
        sizes[key] = MAX_VALUES + 1  # a node that contains itself expands forever
        if isinstance(node, yaml.SequenceNode):
            total = 1 + sum(_expanded_size(child, sizes) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total = 1 + sum(_expanded_size(k, sizes) + _expanded_size(v, sizes) for k, v in node.value)
        else:
            total = 1
        sizes[key] = min(total, MAX_VALUES + 1)
    return sizes[key]


def _tag_problem(exc: yaml.constructor.ConstructorError) -> str:
    tag = re.search(r"tag '([^']*)'", str(exc.problem))
    name = tag.group(1).replace("tag:yaml.org,2002:", "!!") if tag else "?"
    return (f"front matter uses the YAML tag {name!r}, which confdeck never runs "
            "(expected plain values: text, numbers, dates, lists)")


def _load(raw: str, path: str) -> dict[str, Any]:
    try:
        node = yaml.compose(raw, Loader=yaml.SafeLoader)
        if node is not None and _expanded_size(node, {}) > MAX_VALUES:
            raise ConfdeckError(f"front matter expands to more than {MAX_VALUES:,} values through YAML aliases "
                                "(expected a few keys; an alias bomb?)", Span(path, 2))
        data = yaml.safe_load(raw)
    except RecursionError:
        raise ConfdeckError("front matter is nested too deeply (expected a few keys)", Span(path, 2)) from None
    except yaml.constructor.ConstructorError as exc:
        line = exc.problem_mark.line + 2 if exc.problem_mark else 2
        raise ConfdeckError(_tag_problem(exc), Span(path, line)) from None
    except yaml.MarkedYAMLError as exc:
        from confdeck.yaml_errors import yaml_problem

        message, line = yaml_problem(exc, raw)
        message = message.replace("not valid YAML", "front matter is not valid YAML") \
            if message.startswith("not valid YAML") else f"front matter: {message}"
        raise ConfdeckError(message, Span(path, line + 2 if line is not None else 1)) from None
    except yaml.YAMLError as exc:
        raise ConfdeckError(f"front matter is not valid YAML: {exc}", Span(path, 1)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfdeckError(f"front matter is a {_kind(data)}, not a mapping (expected key: value lines)", Span(path, 2))
    return data


def _kind(data: Any) -> str:
    return {list: "list", str: "text", int: "number", float: "number", bool: "yes/no value"}.get(type(data), "value")


def _key_line(raw: str, key: str) -> int:
    for number, line in enumerate(raw.split("\n"), start=2):
        if line.startswith(f"{key}:"):
            return number
    return 2


def _raw_value(raw: str, key: str) -> str | None:
    """The text after `key:` on its line, without a trailing comment."""
    for line in raw.split("\n"):
        if line.startswith(f"{key}:"):
            return line[len(key) + 1:].split(" #", 1)[0].strip() or None
    return None


def _check_types(meta: dict[str, Any], raw: str, path: str) -> None:
    problems = []
    for key, (types, expected) in KNOWN_KEYS.items():
        if key in meta and meta[key] is not None and not isinstance(meta[key], types) or isinstance(meta.get(key), bool):
            got = type(meta[key]).__name__
            problems.append(Diagnostic(f"{key}: expected {expected}, got {got} {meta[key]!r}",
                                       Span(path, _key_line(raw, key)), "error"))
    if problems:
        raise ConfdeckError(problems[0].message, problems[0].span, problems)
