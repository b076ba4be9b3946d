"""Measuring every script with the font that draws it, and pictures that keep their size (issue 15).

CJK widths hold for Noto Sans CJK (fonts-noto-cjk), the font fontconfig falls back to here.
"""
from __future__ import annotations

import pytest

from conftest import need_font
from confdeck.geometry import DEFAULT
from confdeck.model import Image, Paragraph, Run, Table
from confdeck.plan.heights import Heights
from confdeck.plan.measure import Fonts, chunks_of, count_lines, text_width, wrap
from confdeck.plan.paginate import split_blocks
from confdeck.plan.placement import fit_beside_text, layout


@pytest.fixture
def noto_cjk():
    need_font("Noto Sans CJK JP", "fonts-noto-cjk")


def test_chinese_is_measured_with_the_fallback_font_one_em_a_character(noto_cjk):
    # Carlito has no Chinese: its missing-glyph box is half an em; Noto Sans CJK draws each at 1 em.
    assert text_width("中文表格", 20, "Calibri") == pytest.approx(80.0, abs=0.5)
    assert text_width("参会人数", 20, "Courier New", monospace=True) == pytest.approx(80.0, abs=0.5)
    # Latin text keeps its own font's widths.
    assert text_width("Calibri", 20, "Calibri") < 70


def test_lines_break_between_cjk_characters_and_keep_punctuation_on_the_right_side(noto_cjk):
    assert chunks_of("今年の「発表」では、PostgreSQL 16 と") == \
        ["今", "年", "の", "「発", "表」", "で", "は、", "PostgreSQL", "16", "と"]
    text = "今年のカンファレンスでは、大規模なシステムを少しずつ移行していく方法について多くの発表がありました。"
    starts = wrap([Run(text)], 20, 20 * 16 + 1, Fonts())   # room for 16 characters a line
    lines = [text[a.offset:b.offset] for a, b in zip(starts, [*starts[1:], type(starts[0])(0, len(text))])]
    assert [len(line) for line in lines[:-1]] == [16, 16, 16]
    assert all(not line.startswith(("、", "。")) for line in lines)
    assert "".join(lines) == text


def test_latin_and_asian_text_leave_room_for_libreoffice_autospace(noto_cjk):
    # LibreOffice puts about a quarter em where Asian and Latin text meet: counted, so no line runs over.
    mixed = text_width("PostgreSQL と Flink", 20, "Calibri")
    parts = sum(text_width(word, 20, "Calibri") for word in ("PostgreSQL", "と", "Flink")) \
        + 2 * text_width(" ", 20, "Calibri")
    assert mixed == pytest.approx(parts + 2 * 0.25 * 20, abs=0.5)


def test_a_chinese_table_gets_rows_as_tall_as_its_wrapped_cells(noto_cjk):
    heights = Heights(DEFAULT)
    cell = "云原生架构、服务网格以及在大规模生产环境中逐步迁移旧系统的实践经验" * 2
    table = Table([[Run("城市")], [Run("主要话题")]], [[[Run("北京")], [Run(cell)]]])
    widths = heights.column_widths(table, 6.0)
    inner = (widths[1] - 2 * DEFAULT.cell_pad_x_pt / 72) * 72
    per_line = int(inner * 0.99 // DEFAULT.table_pt)
    lines = -(-len(cell) // per_line)
    row = heights.row_height(table.rows[0], widths)
    assert row == pytest.approx(lines * DEFAULT.line_pt(DEFAULT.table_pt) + 2 * DEFAULT.cell_pad_y_pt, abs=0.01)
    assert count_lines([Run(cell)], DEFAULT.table_pt, inner * 0.99, Fonts()) == lines


def test_three_photos_beside_text_get_a_page_of_their_own():
    paragraphs = [Paragraph([Run("The hall kept the old rails in the floor.")]),
                  Paragraph([Run("Most talks were recorded.")])]
    photos = [Image(f"photo{n}.jpg") for n in (1, 2, 3)]
    pages = split_blocks([*paragraphs, *photos], DEFAULT)
    assert pages == [paragraphs, photos]
    _, boxes = layout(pages[1], DEFAULT)
    body = DEFAULT.body_rect
    assert all(box.width >= body.width / 4 and box.height >= body.height * 0.99 for box in boxes)
    # Two photos still keep half the body height beside the text: they stay on the text's page.
    assert fit_beside_text(2, DEFAULT) and not fit_beside_text(3, DEFAULT)
    assert split_blocks([*paragraphs, *photos[:2]], DEFAULT) == [[*paragraphs, *photos[:2]]]
    text_box, boxes = layout([*paragraphs, *photos[:2]], DEFAULT)
    assert all(box.height >= body.height / 3 and box.width >= body.width / 3 for box in boxes)
