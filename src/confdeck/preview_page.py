"""The page `confdeck preview` serves: the built deck plus the live-reload script and any build error."""
from __future__ import annotations

import functools
import html
from pathlib import Path

EVENTS_PATH = "/__confdeck/events"
UPDATE_PATH = "/__confdeck/update"  # ?build=N: what changed since build N (preview_parts.update)
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


def reload_script(build: int) -> str:
    return f'<script id="confdeck-live-reload" data-build="{int(build)}">\n{reload_script_source()}</script>\n'


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
    return _insert_before_body_end(deck, addition)


def error_page(error_lines: list[str], build: int) -> bytes:
    """What to serve when no build has worked yet."""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<title>confdeck preview: build failed</title>\n</head>\n<body style=\"margin:0\">\n"
            + error_overlay(error_lines, False) + reload_script(build)
            + "</body>\n</html>\n").encode("utf-8")
