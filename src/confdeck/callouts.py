"""How an Obsidian callout looks by its type: one icon and one colour per family of type names."""
from __future__ import annotations

# family → (icon, colour). Icons are plain symbols most fonts have (DejaVu, Segoe UI Symbol), not colour
# emoji a machine may lack; the colours are Obsidian's hues, dark enough for text on a light slide.
FAMILIES = {
    "note": ("✎", "#086DDD"),
    "abstract": ("☰", "#00A3A3"),
    "info": ("ℹ", "#086DDD"),
    "todo": ("☑", "#086DDD"),
    "tip": ("★", "#00A3A3"),
    "success": ("✔", "#08A34C"),
    "question": ("?", "#C46A00"),
    "warning": ("⚠", "#C46A00"),
    "failure": ("✘", "#D2232A"),
    "danger": ("⚡", "#D2232A"),
    "bug": ("✱", "#D2232A"),
    "example": ("☰", "#7852EE"),
    "quote": ("❝", "#6B6B6B"),
}
# Obsidian's other names for the same families.
ALIASES = {
    "summary": "abstract", "tldr": "abstract", "hint": "tip", "important": "tip", "check": "success",
    "done": "success", "help": "question", "faq": "question", "caution": "warning", "attention": "warning",
    "fail": "failure", "missing": "failure", "error": "danger", "cite": "quote",
}


def callout_family(kind: str) -> str:
    """The family of a callout type; an unknown type looks like a note, as in Obsidian."""
    kind = kind.lower()
    kind = ALIASES.get(kind, kind)
    return kind if kind in FAMILIES else "note"


def callout_icon(kind: str) -> str:
    return FAMILIES[callout_family(kind)][0]


def callout_color(kind: str) -> str:
    return FAMILIES[callout_family(kind)][1]


def callout_title_runs(block) -> list:
    """A callout's first line as both renderers draw it: its type's icon, then its title."""
    from confdeck.model import Run

    return [Run(callout_icon(block.kind) + " "), *block.title]
