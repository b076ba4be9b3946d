"""The plan's fast paths give exactly what the slow paths they skip would give.

Each shortcut has a fallback: the clean_text scan (else the walk), the one-line answer of
the wrap (else the greedy loop), the one-page answer of the pager (else run()). These
tests run both sides on inputs that take the fallback and inputs that take the shortcut.
"""
from __future__ import annotations

import dataclasses
import importlib
import math
import random
from pathlib import Path

import pytest

from confdeck.geometry import DEFAULT
from confdeck.model import BulletList, CodeBlock, ListItem, Paragraph, PlannedDeck, Quote, Run, SubHeading
from confdeck.plan import PlanOptions, plan_deck
from confdeck.plan.clean_scan import is_clean
from confdeck.plan.heights import Heights
from confdeck.plan.measure import Fonts, Position, _line_starts, _table, count_lines, wrap
from confdeck.plan.paginate import HEIGHT_SLACK_PT, _Pager
from confdeck.plan.placement import text_width_in
from confdeck.read import read_notes

# The modules (confdeck.plan exports passes of the same names).
clean_module = importlib.import_module("confdeck.plan.clean_text")
paginate_module = importlib.import_module("confdeck.plan.paginate")

ROOT = Path(__file__).resolve().parents[1]
FONTS = Fonts()
RICH_NOTES = """---
title: Rich talk
author: Ana
date: 2026-01-01
duration: 20 min
extra:
  tags: [one, two]
  nested: {key: value, list: [a, {deep: text}]}
---

# Rich talk

## Part one (~5 mins)

### Lists

- plain bullet with **bold**, *italic*, `code` and [a link](https://example.com/x)
  - nested <https://example.org/a/very/long/address/that/gets/a/short/label/in/the/slides>
1. numbered
   - [ ] task
   - [x] done

#### A sub-heading

> a quote
>
> in two paragraphs

### Code and tables

```python
print("hello")
```

| head | other |
|---|---|
| cell | **bold cell** |

- notes: what to say here

## Part two

### Picture

![A diagram](pics/diagram.png)

Closing paragraph.
"""


def _read(tmp_path: Path, text: str):
    notes = tmp_path / "talk.md"
    notes.write_text(text, encoding="utf-8")
    return read_notes(notes)


def _text_places(root):
    """(holder, key) of every text the clean_text walk visits: dataclass fields but spans, list items, dict keys and values."""
    places, seen, stack = [], set(), [root]
    while stack:
        value = stack.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, list):
            entries = list(enumerate(value))
        elif isinstance(value, dict):
            entries = list(value.items())
            places += [(value, ("key", key)) for key in value if isinstance(key, str)]
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            entries = [(field.name, getattr(value, field.name)) for field in dataclasses.fields(value)
                       if field.name != "span"]
        else:
            continue
        for key, item in entries:
            if isinstance(item, str):
                places.append((value, key))
            else:
                stack.append(item)
    return places


def _get(holder, key):
    return holder[key] if isinstance(holder, (list, dict)) else getattr(holder, key)


def _set(holder, key, text):
    if isinstance(holder, (list, dict)):
        holder[key] = text
    else:
        object.__setattr__(holder, key, text)


@pytest.mark.parametrize("bad", ["\x01", "\x7f", "\ufffe", "\ud800", "\r"])
def test_the_clean_scan_sees_a_bad_character_in_every_text_the_walk_cleans(tmp_path, bad):
    deck = _read(tmp_path, RICH_NOTES)
    places = _text_places(deck)
    assert len(places) >= 50  # titles, runs, links, notes, code, cells, alt text, front matter
    assert any(isinstance(holder, dict) for holder, _ in places)  # the front matter's nested values too
    assert is_clean(deck, clean_module._BAD)
    for holder, key in places:
        if isinstance(key, tuple):  # a dict key: rename it
            original = key[1]
            value = holder.pop(original)
            holder[original + bad] = value
            assert not is_clean(deck, clean_module._BAD), f"key {original!r}"
            del holder[original + bad]
            holder[original] = value
            continue
        original = _get(holder, key)
        _set(holder, key, original + bad)
        assert not is_clean(deck, clean_module._BAD), f"{type(holder).__name__}.{key} = {original!r}"
        _set(holder, key, original)
    assert is_clean(deck, clean_module._BAD)


