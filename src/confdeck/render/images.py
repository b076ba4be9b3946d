"""Image files referenced by the notes: found, checked and read once per build."""
from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from pathlib import Path

from confdeck.errors import Diagnostic
from confdeck.model import Image, Span

MAX_PIXELS = 50_000_000  # refuse decompression bombs


@dataclass
class LoadedImage:
    data: bytes       # PNG/JPEG/GIF bytes a PowerPoint and a browser can both show
    mime: str
    width: int        # pixels
    height: int
    name: str

    def data_uri(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


class ImageStore:
    """Resolves image paths against the notes' folder; warns once per missing image."""

    def __init__(self, base_dir: Path):
        self.base_dir = base_dir
        self._cache: dict[str, LoadedImage | None] = {}
        self.diagnostics: list[Diagnostic] = []

    def load(self, image: Image) -> LoadedImage | None:
        if image.src not in self._cache:
            self._cache[image.src] = self._read(image)
        return self._cache[image.src]

    def _warn(self, message: str, span: Span | None) -> None:
        self.diagnostics.append(Diagnostic(message, span))

    def _read(self, image: Image) -> LoadedImage | None:
        src = image.src
        if "://" in src or src.startswith("//"):
            self._warn(f"remote image not fetched: {src}", image.span)
            return None
        path = (self.base_dir / src)
        if not path.is_file():
            self._warn(f"image not found: {src}", image.span)
            return None
        from PIL import Image as PILImage, ImageOps, UnidentifiedImageError

        PILImage.MAX_IMAGE_PIXELS = MAX_PIXELS
        raw = path.read_bytes()
        try:
            with PILImage.open(io.BytesIO(raw)) as picture:
                picture = ImageOps.exif_transpose(picture)
                kind = (PILImage.open(io.BytesIO(raw)).format or "").upper()
                if kind in ("PNG", "JPEG", "GIF"):
                    mime = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}[kind]
                    if picture.size == PILImage.open(io.BytesIO(raw)).size:
                        return LoadedImage(raw, mime, picture.width, picture.height, path.name)
                converted = io.BytesIO()
                picture.convert("RGBA").save(converted, "PNG")
                return LoadedImage(converted.getvalue(), "image/png", picture.width, picture.height,
                                   path.stem + ".png")
        except (UnidentifiedImageError, PILImage.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
            reason = "too large to decode safely" if isinstance(exc, PILImage.DecompressionBombError) \
                else "not an image"
            self._warn(f"image skipped, {reason}: {src}", image.span)
            return None


def fit(width: float, height: float, box_width: float, box_height: float) -> tuple[float, float]:
    """Scale (width, height) to fit the box, keeping the aspect ratio."""
    scale = min(box_width / width, box_height / height)
    return width * scale, height * scale
