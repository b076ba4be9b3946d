"""Image files referenced by the notes: found, checked, normalised and read once per build.

Every picture reaches the renderers as PNG, JPEG or GIF bytes that PowerPoint and
browsers both show, upright (EXIF orientation applied) and no larger than the
slide needs. Anything that is not a safe, real image becomes a placeholder and
a warning, never a failed build.
"""
from __future__ import annotations

import base64
import functools
import io
import re
import shutil
import subprocess
import threading
import warnings
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from confdeck.errors import Diagnostic
from confdeck.geometry import DEFAULT, Geometry
from confdeck.model import Image, Span

MAX_PIXELS = 50_000_000        # refuse decompression bombs (a 7000×7000 photo is fine)
MAX_FILE_BYTES = 100_000_000
PRINT_DPI = 150                # pictures are kept sharp up to this resolution on the slide
KEEP_FACTOR = 2                # larger than this many times the slide's pixels: downscaled
SHOWN_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}
SHOWN_MODES = {"RGB", "RGBA", "L", "LA", "P", "1"}
ORIENTATION_TAG = 0x0112
SVG_CONVERTER_HINT = "rsvg-convert from librsvg2-bin, or the cairosvg package"
# Raster formats Pillow decodes in-process: never EPS/PDF (Ghostscript) or text formats such as XBM.
SAFE_FORMATS = ["PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP", "ICO", "MPO"]
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")


def refuse_address(src: str) -> None:
    """Raise ImageRefused for an address that is not a local file: remote, data:, file:, javascript: …"""
    scheme = _SCHEME.match(src)
    if src.startswith("//") or scheme and scheme.group(1).lower() in ("http", "https", "ftp"):
        raise ImageRefused("Remote image not fetched", "remote image not fetched")
    if scheme:
        name = scheme.group(1).lower()
        raise ImageRefused(f"Image not shown ({name}: address)", f"image skipped, {name}: addresses are not read")
    if not src.strip():
        raise ImageRefused("Image not found", "image skipped, no file name")


@dataclass
class LoadedImage:
    data: bytes       # PNG/JPEG/GIF bytes a PowerPoint and a browser can both show
    mime: str
    width: int        # pixels, upright
    height: int
    name: str

    def data_uri(self) -> str:
        return self._data_uri

    @functools.cached_property
    def _data_uri(self) -> str:
        # Kept with the picture: a preview rebuild would otherwise base64 every photo again.
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


class ImageRefused(Exception):
    """An image that is shown as a placeholder: `label` goes on the slide, `message` into the warning."""

    def __init__(self, label: str, message: str, lasting: bool = True):
        super().__init__(message)
        self.label = label
        self.message = message
        self.lasting = lasting  # False: depends on the machine (a converter installed later), not the file


def looks_like_svg(raw: bytes) -> bool:
    head = raw[:2048].lstrip().lower()
    return head.startswith(b"<svg") or (head.startswith((b"<?xml", b"<!--", b"<!doctype svg")) and b"<svg" in head)


def svg_to_png(raw: bytes, width_px: int) -> bytes | None:
    """PNG bytes from an installed SVG converter, or None when there is none."""
    converter = shutil.which("rsvg-convert")
    if converter:
        done = subprocess.run([converter, "--format=png", f"--width={width_px}", "--keep-aspect-ratio"],
                              input=raw, capture_output=True, timeout=60)
        return done.stdout if done.returncode == 0 and done.stdout else None
    try:
        import cairosvg
    except ImportError:
        return None
    return cairosvg.svg2png(bytestring=raw, output_width=width_px)


class ProcessedImages:
    """Pictures already checked and converted, kept across builds in one process.

    A preview rebuilds on every save; decoding and re-encoding a 12-megapixel photo costs
    a quarter of a second, so a save re-processes only the pictures that changed. The key
    is the file's resolved path, size, modification time and the box it is fitted to: an
    edited or replaced file, or another slide size, is processed again. The cache holds at
    most MAX_BYTES of converted pictures, the least recently used going first.
    """
    MAX_BYTES = 512 * 1024 * 1024

    def __init__(self) -> None:
        self._entries: OrderedDict[tuple, LoadedImage | ImageRefused] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.decoded = 0   # pictures processed (read and converted): what the cache saves
        self.reused = 0    # pictures served from the cache

    def get(self, key: tuple) -> LoadedImage | ImageRefused | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                self.reused += 1
            return found

    def put(self, key: tuple, value: LoadedImage | ImageRefused) -> None:
        with self._lock:
            self.decoded += 1
            size = len(value.data) if isinstance(value, LoadedImage) else 0
            if size > self.MAX_BYTES:
                return
            old = self._entries.pop(key, None)
            if isinstance(old, LoadedImage):
                self._bytes -= len(old.data)
            self._entries[key] = value
            self._bytes += size
            while self._bytes > self.MAX_BYTES:
                _, dropped = self._entries.popitem(last=False)
                if isinstance(dropped, LoadedImage):
                    self._bytes -= len(dropped.data)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0
            self.decoded = self.reused = 0


PROCESSED = ProcessedImages()