def test_clean_text_gives_the_same_deck_and_warnings_with_and_without_the_scan(tmp_path, monkeypatch):
    bad = "\x01\x0b\x85\ufffe"
    texts = [RICH_NOTES, RICH_NOTES.replace("plain bullet", f"plain{bad} bullet").replace("Closing", "Clo\x1bsing")
             .replace("{key: value,", '{key: "va\\x02lue",').replace("print(", "pr\x7fint(") + "\ntext &#1; &#xFFFF; end\n"]
    for text in texts:
        fast = plan_deck(_read(tmp_path, text))
        with monkeypatch.context() as patched:
            patched.setattr(clean_module, "is_clean", lambda root, bad: False)  # always walk
            walked = plan_deck(_read(tmp_path, text))
        assert fast == walked
        assert [str(d) for d in fast.diagnostics] == [str(d) for d in walked.diagnostics]
    assert any("removed control characters" in str(d) for d in fast.diagnostics)
    first_bullet = fast.deck.sections[0].slides[0].blocks[0].items[0].runs[0].text
    assert first_bullet == "plain   bullet with "  # \x01 and U+FFFE dropped, \x0b and \x85 became spaces


def test_the_one_line_answer_matches_the_greedy_wrap_on_either_side_of_the_width():
    cases = [
        [Run("Talk 1: "), Run("bold claim", bold=True), Run(" about "), Run("asyncio", code=True), Run(" today")],
        [Run("one"), Run("word", italic=True), Run("  spaced   out  ")],
        [Run("https://example.org/" + "a" * 120)],  # wider than any line
        [Run("a hard\nbreak"), Run(" and more")],
        [Run("")],
        [],
    ]
    for runs in cases:
        natural = sum(_table(*FONTS.file(run)).total(run.text) for run in runs) * 24
        widths = [natural * factor for factor in (0.5, 1 - 1e-6, 1 - 1e-12, 1, 1 + 1e-12, 1 + 1e-6, 2)
                  if natural * factor != float("inf")] + [300.0, 1000.0]
        for width in widths:
            greedy = _line_starts(runs, 24, width, FONTS, False, False)
            assert count_lines(runs, 24, width, FONTS) == len(greedy), (runs, width)
            assert wrap(runs, 24, width, FONTS) == [Position(*start) for start in greedy], (runs, width)
    # Both sides are taken: one line just above the natural width, more just below it.
    runs = cases[0]
    natural = sum(_table(*FONTS.file(run)).total(run.text) for run in runs) * 24
    assert count_lines(runs, 24, natural * (1 + 1e-6), FONTS) == 1
    assert count_lines(runs, 24, natural * (1 - 1e-6), FONTS) == 2


def test_list_height_is_the_sum_of_item_heights_and_gaps():
    heights = Heights(DEFAULT, FONTS)
    items = [ListItem([Run("first point with some words " * 3)]), ListItem([Run("sub")], level=1, ordered=True),
             ListItem([Run("deeper " * 20)], level=2), ListItem([Run("second")], ordered=True),
             ListItem([Run("sub"), Run(" bold", bold=True)], level=1)]
    for width in (4.0, 7.5, 11.0):
        expected = [heights.item_height(item, width, left)
                    for item, (left, _) in zip(items, heights.list_indents(items))]
        assert heights.list_height(items, width) == sum(expected) + DEFAULT.paragraph_gap_pt * (len(items) - 1)


def _random_blocks(rng: random.Random) -> list:
    words = ["alpha", "beta", "gamma", "delta", "asyncio", "https://example.org/x", "W" * 30]
    def runs():
        return [Run(" ".join(rng.choice(words) for _ in range(rng.randint(1, 25))), bold=rng.random() < 0.2)]
    blocks = []
    for _ in range(rng.randint(1, 4)):
        kind = rng.random()
        if kind < 0.6:
            level, items = 0, []
            for _ in range(rng.randint(0, 12)):
                level = max(0, min(level + rng.choice([-1, 0, 0, 1]), 3))
                items.append(ListItem(runs(), level, ordered=rng.random() < 0.3))
            blocks.append(BulletList(items))
        elif kind < 0.85:
            blocks.append(Paragraph(runs()))
        elif kind < 0.9:
            blocks.append(SubHeading(runs()))
        elif kind < 0.95:
            blocks.append(Quote([runs(), runs()]))
        else:
            blocks.append(CodeBlock("\n".join("x = 1" for _ in range(rng.randint(1, 30)))))
    if rng.random() < 0.05 and blocks:
        blocks.append(blocks[0])  # the same block twice
    return blocks


def _pages(blocks, one_page: bool):
    limit = DEFAULT.body_height_in * 72 - HEIGHT_SLACK_PT
    pager = _Pager(Heights(DEFAULT, FONTS), text_width_in(DEFAULT, False), text_width_in(DEFAULT, False), limit)
    if not one_page:
        pager.one_page = lambda blocks: None
    return pager.run(blocks), pager.oversized


def test_the_one_page_answer_gives_the_pages_run_makes():
    rng = random.Random(8)
    taken = {True: 0, False: 0}
    for _ in range(400):
        blocks = _random_blocks(rng)
        fast, slow = _pages(blocks, True), _pages(blocks, False)
        assert fast == slow, blocks
        limit = DEFAULT.body_height_in * 72 - HEIGHT_SLACK_PT
        pager = _Pager(Heights(DEFAULT, FONTS), text_width_in(DEFAULT, False), text_width_in(DEFAULT, False), limit)
        taken[pager.one_page(blocks) is not None] += 1
    # Both the shortcut and run() were exercised (how often each depends on the font's metrics).
    assert taken[True] > 20 and taken[False] > 20


