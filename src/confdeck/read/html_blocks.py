"""Raw HTML in notes that is really text: `<pre>` blocks, and tags no browser knows (`<applause>`)."""
from __future__ import annotations

import html
import re

# The elements of HTML (WHATWG), plus the obsolete ones browsers still treat as markup. A tag not in
# here (`<applause>`, `<name>`) is something the author typed as text, and is shown as text.
HTML_ELEMENTS = set("""
a abbr acronym address area article aside audio b base basefont bdi bdo big blink blockquote body br
button canvas caption center cite code col colgroup data datalist dd del details dfn dialog dir div dl dt
em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup
hr html i iframe img input ins kbd label legend li link main map mark marquee menu meta meter nav nobr
noembed noframes noscript object ol optgroup option output p param picture plaintext pre progress q rb
rp rt rtc ruby s samp script search section select slot small source span strike strong style sub
summary sup svg table tbody td template textarea tfoot th thead time title tr track tt u ul var video
wbr xmp math
mi mn mo ms mtext mspace mrow mfrac msqrt mroot mstyle merror mpadded mphantom menclose msub msup msubsup
munder mover munderover mmultiscripts mtable mtr mtd mglyph maligngroup malignmark maction semantics
annotation annotation-xml
g path rect circle ellipse line polyline polygon text tspan defs use symbol image foreignobject
lineargradient radialgradient stop clippath mask pattern filter marker desc animate set
""".split())   # with MathML's and SVG's own elements, which live inside <math> and <svg>
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
_PRE = re.compile(r"^\s*<pre\b[^>]*>(?P<inner>.*?)(?:</pre>\s*)?$", re.DOTALL | re.IGNORECASE)
_CODE = re.compile(r"^\s*<code\b(?P<attrs>[^>]*)>(?P<inner>.*?)(?:</code>\s*)?$", re.DOTALL | re.IGNORECASE)
_LANGUAGE = re.compile(r"""class\s*=\s*["']?[^"'>]*?\b(?:language|lang)-([\w+#-]+)""", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^<>]+>")


def is_unknown_tag(markup: str) -> bool:
    """Whether an inline tag such as `<applause>` names no HTML element (so it is text)."""
    match = _TAG.fullmatch(markup.strip())
    return bool(match) and match.group(1).lower() not in HTML_ELEMENTS and "-" not in match.group(1)


def escape_unknown_tags(markup: str) -> str:
    """The HTML with every unknown tag escaped, so a sanitiser shows it as the text it is."""
    return _TAG.sub(lambda m: html.escape(m.group(0)) if is_unknown_tag(m.group(0)) else m.group(0), markup)


def pre_block(markup: str) -> tuple[str, str | None, bool] | None:
    """A `<pre>` block's text, its language, and whether it is code (`<pre><code>`); None if not one."""
    match = _PRE.match(markup)
    if not match:
        return None
    inner = match["inner"]
    code = _CODE.match(inner)
    language = None
    if code:
        language_match = _LANGUAGE.search(code["attrs"])
        language = language_match.group(1) if language_match else None
        inner = code["inner"]
    text = html.unescape(_ANY_TAG.sub("", inner)).strip("\n")
    return text, language, bool(code)
