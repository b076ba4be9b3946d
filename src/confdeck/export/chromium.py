"""Headless Chromium as a printer: an HTML page in, PDF bytes out.

The browser is the system's (`chromium`, `google-chrome` …) or the one `playwright install
chromium` downloaded; confdeck never downloads one. It is driven over its DevTools pipe
(devtools.py), which waits for the page's own "laid out" signal before printing.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from confdeck.errors import ConfdeckError
from confdeck.export.devtools import ChromiumPipe, DevToolsError

# Headless printing needs none of a desktop browser's services; each run gets a fresh profile.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SYSTEM_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
TIMEOUT_SECONDS = 600  # a 5000-slide deck takes minutes to lay out and print
# Where Playwright's Chromium sits inside its browsers folder, per platform and release.
PLAYWRIGHT_BINARIES = ("chrome-linux/chrome", "chrome-linux64/chrome", "chrome-mac/Chromium.app/Contents/MacOS/Chromium",
                       "chrome-mac-arm64/Chromium.app/Contents/MacOS/Chromium", "chrome-win/chrome.exe",
                       "chrome-win64/chrome.exe")


def missing_chromium(fmt: str) -> ConfdeckError:
    return ConfdeckError(f"--format {fmt} needs Chromium: pip install playwright && playwright install chromium, "
                         "or install your system's chromium package")


def _playwright_browsers_folder() -> Path:
    configured = os.environ.get("PLAYWRIGHT_BROWSERS_PATH")
    if configured and configured != "0":
        return Path(configured)
    if configured == "0":  # installed inside the playwright package itself
        try:
            import playwright
        except ImportError:
            return Path(os.devnull)
        return Path(playwright.__file__).parent / "driver" / "package" / ".local-browsers"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "ms-playwright"
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home())) / "ms-playwright"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ms-playwright"


def playwright_browser() -> str | None:
    """The Chromium `playwright install chromium` downloaded, newest first (found without starting Playwright)."""
    folder = _playwright_browsers_folder()
    if not folder.is_dir():
        return None
    for browser in sorted(folder.glob("chromium-*"), key=lambda p: p.name, reverse=True):
        for name in PLAYWRIGHT_BINARIES:
            if (browser / name).is_file():
                return str(browser / name)
    return None


def find_chromium(fmt: str = "pdf") -> str:
    """The Chromium to print with, or the error telling the user what to install (exit 2)."""
    for name in SYSTEM_BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    path = playwright_browser()
    if path:
        return path
    raise missing_chromium(fmt)


def chromium_available() -> bool:
    try:
        find_chromium()
    except ConfdeckError:
        return False
    return True


@dataclass
class PrintJob:
    """One page to print: its HTML, the query string it is opened with, and when it is ready."""
    html: bytes
    query: str = ""
    # A JavaScript expression that is true once the page is laid out for printing.
    ready: str = "document.readyState === 'complete'"
    # JavaScript run before each of several prints of the laid-out page (one PDF each); None: one print.
    parts: list[str] | None = None


class Printer:
    """Prints pages with one browser started once (a build may print the deck, a handout and a run sheet)."""

    def __init__(self, executable: str):
        self.executable = executable
        self._folder = tempfile.TemporaryDirectory(prefix="confdeck-print-")
        self._browser: ChromiumPipe | None = None
        self._count = 0

    def __enter__(self) -> "Printer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
            self._browser = None
        self._folder.cleanup()

    def print_pdf(self, job: PrintJob) -> bytes:
        return self.print_parts(job)[0]

    def print_parts(self, job: PrintJob) -> list[bytes]:
        """One PDF per part of the job (one PDF when it has no parts)."""
        self._count += 1
        page = Path(self._folder.name) / f"page{self._count}.html"
        page.write_bytes(job.html)
        url = page.as_uri() + (f"?{job.query}" if job.query else "")
        if self._browser is None:
            profile = str(Path(self._folder.name) / "profile")
            self._browser = ChromiumPipe(self.executable, CHROMIUM_FLAGS, profile, TIMEOUT_SECONDS)
        try:
            return self._browser.print_page(url, job.ready, job.parts)
        except DevToolsError as exc:
            raise ConfdeckError(f"Chromium ({self.executable}) could not print: {exc}") from None