def test_one_page_keeps_lists_that_exactly_fill_the_page_and_splits_one_more_bullet():
    heights = Heights(DEFAULT, FONTS)
    width = text_width_in(DEFAULT, False)
    limit = DEFAULT.body_height_in * 72 - HEIGHT_SLACK_PT
    count = 1
    while heights.list_height([ListItem([Run(f"point {i}")]) for i in range(count + 1)], width) <= limit:
        count += 1
    for n in (count - 1, count, count + 1):
        blocks = [BulletList([ListItem([Run(f"point {i}")]) for i in range(n)])]
        fast, slow = _pages(blocks, True), _pages(blocks, False)
        assert fast == slow
        assert len(fast[0]) == (1 if n <= count else 2)


def test_planning_with_and_without_the_shortcuts_gives_the_same_deck(tmp_path, monkeypatch):
    """pwc2020 and the rich notes, on both slide sizes: the whole plan, shortcuts off and on."""
    measure = importlib.import_module("confdeck.plan.measure")
    narrow = DEFAULT.scaled_to(10.0, 7.5)
    for notes, geometry in [(ROOT / "notes" / "pwc2020.md", DEFAULT), (ROOT / "notes" / "pwc2020.md", narrow),
                            (None, DEFAULT)]:
        deck = read_notes(notes) if notes else _read(tmp_path, RICH_NOTES)
        options = PlanOptions(geometry=geometry)
        fast = plan_deck(deck, options)
        with monkeypatch.context() as patched:
            patched.setattr(clean_module, "is_clean", lambda root, bad: False)
            patched.setattr(measure, "_fits_one_line", lambda *args: False)
            patched.setattr(paginate_module._Pager, "one_page", lambda self, blocks: None)
            measure._LINE_COUNTS.clear()
            slow = plan_deck(read_notes(notes) if notes else _read(tmp_path, RICH_NOTES), options)
        measure._LINE_COUNTS.clear()
        assert isinstance(fast, PlannedDeck) and fast == slow
        assert [str(d) for d in fast.diagnostics] == [str(d) for d in slow.diagnostics]


def test_the_over_estimate_of_unmeasured_words_gives_the_measured_line_counts_and_title_sizes(monkeypatch):
    # A line whose words were never measured is first judged on an over-estimate (each character's
    # own width plus a margin); only when that does not fit are its words measured. Fresh font tables
    # each round, so the words are new: line counts and title sizes must be those of measuring.
    from confdeck.look import resolve_look
    from confdeck.plan import measure, titles
    from confdeck.templates import load_template

    rnd = random.Random(8)
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;!?()/&-'\"WMmw"
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 90))) for _ in range(300)]
    texts += ["Slide 1: findings from talk 1", "W" * 40, "Ünïcödé title", "tab\there", "x" * 200,
              "Sharing experiences as a theme (2/2)"]
    runs = [[Run(text[:cut], bold=rnd.random() < 0.3), Run(text[cut:], italic=rnd.random() < 0.3)]
            for text in texts for cut in [rnd.randint(0, len(text))]]
    sizes = [(rnd.choice([18, 20, 24, 28]), rnd.uniform(150, 900)) for _ in runs]
    looks = [resolve_look(load_template(name)) for name in ("default", "nightowl")]
    used = []
    real_upper = measure._FontTable.upper_total

    def spy(table, text):
        upper, exact = real_upper(table, text)
        used.append(not exact)
        return upper, exact

    def answers(over_estimate: bool):
        measure._table.cache_clear()   # new tables: every word unmeasured again
        with monkeypatch.context() as patch:
            patch.setattr(measure._FontTable, "upper_total",
                          spy if over_estimate else lambda table, text: (math.inf, False))
            counts = [count_lines(run_list, size, width, Fonts()) for run_list, (size, width) in zip(runs, sizes)]
            sizes_pt = []
            for look in looks:
                fonts = Fonts.from_config(look.fonts)
                for bold in (True, False):
                    for text in texts:
                        titles.title_fit.cache_clear()
                        sizes_pt.append(titles.title_size(text, look.geometry, fonts, bold))
        return counts, sizes_pt

    fast, slow = answers(True), answers(False)
    assert fast == slow
    assert sum(used) > 300                 # unmeasured words were judged on the over-estimate often
    assert len(set(fast[0])) > 2 and len(set(fast[1])) > 2   # and lines wrap, titles shrink, both ways
    titles.title_fit.cache_clear()
    measure._table.cache_clear()
