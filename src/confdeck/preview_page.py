"""The page `confdeck preview` serves: the built deck plus the live-reload script and any build error."""
from __future__ import annotations

import functools
import html
from pathlib import Path

EVENTS_PATH = "/__confdeck/events"
UPDATE_PATH = "/__confdeck/update"  # ?build=N: what changed since build N (preview_parts.update)
SPEAKER_PATH = "/__confdeck/speaker"  # reveal.js's speaker view, for a speaker window a reload left behind
PDF_PATH = "/__confdeck/deck.pdf"  # the deck as a PDF, printed by Chromium on request
PDF_LINK_CSS = (
    "position:fixed;left:12px;bottom:10px;z-index:2147483646;padding:4px 10px;border-radius:4px;"
    "background:rgba(255,255,255,.85);color:#1a4d8f;font:13px/1.4 'DejaVu Sans','Liberation Sans',sans-serif;"
    "text-decoration:underline;box-shadow:0 1px 4px rgba(0,0,0,.25)"
)
REHEARSALS_PATH = "/__confdeck/rehearsals"  # POST only: the talk clock saves a rehearsal here

OVERLAY_CSS = (
    "position:fixed;top:0;left:0;right:0;z-index:2147483647;max-height:70vh;overflow:auto;"
    "margin:0;padding:1em 1.5em;background:#8b1a1a;color:#fff;box-shadow:0 2px 12px rgba(0,0,0,.5);"
    "font:16px/1.45 'DejaVu Sans Mono','Liberation Mono',monospace;text-align:left;white-space:pre-wrap"
)


@functools.cache
def reload_script_source() -> str:
    source = (Path(__file__).with_name("preview_reload.js")).read_text(encoding="utf-8")
    return source.replace("</script", "<\\/script")


@functools.cache
def speaker_page() -> bytes | None:
    """reveal.js's speaker view page with preview_speaker.js, which connects it to the deck; None
    when the pinned reveal.js does not ship the page."""
    from confdeck.render.assets import reveal_dist

    try:
        page = (reveal_dist().parent / "plugin" / "notes" / "speaker-view.html").read_text(encoding="utf-8")
    except OSError:
        return None
    script = Path(__file__).with_name("preview_speaker.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    return _insert_before_body_end(page.encode("utf-8"), f"<script>\n{script}</script>\n")


def reload_script(build: int) -> str:
    return f'<script id="confdeck-live-reload" data-build="{int(build)}">\n{reload_script_source()}</script>\n'


# The first thing the page runs. A save that reloads the page can catch the presenter pressing S
# (speaker view) while the new page is still loading, before reveal.js listens to keys: the key
# is noted here and preview_reload.js opens the speaker view once reveal.js is ready.
EARLY_KEYS_SCRIPT = """<script id="confdeck-early-keys">
document.addEventListener("keydown", function early(event) {
  if (window.Reveal && Reveal.isReady && Reveal.isReady()) {
    document.removeEventListener("keydown", early, true);
  } else if ((event.key === "s" || event.key === "S") && !event.ctrlKey && !event.metaKey && !event.altKey) {
    window.confdeckSpeakerWanted = true;
  }
}, true);
</script>
"""


def _insert_after_head_start(page: bytes, addition: str) -> bytes:
    lowered = page[:4096].lower()
    at = lowered.find(b"<head>")
    if at < 0:
        return page  # a template without <head>: keys pressed while it loads are simply lost
    at += len(b"<head>")
    return page[:at] + addition.encode("utf-8") + page[at:]


def error_overlay(lines: list[str], showing_last_good: bool) -> str:
    """The build error as a panel over the page; every line escaped (notes may contain markup)."""
    after = ("The last good deck is shown underneath. Fix the file and save: the page updates on its own."
             if showing_last_good else "Fix the file and save: the page updates on its own.")
    body = "\n".join(html.escape(line) for line in lines)
    return (f'<div id="confdeck-error" role="alert" style="{OVERLAY_CSS}">'
            f'<strong>confdeck preview: the last save did not build</strong>\n{body}\n'
            f'<em>{html.escape(after)}</em></div>\n')


def _insert_before_body_end(page: bytes, addition: str) -> bytes:
    data = addition.encode("utf-8")
    at = page.lower().rfind(b"</body>")
    if at < 0:  # a template without </body>: browsers still run a trailing script
        return page + data
    return page[:at] + data + page[at:]


def pdf_link(file_name: str) -> str:
    return (f'<a id="confdeck-download-pdf" href="{PDF_PATH}" download="{html.escape(file_name)}" '
            f'style="{PDF_LINK_CSS}">Download PDF</a>\n')


def rehearsal_token_tag(token: str, rehearse: bool) -> str:
    """Where the talk clock (talk_clock.js) sends a rehearsal, and the token this server wants with it."""
    return (f'<meta id="confdeck-rehearsal-token" data-path="{REHEARSALS_PATH}" '
            f'data-token="{html.escape(token)}" data-rehearse="{1 if rehearse else 0}">\n')


def served_deck(deck: bytes, build: int, error_lines: list[str] | None, token_tag: str = "",
                pdf_name: str | None = None) -> bytes:
    """The built deck with the live-reload script, the error panel if the last save failed, and a
    "Download PDF" link when Chromium is there to print it (pdf_name: the file name it suggests)."""
    addition = token_tag + (error_overlay(error_lines, True) if error_lines else "") + reload_script(build)
    if pdf_name:
        addition += pdf_link(pdf_name)
    return _insert_before_body_end(_insert_after_head_start(deck, EARLY_KEYS_SCRIPT), addition)


def error_page(error_lines: list[str], build: int) -> bytes:
    """What to serve when no build has worked yet."""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<title>confdeck preview: build failed</title>\n</head>\n<body style=\"margin:0\">\n"
            + error_overlay(error_lines, False) + reload_script(build)
            + "</body>\n</html>\n").encode("utf-8")
