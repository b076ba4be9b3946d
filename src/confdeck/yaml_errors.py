"""PyYAML's syntax errors in plain words, at the line where the mistake most likely is."""
from __future__ import annotations


def yaml_problem(exc, text: str) -> tuple[str, int | None]:
    """(what is wrong in plain words, 0-based line of the mistake in `text`) for a PyYAML MarkedYAMLError."""
    problem = str(getattr(exc, "problem", "") or exc)
    context = str(getattr(exc, "context", "") or "")
    mark, context_mark = getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)
    line = mark.line if mark is not None else None
    lines = text.split("\n")
    if "expected <block end>" in problem:
        return ("this line is indented differently from the lines above it (keys of one mapping line up "
                "under each other; indent each level with the same number of spaces)"), line
    if "'\\t'" in problem or "\t" in problem:
        return "a tab character: indent with spaces, not tabs", line
    if "mapping values are not allowed" in problem and line is not None:
        before = line - 1
        while before >= 0 and not lines[before].strip():
            before -= 1
        if before >= 0 and ":" not in lines[before]:
            return "this key has no colon after it (expected key: value)", before
        return ("a colon inside a value (put the value in quotes, \"like: this\") or a key missing its "
                "colon on the line above"), line
    if "flow sequence" in context or "flow mapping" in context:
        closing = "]" if "sequence" in context else "}"
        opened = context_mark.line if context_mark is not None else line
        return f"the list opened here with {'[' if closing == ']' else '{'} is never closed with {closing}", opened
    if "<stream end>" in problem:
        opened = _unclosed_bracket(lines)
        if opened is not None:
            bracket, at = opened
            return f"the list opened here with {bracket} is never closed with {']' if bracket == '[' else '}'}", at
    if "quoted scalar" in context:
        opened = context_mark.line if context_mark is not None else line
        return "the quote opened here is never closed", opened
    if "expected alphabetic or numeric character" in problem or "found undefined alias" in problem:
        return "an alias or anchor (*name, &name) that confdeck cannot read: quote values starting with * or &", line
    return f"not valid YAML: {problem}", line


def _unclosed_bracket(lines: list[str]) -> tuple[str, int] | None:
    """The last [ or { still open at the end of the text, and its line (quotes and comments skipped)."""
    open_at: list[tuple[str, int]] = []
    for number, line in enumerate(lines):
        quote = None
        for char in line:
            if quote:
                quote = None if char == quote else quote
            elif char in "\"'":
                quote = char
            elif char == "#":
                break
            elif char in "[{":
                open_at.append((char, number))
            elif char in "]}" and open_at:
                open_at.pop()
    return open_at[-1] if open_at else None
