"""Each Markdown seed in notes/ builds in both formats with every bullet's text present."""
from __future__ import annotations

import re
from html import unescape

import pytest

from confdeck.model import BulletList, plain_text
from confdeck.read import read_notes
from conftest import NOTES, pptx_slides

MARKDOWN_SEEDS = ["pwc2020.md", "pyconweb2024.md", "pyconweb2019.md"]


def visible_html_text(html: str) -> str:
    """Text of the slides: inline tags vanish, block tags separate words."""
    inline = re.sub(r"</?(a|strong|em|code|del|span)\b[^>]*>", "", html)
    return squash(unescape(re.sub(r"<[^>]+>", " ", inline)))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("name", MARKDOWN_SEEDS)
def test_seed_builds_with_every_bullet(name, built):
    out = built(NOTES / name)
    stem = name.rsplit(".", 1)[0]
    slides = pptx_slides(out / f"{stem}.pptx")
    html = (out / f"{stem}.html").read_text(encoding="utf-8")
    pptx_text = squash(" ".join(text for slide in slides for text, _ in slide["paragraphs"]))
    html_text = visible_html_text(html)
    deck = read_notes(NOTES / name)
    bullets = [squash(plain_text(item.runs)) for section in deck.sections for slide in section.slides
               for block in slide.blocks if isinstance(block, BulletList) for item in block.items]
    assert len(bullets) > 10
    for bullet in bullets:
        assert bullet in pptx_text, f"pptx lacks: {bullet}"
        assert bullet in html_text, f"html lacks: {bullet}"
    assert html.count("<section") == len(slides)


def test_pyconweb2024_sections_per_talk_and_table(built):
    out = built(NOTES / "pyconweb2024.md")
    slides = pptx_slides(out / "pyconweb2024.pptx")
    titles = [slide["title"] for slide in slides]
    for talk in ["Talk 1: Ines Montani > Spacy", "Talk 3: UUID", "Talk 5: Django as an AI Orchestrator",
                 "Talk 7: From 25 Microservices to 1 async Modulith"]:
        assert talk in titles
    tables = [table for slide in slides for table in slide["tables"]]
    assert tables == [[["human-facing system", "machine-facing models"], ["chatGPT Google", "Chatgpt4 Gemini"],
                       ["UI/UX, customization", "speed, cost accuracy latency"], ["??", "??"]]]
    talk5 = [s for s in slides if s["title"] == "Talk 5: Django as an AI Orchestrator"]
    assert any("https://www.pyconweb.com/activity/django-as-an-ai-orchestrator" in s["links"] for s in talk5)
