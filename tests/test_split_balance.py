"""Page breaks that read well: a lead-in ending in ":" stays with what it introduces, and no
continuation page holds a scrap (less than about a fifth of a page) when the content could be spread."""
from __future__ import annotations

from confdeck.geometry import DEFAULT
from confdeck.model import BulletList, ListItem, Paragraph, Run, plain_text
from confdeck.plan.heights import Heights
from confdeck.plan.measure import Fonts
from confdeck.plan.paginate import HEIGHT_SLACK_PT, split_blocks

LIMIT = DEFAULT.body_height_in * 72 - HEIGHT_SLACK_PT


def fillers(count: int) -> BulletList:
    return BulletList([ListItem([Run(f"finding {n}: the build got faster")]) for n in range(1, count + 1)])


def page_height(page, heights: Heights) -> float:
    width = DEFAULT.body_width_in
    return sum(heights.block_height(block, width) + (heights.gap_before(block) if index else 0.0)
               for index, block in enumerate(page))


def test_a_lead_in_ending_in_a_colon_stays_with_its_list():
    lead_in = "Here is what we changed after the outage:"
    seen_a_break = False
    for count in range(1, 30):
        blocks = [fillers(count), Paragraph([Run(lead_in)]),
                  BulletList([ListItem([Run(f"change {n}")]) for n in range(1, 4)])]
        pages = split_blocks(blocks, DEFAULT, Fonts())
        seen_a_break |= len(pages) > 1
        for page in pages:
            last = page[-1]
            assert not (isinstance(last, Paragraph) and plain_text(last.runs) == lead_in), \
                f"{count} fillers: the lead-in ends a page, its list is on the next"
        # Nothing is lost: every filler, the lead-in and the three changes, in order.
        texts = [plain_text(item.runs) if isinstance(block, BulletList) else plain_text(block.runs)
                 for page in pages for block in page
                 for item in (block.items if isinstance(block, BulletList) else [block])]
        assert texts == [f"finding {n}: the build got faster" for n in range(1, count + 1)] \
            + [lead_in, "change 1", "change 2", "change 3"]
    assert seen_a_break


def test_no_continuation_page_holds_a_scrap():
    heights = Heights(DEFAULT, Fonts())
    closing = "One short closing sentence."
    checked = 0
    for count in range(10, 40):
        blocks = [fillers(count), Paragraph([Run(closing)])]
        pages = split_blocks(blocks, DEFAULT, Fonts())
        if len(pages) < 2:
            continue
        checked += 1
        for page in pages:
            assert page_height(page, heights) <= LIMIT + 0.01
        assert page_height(pages[-1], heights) >= LIMIT / 5, \
            f"{count} fillers: the last of {len(pages)} pages holds {[type(b).__name__ for b in pages[-1]]}"
        last = pages[-1][-1]
        assert isinstance(last, Paragraph) and plain_text(last.runs) == closing
    assert checked >= 10
