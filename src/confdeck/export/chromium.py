"""Headless Chromium as a printer: an HTML page in, PDF bytes out.

Two ways to drive it, found in this order:
* Playwright, when it is installed and has a browser to start: its own (`playwright install
  chromium`) or the system's Chromium. It waits for the page to say it is laid out, so what
  is printed never depends on the machine's speed.
* The system's `chromium`/`google-chrome` alone (`--headless --print-to-pdf`), when
  Playwright is not installed. It prints once the page has loaded and gone idle.

confdeck never downloads a browser.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from confdeck.errors import ConfdeckError

# Headless printing needs none of a desktop browser's services; a fresh profile each time
# (Playwright makes its own; the command line gets one in a temporary folder).
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SYSTEM_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_SECONDS = 600
COMMAND_LINE_ATTEMPTS = 3
BLANK_PDF_BYTES = 2000  # a page printed before anything was laid out is about 1 kB  # a 5000-slide deck takes minutes to lay out and print


def missing_chromium(fmt: str) -> ConfdeckError:
    return ConfdeckError(f"--format {fmt} needs Chromium: pip install playwright && playwright install chromium, "
                         "or install your system's chromium package")


def system_browser() -> str | None:
    for name in SYSTEM_BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def _playwright_installed() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def _playwright_browser() -> str | None:
    """Where Playwright keeps its own Chromium, if it was installed (found without starting Playwright)."""
    folder = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or str(Path.home() / ".cache" / "ms-playwright")
    if folder == "0":  # browsers installed inside the package itself
        import playwright
        folder = str(Path(playwright.__file__).parent / "driver" / "package" / ".local-browsers")
    names = ("chrome-linux/chrome", "chrome-linux64/chrome", "chrome-linux/headless_shell",
             "chrome-linux64/chrome-headless-shell", "chrome-mac/Chromium.app/Contents/MacOS/Chromium",
             "chrome-win/chrome.exe")
    for browser in sorted(Path(folder).glob("chromium*"), reverse=True):
        for name in names:
            if (browser / name).is_file():
                return str(browser / name)
    return None


@dataclass(frozen=True)
class Chromium:
    """A way to print with Chromium: through Playwright (executable None: Playwright's own) or its command line."""
    playwright: bool
    executable: str | None

    @property
    def description(self) -> str:
        via = "Playwright" if self.playwright else "command line"
        return f"{self.executable or 'Playwright Chromium'} ({via})"


def find_chromium(fmt: str = "pdf") -> Chromium:
    """The Chromium to print with, or the error telling the user what to install (exit 2)."""
    system = system_browser()
    if _playwright_installed():
        own = _playwright_browser()
        if own or system:
            return Chromium(True, None if own else system)
    if system:
        return Chromium(False, system)
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
    pages: int | None = None  # how many pages it must print, when that is known beforehand


class Printer:
    """Prints pages with one browser started once (a build may print the deck, a handout and a run sheet)."""

    def __init__(self, chromium: Chromium):
        self.chromium = chromium
        self._folder = tempfile.TemporaryDirectory(prefix="confdeck-print-")
        self._playwright = None
        self._browser = None
        self._count = 0

    def __enter__(self) -> "Printer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
            self._playwright.stop()
            self._browser = self._playwright = None
        self._folder.cleanup()

    def _page_file(self, job: PrintJob) -> Path:
        self._count += 1
        path = Path(self._folder.name) / f"page{self._count}.html"
        path.write_bytes(job.html)
        return path

    def print_pdf(self, job: PrintJob) -> bytes:
        url = self._page_file(job).as_uri() + (f"?{job.query}" if job.query else "")
        if self.chromium.playwright:
            return self._print_with_playwright(url, job)
        # The command line cannot wait for the page to say it is ready, only for it to go idle;
        # on a busy machine it now and then prints too early (a blank page): print again.
        for _ in range(COMMAND_LINE_ATTEMPTS):
            pdf = self._print_with_command_line(url)
            if _page_count(pdf) == job.pages or (job.pages is None and len(pdf) > BLANK_PDF_BYTES):
                return pdf
        raise ConfdeckError(f"Chromium ({self.chromium.executable}) printed {_page_count(pdf)} pages, "
                            f"expected {job.pages or 'the laid-out page'}; try again, or install Playwright")

    def _start(self):
        if self._browser is None:
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            try:
                self._browser = self._playwright.chromium.launch(executable_path=self.chromium.executable,
                                                                 args=CHROMIUM_FLAGS)
            except Exception as exc:  # Playwright's own errors: a browser that will not start
                self._playwright.stop()
                self._playwright = None
                raise ConfdeckError(f"Chromium did not start: {str(exc).splitlines()[0]}") from None
        return self._browser

    def _print_with_playwright(self, url: str, job: PrintJob) -> bytes:
        page = self._start().new_page()
        try:
            page.goto(url, timeout=TIMEOUT_SECONDS * 1000)
            page.wait_for_function(f"() => {job.ready}", timeout=TIMEOUT_SECONDS * 1000, polling=50)
            return page.pdf(prefer_css_page_size=True, print_background=True)
        finally:
            page.close()

    def _print_with_command_line(self, url: str) -> bytes:
        folder = Path(self._folder.name)
        target = folder / f"printed{self._count}.pdf"
        profile = folder / f"profile{self._count}"
        command = [self.chromium.executable, "--headless", *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                   "--no-pdf-header-footer", "--virtual-time-budget=60000", f"--print-to-pdf={target}", url]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise ConfdeckError(f"Chromium did not finish printing within {TIMEOUT_SECONDS} s") from None
        if not target.is_file():
            raise ConfdeckError(f"Chromium ({self.chromium.executable}) printed nothing")
        return target.read_bytes()


def _page_count(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        return len(PdfReader(io.BytesIO(pdf)).pages)
    except (PdfReadError, ValueError):
        return 0