class ImageStore:
    """Resolves image paths against the notes' folder; each file is read and converted once."""

    def __init__(self, base_dir: Path, geometry: Geometry = DEFAULT, warnings: list | None = None):
        self.base_dir = base_dir
        self.geo = geometry
        self._cache: dict[str, LoadedImage | None] = {}
        self._by_file: dict[Path, LoadedImage | ImageRefused] = {}
        self._problems: dict[str, str] = {}
        self.diagnostics: list[Diagnostic] = warnings if warnings is not None else []   # the build's warnings
        self.files_read: list[Path] = []  # so a build can refuse to overwrite them

    @property
    def max_size(self) -> tuple[int, int]:
        """The slide's size in pixels at PRINT_DPI: what a picture filling the slide needs."""
        return round(self.geo.width_in * PRINT_DPI), round(self.geo.height_in * PRINT_DPI)

    def load(self, image: Image) -> LoadedImage | None:
        if image.src not in self._cache:
            try:
                self._cache[image.src] = self._read(image)
            except ImageRefused as refused:
                self._problems[image.src] = refused.label
                shown = image.src if len(image.src) <= 80 else image.src[:77] + "..."
                self.diagnostics.append(Diagnostic(f"{refused.message}: {shown}", image.span))
                self._cache[image.src] = None
        return self._cache[image.src]

    def problem(self, image: Image) -> str:
        """What the placeholder of an image that could not be loaded says."""
        self.load(image)
        return self._problems.get(image.src, "Image not shown")

    def _read(self, image: Image) -> LoadedImage:
        src = image.src
        refuse_address(src)
        path = (self.base_dir / src)
        try:
            if not path.is_file():
                raise ImageRefused("Image not found", "image not found")
            key = path.resolve()
        except OSError as exc:  # a name too long, a loop of links …
            raise ImageRefused("Image not found", f"image not readable ({exc.strerror or exc})") from None
        if key not in self._by_file:
            self._by_file[key] = self._processed(path, key)
        loaded = self._by_file[key]
        if isinstance(loaded, ImageRefused):
            raise loaded
        return loaded

    def _processed(self, path: Path, resolved: Path) -> LoadedImage | ImageRefused:
        """The converted picture (or why it is refused), from the process-wide cache when unchanged."""
        try:
            stat = path.stat()
        except OSError as exc:
            return ImageRefused("Image not readable", f"image not readable ({exc.strerror or exc})")
        # Inode and ctime too: a file replaced by a rename within the clock's granularity still counts.
        key = (resolved, stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns, self.max_size)
        self.files_read.append(path)
        cached = PROCESSED.get(key)
        if cached is not None:
            return cached
        try:
            converted: LoadedImage | ImageRefused = self._convert(path, stat.st_size)
        except ImageRefused as refused:
            if not refused.lasting:
                return refused
            converted = refused
        PROCESSED.put(key, converted)
        return converted

    def _convert(self, path: Path, size: int) -> LoadedImage:
        try:
            if size > MAX_FILE_BYTES:
                raise ImageRefused("Image file too large",
                                   f"image skipped, file larger than {MAX_FILE_BYTES // 1_000_000} MB")
            raw = path.read_bytes()
        except OSError as exc:
            raise ImageRefused("Image not readable", f"image not readable ({exc.strerror or exc})") from None
        if looks_like_svg(raw):
            png = svg_to_png(raw, self.max_size[0])
            if png is None:
                raise ImageRefused("SVG image (no converter installed)",
                                   f"SVG image shown as a placeholder, no SVG converter installed ({SVG_CONVERTER_HINT})",
                                   lasting=False)
            raw = png
        return self._normalise(raw, path)

    def _normalise(self, raw: bytes, path: Path) -> LoadedImage:
        from PIL import Image as PILImage, ImageOps, UnidentifiedImageError

        PILImage.MAX_IMAGE_PIXELS = MAX_PIXELS
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", PILImage.DecompressionBombWarning)
                with PILImage.open(io.BytesIO(raw), formats=SAFE_FORMATS) as picture:
                    kind = (picture.format or "").upper()
                    width, height = picture.size
                    if width * height > MAX_PIXELS:
                        raise PILImage.DecompressionBombError(f"{width}×{height}")
                    picture.load()
                    rotated = picture.getexif().get(ORIENTATION_TAG, 1) in range(2, 9)
                    upright = ImageOps.exif_transpose(picture) if rotated else picture
                    return self._encode(raw, picture, upright, kind, path, rotated)
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
            raise ImageRefused("Image too large to decode safely",
                               f"image skipped, more than {MAX_PIXELS:,} pixels (too large to decode safely)")
        except ImageRefused:
            raise
        except Exception:  # Pillow raises many types on hostile files; the content is not an image we show
            raise ImageRefused("Not an image", "image skipped, not an image")

    def _encode(self, raw: bytes, original, picture, kind: str, path: Path, rotated: bool) -> LoadedImage:
        """The original bytes when PowerPoint can show them as they are, else a PNG or JPEG."""
        limit_w, limit_h = self.max_size
        too_big = picture.width > KEEP_FACTOR * limit_w or picture.height > KEEP_FACTOR * limit_h
        shown_as_is = kind in SHOWN_FORMATS and original.mode in SHOWN_MODES and not (kind == "GIF" and too_big)
        if shown_as_is and not rotated and not too_big:
            return LoadedImage(raw, SHOWN_FORMATS[kind], picture.width, picture.height, path.name)
        if too_big:
            picture = picture.copy()
            picture.thumbnail((limit_w, limit_h), resample=3)  # 3 = bicubic
        out = io.BytesIO()
        has_alpha = picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info)
        if kind == "JPEG" and not has_alpha:
            # Photos stay JPEG (CMYK converted to RGB): PNG would make them several times larger.
            picture.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
            return LoadedImage(out.getvalue(), "image/jpeg", picture.width, picture.height, path.stem + ".jpg")
        picture.convert("RGBA" if has_alpha else "RGB").save(out, "PNG", optimize=True)
        return LoadedImage(out.getvalue(), "image/png", picture.width, picture.height, path.stem + ".png")
