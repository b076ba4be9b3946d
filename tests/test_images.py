"""Pictures: orientation, formats PowerPoint cannot take, size, safety, placement in both decks."""
from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image as PILImage
from pptx import Presentation
from pptx.util import Emu

from confdeck.build import BuildOptions, render_deck, write_outputs
from confdeck.geometry import DEFAULT
from confdeck.model import Image
from confdeck.plan.placement import text_width_in
from confdeck.render import images as images_module
from confdeck.render.images import ImageStore

PICTURE = 13  # MSO_SHAPE_TYPE.PICTURE


def save(picture: PILImage.Image, path: Path, fmt: str, **options) -> Path:
    picture.save(path, fmt, **options)
    return path


def load(tmp_path: Path, name: str):
    store = ImageStore(tmp_path)
    return store.load(Image(name, name)), store


def build(tmp_path: Path, markdown: str) -> tuple[Path, object]:
    notes = tmp_path / "talk.md"
    notes.write_text(markdown, encoding="utf-8")
    result = render_deck(notes, BuildOptions(), "talk.md")
    write_outputs(result, notes, tmp_path / "out")
    return tmp_path / "out", result


def test_exif_orientation_is_applied(tmp_path):
    photo = PILImage.new("RGB", (400, 200), "red")
    exif = photo.getexif()
    exif[0x0112] = 6  # shot with the camera turned: shown rotated 90°
    save(photo, tmp_path / "turned.jpg", "JPEG", exif=exif.tobytes())
    loaded, _ = load(tmp_path, "turned.jpg")
    assert (loaded.width, loaded.height, loaded.mime) == (200, 400, "image/jpeg")
    with PILImage.open(io.BytesIO(loaded.data)) as shown:
        assert shown.size == (200, 400)


def test_webp_and_16_bit_png_become_png(tmp_path):
    save(PILImage.new("RGB", (50, 40), "blue"), tmp_path / "web.webp", "WEBP")
    save(PILImage.new("I;16", (30, 20)), tmp_path / "deep.png", "PNG")
    for name, size in (("web.webp", (50, 40)), ("deep.png", (30, 20))):
        loaded, store = load(tmp_path, name)
        assert loaded.mime == "image/png" and loaded.data.startswith(b"\x89PNG")
        assert (loaded.width, loaded.height) == size
        assert store.diagnostics == []


def test_cmyk_jpeg_becomes_rgb(tmp_path):
    save(PILImage.new("CMYK", (60, 60), (0, 255, 255, 0)), tmp_path / "print.jpg", "JPEG")
    loaded, _ = load(tmp_path, "print.jpg")
    with PILImage.open(io.BytesIO(loaded.data)) as shown:
        assert shown.mode == "RGB"
    # Photos stay JPEG: PNG would make them several times larger.
    assert loaded.mime == "image/jpeg"


def test_plain_png_and_jpeg_are_kept_byte_for_byte(tmp_path):
    path = save(PILImage.new("RGBA", (80, 60), (0, 128, 0, 128)), tmp_path / "logo.png", "PNG")
    loaded, _ = load(tmp_path, "logo.png")
    assert loaded.data == path.read_bytes()


def test_images_far_larger_than_the_slide_are_downscaled(tmp_path):
    save(PILImage.new("RGB", (6000, 3000), "white"), tmp_path / "huge.png", "PNG")
    loaded, _ = load(tmp_path, "huge.png")
    # The slide at 150 dpi is 2000×1125 px; the picture is fitted inside that.
    assert (loaded.width, loaded.height) == (2000, 1000)
    with PILImage.open(io.BytesIO(loaded.data)) as shown:
        assert shown.size == (2000, 1000)
    # Up to twice that size the picture is kept as it is.
    save(PILImage.new("RGB", (3000, 1500), "white"), tmp_path / "big.png", "PNG")
    assert load(tmp_path, "big.png")[0].width == 3000


def test_decompression_bombs_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(images_module, "MAX_PIXELS", 10_000)
    save(PILImage.new("L", (200, 200)), tmp_path / "bomb.png", "PNG")
    loaded, store = load(tmp_path, "bomb.png")
    assert loaded is None
    assert [d.message for d in store.diagnostics] == [
        "image skipped, more than 10,000 pixels (too large to decode safely): bomb.png"]
    assert store.problem(Image("bomb.png")) == "Image too large to decode safely"


def test_files_are_checked_by_content_not_extension(tmp_path):
    (tmp_path / "notes.png").write_text("this is not a picture", encoding="utf-8")
    loaded, store = load(tmp_path, "notes.png")
    assert loaded is None
    assert [str(d) for d in store.diagnostics] == ["image skipped, not an image: notes.png"]
    save(PILImage.new("RGB", (10, 10)), tmp_path / "really-a-png.jpg", "PNG")
    loaded, _ = load(tmp_path, "really-a-png.jpg")
    assert loaded.mime == "image/png"


