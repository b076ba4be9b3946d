"""Draw images/pwcsnake2020.png, the sample conference logo used by notes/pwc2020.md.

The project makes its own sample art so nothing is copied from elsewhere.
Run: python tools/draw_sample_logo.py
"""
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

BLUE, YELLOW, INK = (55, 118, 171), (255, 212, 59), (33, 41, 54)


def font(size: int):
    for name in ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def draw(path: Path) -> None:
    image = Image.new("RGBA", (800, 340), (255, 255, 255, 0))
    pen = ImageDraw.Draw(image)
    # Two interlocking "snakes": rounded bars with an eye each.
    pen.rounded_rectangle((30, 40, 230, 160), radius=55, fill=BLUE)
    pen.rounded_rectangle((90, 150, 290, 270), radius=55, fill=YELLOW)
    pen.ellipse((70, 70, 100, 100), fill="white")
    pen.ellipse((220, 210, 250, 240), fill="white")
    pen.text((320, 70), "Python Web", font=font(64), fill=INK)
    pen.text((320, 150), "Conference", font=font(64), fill=INK)
    pen.text((320, 235), "2020", font=font(56), fill=BLUE)
    image.save(path, optimize=True)


if __name__ == "__main__":
    target = Path(__file__).resolve().parents[1] / "images" / "pwcsnake2020.png"
    draw(target)
    print(f"wrote {target}")
