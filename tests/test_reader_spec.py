"""Spec-style reader tests: tests/spec/reader.yaml lists Markdown and the model expected from it."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from confdeck.model import (
    BulletList, Callout, CodeBlock, Image, Paragraph, Quote, RawHtml, SubHeading, Table, plain_text,
)
from confdeck.read.markdown import read_markdown

# reader.yaml: the two outline styles; dialects.yaml: notes as other tools write them (issue 14).
CASES = [case for name in ("reader.yaml", "dialects.yaml")
         for case in yaml.safe_load((Path(__file__).parent / "spec" / name).read_text(encoding="utf-8"))]


def describe_runs(runs) -> list:
    """Runs as [text, style…] lists, for the cases that check formatting."""
    return [[run.text, *[name for name in ("bold", "italic", "code", "strike", "highlight") if getattr(run, name)]]
            + ([f"href={run.href}"] if run.href else []) for run in runs]


def describe_block(block) -> dict:
    if isinstance(block, BulletList):
        return {"bullets": [[item.level, plain_text(item.runs)] for item in block.items]}
    if isinstance(block, Paragraph):
        return {"paragraph": plain_text(block.runs), "runs": describe_runs(block.runs)}
    if isinstance(block, SubHeading):
        return {"subheading": plain_text(block.runs)}
    if isinstance(block, CodeBlock):
        return {"code": block.code, "language": block.language}
    if isinstance(block, Table):
        return {"table": [[plain_text(cell) for cell in row] for row in [block.header, *block.rows]]}
    if isinstance(block, Quote):
        return {"quote": [plain_text(p) for p in block.paragraphs], "quote_runs": [describe_runs(p) for p in block.paragraphs]}
    if isinstance(block, Callout):
        return {"callout": block.kind, "title": plain_text(block.title),
                "body": [plain_text(p) for p in block.paragraphs], "body_runs": [describe_runs(p) for p in block.paragraphs]}
    if isinstance(block, Image):
        return {"image": block.src, "alt": block.alt, "width": block.width, "height": block.height,
                "caption": block.caption}
    if isinstance(block, RawHtml):
        return {"html": block.html}
    raise AssertionError(f"unexpected block {block!r}")


def describe(deck) -> dict:
    return {
        "title": deck.title, "subtitle": deck.subtitle, "author": deck.author,
        "logo": deck.logo.src if deck.logo else None, "title_notes": deck.title_notes,
        "meta_tags": deck.meta.get("tags"), "tags": deck.tags, "style": deck.style,
        "warnings": [str(d) for d in deck.diagnostics],
        "sections": [{
            "title": section.title, "budget": section.budget_seconds, "total": section.stated_end_seconds,
            "header": section.header,
            "slides": [{"title": slide.title, "kind": slide.kind, "notes": slide.notes,
                        "blocks": [describe_block(b) for b in slide.blocks]} for slide in section.slides],
        } for section in deck.sections],
    }


def assert_matches(actual, expected, where="deck"):
    """Compare only what the spec gives; lists must match in length and order."""
    if isinstance(expected, dict):
        for key, value in expected.items():
            assert key in actual, f"{where}: no key {key}"
            assert_matches(actual[key], value, f"{where}.{key}")
    elif isinstance(expected, list) and expected and isinstance(expected[0], dict):
        assert len(actual) == len(expected), f"{where}: {len(actual)} items, expected {len(expected)}: {actual}"
        for index, (a, e) in enumerate(zip(actual, expected)):
            assert_matches(a, e, f"{where}[{index}]")
    else:
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_reader_spec(case):
    deck = read_markdown(case["markdown"], "notes/spec.md")
    assert_matches(describe(deck), case["expected"])


def test_every_node_has_its_source_line():
    text = "# T\n\n- One (~2 mins)\n  - a\n\n![Pic](x.png)\n\n- Two\n  - b\n"
    deck = read_markdown(text, "notes/t.md")
    assert [section.span.line for section in deck.sections] == [3, 8]
    image_slide = deck.sections[0].slides[1]
    assert str(image_slide.span) == "notes/t.md:6"
    assert deck.sections[1].slides[0].blocks[0].items[0].span.line == 9


def test_links_keep_their_targets():
    deck = read_markdown("# T\n\n## S\n\n- see [the docs](https://docs.example.org) and <https://x.org>\n", "n.md")
    runs = deck.sections[0].slides[0].blocks[0].items[0].runs
    assert [(run.text, run.href) for run in runs if run.href] == [
        ("the docs", "https://docs.example.org"), ("https://x.org", "https://x.org")]


def test_front_matter_key_with_wrong_type_is_an_error_with_its_line():
    from confdeck.errors import ConfdeckError

    with pytest.raises(ConfdeckError) as caught:
        read_markdown("---\ntags: [a]\ntitle: [not, text]\n---\n# T\n\n- a\n", "notes/bad.md")
    assert str(caught.value.problems[0]) == "notes/bad.md:3: title: expected text, got list ['not', 'text']"