def test_svg_without_a_converter_is_a_placeholder_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.setattr(images_module.shutil, "which", lambda name: None)
    monkeypatch.setitem(sys.modules, "cairosvg", None)  # import fails as if not installed
    (tmp_path / "drawing.svg").write_text(
        '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8")
    out, result = build(tmp_path, "# Talk\n\n## Part\n\n### Diagram\n\n![Diagram](drawing.svg)\n")
    assert [str(d) for d in result.diagnostics if "SVG" in d.message] == [
        "talk.md:7: SVG image shown as a placeholder, no SVG converter installed "
        "(rsvg-convert from librsvg2-bin, or the cairosvg package): drawing.svg"]
    slide = next(s for s in Presentation(str(out / "talk.pptx")).slides if s.shapes.title.text_frame.text == "Diagram")
    placeholder = next(shape for shape in slide.shapes if shape.name == "Missing image")
    assert placeholder.text_frame.text == "SVG image (no converter installed): drawing.svg"
    html = (out / "talk.html").read_text(encoding="utf-8")
    assert '<div class="missing-image picture">SVG image (no converter installed): drawing.svg</div>' in html


def test_the_same_picture_twice_is_stored_once(tmp_path):
    save(PILImage.new("RGB", (300, 200), "orange"), tmp_path / "chart.png", "PNG")
    out, _ = build(tmp_path, "# Talk\n\n## Part\n\n### One\n\n![Chart](chart.png)\n\n"
                             "### Two\n\n![Same chart](./chart.png)\n")
    with zipfile.ZipFile(out / "talk.pptx") as package:
        media = [name for name in package.namelist() if name.startswith("ppt/media/")]
    assert len(media) == 1
    deck = Presentation(str(out / "talk.pptx"))
    pictures = [shape for slide in deck.slides for shape in slide.shapes if shape.shape_type == PICTURE]
    assert [p.name for p in pictures] == ["Picture: Chart", "Picture: Same chart"]


def test_a_picture_alone_gets_the_whole_body_and_beside_bullets_its_own_column(tmp_path):
    save(PILImage.new("RGB", (1600, 900), "teal"), tmp_path / "wide.png", "PNG")
    save(PILImage.new("RGB", (300, 900), "navy"), tmp_path / "tall.png", "PNG")
    out, _ = build(tmp_path, "# Talk\n\n## Part\n\n### Alone\n\n![Wide](wide.png)\n\n"
                             "### Beside\n\n* first point\n* second point\n\n![Tall](tall.png)\n")
    deck = Presentation(str(out / "talk.pptx"))
    slides = {s.shapes.title.text_frame.text: s for s in deck.slides}
    body = DEFAULT.body_rect
    alone = next(shape for shape in slides["Alone"].shapes if shape.shape_type == PICTURE)
    # A 16:9 picture in the wider body box: its full height, centred across.
    assert Emu(alone.height).inches == pytest.approx(body.height, abs=0.01)
    assert Emu(alone.top).inches == pytest.approx(body.top, abs=0.01)
    assert Emu(alone.left + alone.width / 2).inches == pytest.approx(body.left + body.width / 2, abs=0.01)
    beside = next(shape for shape in slides["Beside"].shapes if shape.shape_type == PICTURE)
    text = next(shape for shape in slides["Beside"].shapes if shape.has_text_frame and "first point" in shape.text_frame.text)
    assert Emu(text.width).inches == pytest.approx(text_width_in(DEFAULT, True), abs=0.01)
    assert Emu(beside.left).inches > Emu(text.left + text.width).inches
    assert Emu(beside.height).inches == pytest.approx(body.height, abs=0.01)  # tall: fills the column's height
    html = (out / "talk.html").read_text(encoding="utf-8")
    beside_html = html[html.index("<h2>Beside</h2>"):]
    assert re.search(r'<div class="body" style="left:0.6in;top:1.6in;width:[\d.]+in;height:5.35in;right:auto">',
                     beside_html)
    assert re.search(r'<div class="picture-box" style="left:[\d.]+in;top:1.6in;width:[\d.]+in;height:5.35in">'
                     r'<img class="picture" src="data:image/png;base64,', beside_html)


def test_svg_is_converted_when_a_converter_is_installed(tmp_path, monkeypatch):
    # A stand-in for rsvg-convert that records its arguments and answers with a PNG.
    fake = tmp_path / "rsvg-convert"
    fake.write_text(
        f"#!{sys.executable}\n"
        "import io, sys\nfrom PIL import Image\n"
        f"open({str(tmp_path / 'args.txt')!r}, 'w').write(' '.join(sys.argv[1:]) + '|' + sys.stdin.read())\n"
        "out = io.BytesIO(); Image.new('RGB', (2000, 1000), 'white').save(out, 'PNG')\n"
        "sys.stdout.buffer.write(out.getvalue())\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(images_module.shutil, "which", lambda name: str(fake) if name == "rsvg-convert" else None)
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"/>'
    (tmp_path / "diagram.svg").write_text(svg, encoding="utf-8")
    loaded, store = load(tmp_path, "diagram.svg")
    assert store.diagnostics == []
    assert (loaded.mime, loaded.width, loaded.height) == ("image/png", 2000, 1000)
    assert (tmp_path / "args.txt").read_text() == f"--format=png --width=2000 --keep-aspect-ratio|{svg}"
