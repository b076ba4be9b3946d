"""Synthetic conference notes of a given size, for the build-speed benchmark.

Heading notes: `## Section (~N mins)` every ten slides, `### Slide` with five
bullets carrying inline formatting (bold, italic, code, links, strike-through)
and a `Note:` paragraph that becomes the speaker notes.
"""
from __future__ import annotations

import argparse
from pathlib import Path

SLIDES_PER_SECTION = 10
BULLETS_PER_SLIDE = 5

_BULLETS = [
    "Talk {n}: **bold claim** about *typed* Python and `asyncio` in production",
    "See [the slides](https://example.org/talks/{n}) and ~~an old~~ a newer approach",
    "Measured {n} requests/s with *uvloop* and **HTTP/2** on a `2-core` box",
    "Question from the floor: why not just use `multiprocessing`? Answer: *memory*",
    "Take-away {n}: keep the **hot path** small and profile before optimising",
]


def notes_markdown(slides: int, title: str | None = None) -> str:
    """The Markdown of a deck with `slides` content slides."""
    lines = ["---", f"title: {title or f'Benchmark deck, {slides} slides'}",
             "author: confdeck benchmark", "date: 2026-01-01", "---", ""]
    for index in range(slides):
        if index % SLIDES_PER_SECTION == 0:
            section = index // SLIDES_PER_SECTION + 1
            lines += [f"## Section {section}: what we learned (~{3 + section % 5} mins)", ""]
        lines += [f"### Slide {index + 1}: findings from talk {index + 1}", ""]
        lines += ["- " + bullet.format(n=index + 1) for bullet in _BULLETS[:BULLETS_PER_SLIDE]]
        lines += ["", f"Note: Speaker notes for slide {index + 1}. Mention the demo and "
                  f"the numbers; leave time for questions.", ""]
    return "\n".join(lines)


def write_deck(directory: Path, slides: int) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"bench{slides}.md"
    path.write_text(notes_markdown(slides), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slides", type=int, nargs="+")
    parser.add_argument("-o", "--outdir", type=Path, default=Path("benchmarks/decks"))
    args = parser.parse_args()
    for count in args.slides:
        print(write_deck(args.outdir, count))


if __name__ == "__main__":
    main()
