"""Notes written in other tools' dialects → plain CommonMark, line for line, before parsing.

Obsidian (`%% private %%`, `[[Page|alias]]`, `![[pic.png|300]]`, `==mark==`, `#tags`),
Pandoc (`::: notes`, `:::: columns`, `. . .`, `{data-background-image=…}`), remark (`???`,
`class: center`), Marp (`<!-- _class: lead -->`) and emoji shortcodes (`:tada:`) are
rewritten into what the Markdown reader already understands (`Note:`, images, `<mark>`,
plain text) or removed, and what they meant is kept aside (tags, background pictures,
warnings). Every line stays on its line, so messages keep pointing at the notes; fenced
code and code spans are left exactly as written.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import emoji

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
_COMMENT = "%%"

# Pandoc fenced divs: `::: notes` opens speaker notes; any other `:::` line only groups content.
_DIV_NOTES = re.compile(r"^\s*:{3,}\s*\{?\s*\.?notes\s*\}?\s*$")
_DIV_LINE = re.compile(r"^\s*:{3,}(\s*\{?[^{}]*\}?)?\s*$")
_PAUSE = re.compile(r"^\s*\.\s\.\s\.\s*$")
_HEADING_ATTRIBUTES = re.compile(r"^(#{1,6}\s.*?)\s*\{([^{}]*)\}\s*$")
# Pandoc's attributes: `{#id .class key=value key="a value"}` and nothing else.
_ATTRIBUTE_TOKENS = re.compile(r"\s*(?:(?:[#.][\w:-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s\"'}]+))\s*)+")
_BACKGROUND_ATTRIBUTE = re.compile(r"data-background(?:-image)?\s*=\s*[\"']?([^\"'\s}]+)")
# remark: `???` starts the speaker notes, `--` shows the rest of the slide on a click, and a slide
# may start with `class: …`, `name: …`, `layout: …`, `background-image: url(…)` properties.
_REMARK_NOTES = re.compile(r"^\?\?\?\s*$")
_REMARK_INCREMENT = re.compile(r"^--\s*$")
_REMARK_PROPERTY = re.compile(r"^(class|name|layout|template|count|background-image|exclude):\s*(.*)$")
_URL = re.compile(r"url\(\s*[\"']?([^\"')]+)[\"']?\s*\)")
# Marp directives in HTML comments (global and `_`-scoped ones): settings, never notes.
_MARP_DIRECTIVE = re.compile(
    r"^\s*<!--\s*_?(class|paginate|header|footer|theme|backgroundColor|backgroundImage|backgroundPosition|"
    r"backgroundRepeat|backgroundSize|color|size|headingDivider|style|math|marp|transition|lang)\s*:(.*?)-->\s*$")
_NBSP_HEADING = re.compile(r"^(\s{0,3}#{1,6})[\u00a0\u202f\u2007]+")
_EQUALS_BREAK = re.compile(r"^\s{0,3}={3,}\s*$")
_SEPARATOR = re.compile(r"^\s{0,3}---\s*$")

_EMBED = re.compile(r"!\[\[([^\[\]|#]+)(#[^\[\]|]*)?(?:\|([^\[\]]*))?\]\]")
_WIKI_LINK = re.compile(r"\[\[([^\[\]|#]*)(?:#([^\[\]|]*))?(?:\|([^\[\]]*))?\]\]")
_MARK = re.compile(r"(?<![=\\])==(?=[^\s=])(.+?)(?<=[^\s=])==(?!=)")
_TAG = re.compile(r"(?<![\w#&/(\[\"'`=:.\\-])#([^\W\d][\w/-]*)")
_SHORTCODE = re.compile(r"(?<!\\):[a-z0-9_+-]+:")
_SIZE = re.compile(r"^\s*(\d+)\s*(?:x\s*(\d+))?\s*$")

_INLINE_MARKS = ("[[", "==", "#", ":")   # a piece of text without any of these has nothing to rewrite
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".svg", ".webp", ".tif", ".tiff", ".avif"}
MAX_VAULT_FILES = 20_000   # looking for an embed by name walks the vault; a huge tree is not searched


@dataclass
class Prepared:
    text: str
    tags: list[str] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)   # (line, message)
    backgrounds: dict[int, str] = field(default_factory=dict)       # line → background picture
    dialects: set[str] = field(default_factory=set)                 # "obsidian", "pandoc", "remark", "marp"


def prepare(body: str, notes_path: str, meta: dict) -> Prepared:
    """The body rewritten for the Markdown reader (same number of lines), and what was kept aside."""
    prepared = Prepared(body)
    lines = body.split("\n")
    remark = ("???" in body and any(_REMARK_NOTES.match(line) for line in lines)) or _has_remark_properties(body, lines)
    if remark:
        prepared.dialects.add("remark")
    if meta.get("marp") is True or ("<!--" in body and any(_MARP_DIRECTIVE.match(line) for line in lines)):
        prepared.dialects.add("marp")
    if "\n---" in body:
        _drop_slide_front_matter(lines, prepared)
    vault = _Vault(notes_path)
    has_comments = _COMMENT in body
    fence: str | None = None
    in_comment = False
    after_separator = True
    previous_blank = True
    for number, line in enumerate(lines, start=1):
        stripped = line.lstrip()
        # Cheap first-character checks first: most lines of most notes are none of these.
        fence_match = _FENCE.match(line) if stripped[:3] in ("```", "~~~") else None
        if fence is not None:
            if fence_match and fence_match.group(1)[0] == fence[0] and len(fence_match.group(1)) >= len(fence) \
                    and not line.strip().strip(fence[0]):
                fence = None
            previous_blank = not stripped
            continue
        if has_comments and (in_comment or _COMMENT in line):
            line, in_comment = _drop_comments(line, in_comment)
            prepared.dialects.add("obsidian")
        if fence_match and not in_comment:
            fence = fence_match.group(1)
            lines[number - 1] = line
            previous_blank = False
            continue
        separator = stripped.startswith("---") and bool(_SEPARATOR.match(line))
        line = _rewrite_line(line, number, prepared, vault, remark, after_separator, previous_blank)
        after_separator = separator or (after_separator and not line.strip())
        previous_blank = not line.strip()
        lines[number - 1] = line
    prepared.text = "\n".join(lines)
    return prepared


_SLIDE_SETTING = re.compile(r"^[A-Za-z_][\w-]*:(\s.*)?$")
MAX_SLIDE_SETTINGS = 12


def _drop_slide_front_matter(lines: list[str], prepared: Prepared) -> None:
    """Slidev's per-slide settings between two separators (`---` / `layout: center` / `---`): blanked,
    keeping the first `---` as the slide break (a background picture among them is kept aside)."""
    index = 1
    while index < len(lines):
        if _SEPARATOR.match(lines[index]) and lines[index].strip() == "---":
            end = index + 1
            while end < len(lines) and end - index <= MAX_SLIDE_SETTINGS and _SLIDE_SETTING.match(lines[end]):
                end += 1
            if end > index + 1 and end < len(lines) and lines[end].strip() == "---":
                for setting in range(index + 1, end):
                    name, _, value = lines[setting].partition(":")
                    if name.strip() in ("background", "image"):
                        prepared.backgrounds[setting + 1] = value.strip().strip("\"'")
                    lines[setting] = ""
                lines[end] = ""
                prepared.dialects.add("slidev")
                index = end
        index += 1


def _has_remark_properties(body: str, lines: list[str]) -> bool:
    """remark's `class: center, middle` (or name:/layout:) as the first line after a `---` separator,
    or as the very first line."""
    if not re.search(r"^(class|name|layout):", body, re.MULTILINE):
        return False
    return bool(_REMARK_PROPERTY.match(lines[0])) or any(
        _SEPARATOR.match(lines[i]) and _REMARK_PROPERTY.match(lines[i + 1]) for i in range(len(lines) - 1))


def _drop_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    """Obsidian's `%% … %%` comments removed from one line; whether one is still open at its end."""
    text = ""
    for index, piece in enumerate(line.split(_COMMENT)):
        if index:
            in_comment = not in_comment
        if in_comment or not piece:
            continue
        if text.strip() and index:
            # `public %% private %% words`: one space where the comment was
            text = text.rstrip(" ") + (" " if piece.strip() else "") + piece.lstrip(" ")
        else:
            text += piece
    return (text if text.strip() else ""), in_comment


def _rewrite_line(line: str, number: int, prepared: Prepared, vault: "_Vault", remark: bool,
                  after_separator: bool, previous_blank: bool) -> str:
    first = line.lstrip()[:1]
    if first == ":":
        if _DIV_NOTES.match(line):
            prepared.dialects.add("pandoc")
            return "Note:"
        if line.lstrip().startswith(":::") and _DIV_LINE.match(line):
            prepared.dialects.add("pandoc")
            return ""
    elif first == "." and _PAUSE.match(line):
        prepared.dialects.add("pandoc")
        return ""
    elif remark and first == "?" and _REMARK_NOTES.match(line):
        return "Note:"
    elif remark and first == "-" and _REMARK_INCREMENT.match(line):
        return ""
    elif first == "<":
        directive = _MARP_DIRECTIVE.match(line)
        if directive:
            if directive.group(1) == "backgroundImage":
                url = _URL.search(directive.group(2))
                if url:
                    prepared.backgrounds[number] = url.group(1)
            return ""
    elif first == "=" and previous_blank and _EQUALS_BREAK.match(line):
        return "***"   # a line of = on its own (not under a title) is a slide break, as *** and --- are
    elif first == "#":
        nbsp = _NBSP_HEADING.match(line)
        if nbsp:
            prepared.warnings.append((number, "a heading mark followed by a no-break space: read as a heading "
                                              "(type a plain space after the #)"))
            line = nbsp.group(1) + " " + line[nbsp.end():]
        attributes = _HEADING_ATTRIBUTES.match(line) if line.rstrip().endswith("}") else None
        if attributes and _ATTRIBUTE_TOKENS.fullmatch(attributes.group(2)):
            prepared.dialects.add("pandoc")
            background = _BACKGROUND_ATTRIBUTE.search(attributes.group(2))
            if background:
                prepared.backgrounds[number] = background.group(1)
            line = attributes.group(1)
    if remark and after_separator and first.isalpha():
        property_match = _REMARK_PROPERTY.match(line)
        if property_match:
            if property_match.group(1) == "background-image":
                url = _URL.search(property_match.group(2))
                if url:
                    prepared.backgrounds[number] = url.group(1)
            return ""
    return _outside_code_spans(line, lambda text: _rewrite_inline(text, number, prepared, vault))


def _outside_code_spans(line: str, rewrite) -> str:
    if "`" not in line:
        return rewrite(line)
    out, position = [], 0
    for match in _CODE_SPAN.finditer(line):
        out.append(rewrite(line[position:match.start()]))
        out.append(match.group(0))
        position = match.end()
    out.append(rewrite(line[position:]))
    return "".join(out)


def _rewrite_inline(text: str, number: int, prepared: Prepared, vault: "_Vault") -> str:
    if not any(mark in text for mark in _INLINE_MARKS):
        return text
    if "[[" in text:
        text = _EMBED.sub(lambda m: _embed(m, number, prepared, vault), text)
        text = _WIKI_LINK.sub(_wiki_text, text)
        prepared.dialects.add("obsidian")
    if "==" in text:
        text = _MARK.sub(r"<mark>\1</mark>", text)
    if "#" in text:
        found = _TAG.findall(text)
        if found:
            prepared.tags.extend(tag for tag in found if tag not in prepared.tags)
            text = _TAG.sub("", text)
            if not text.strip():
                text = ""
    if ":" in text and _SHORTCODE.search(text):
        text = _SHORTCODE.sub(lambda m: emoji.emojize(m.group(0), language="alias"), text)
    return text


def _wiki_text(match: re.Match) -> str:
    page, heading, alias = match.group(1).strip(), (match.group(2) or "").strip(), match.group(3)
    if alias:
        return alias.strip()
    if page and heading:
        return f"{page} > {heading.lstrip('^')}"
    return page or heading.lstrip("^")


def _embed(match: re.Match, number: int, prepared: Prepared, vault: "_Vault") -> str:
    target, options = match.group(1).strip(), (match.group(3) or "").strip()
    if Path(target).suffix.lower() not in IMAGE_SUFFIXES:
        prepared.warnings.append((number, f"embedded note ![[{target}]] is not included: only its name is shown"))
        return target
    found = vault.find(target)
    attributes = ""
    size = _SIZE.match(options)
    if size:
        attributes = f"{{width={size.group(1)}" + (f" height={size.group(2)}" if size.group(2) else "") + "}"
    alt = "" if size or not options else options
    return f"![{alt}](<{found or target}>){attributes}"


class _Vault:
    """Finds an embedded picture as Obsidian does: next to the note, in the vault's attachment folder,
    then anywhere in the vault by name."""

    def __init__(self, notes_path: str):
        self.folder = Path(notes_path).parent
        self.notes_path = notes_path
        self.looked = False   # the vault is looked for at the first embed, not for every file read
        self.root: Path | None = None
        self.attachments: Path | None = None

    def _look(self) -> None:
        self.looked = True
        if not self.notes_path:
            return
        self.root = next((folder for folder in [self.folder, *self.folder.resolve().parents]
                          if (folder / ".obsidian").is_dir()), None)
        if self.root is None:
            return
        try:
            setting = json.loads((self.root / ".obsidian" / "app.json").read_text("utf-8")).get("attachmentFolderPath")
        except (OSError, ValueError, AttributeError):
            setting = None
        if isinstance(setting, str) and setting:
            # "./x" is relative to the note's own folder, anything else to the vault.
            self.attachments = (self.folder / setting[2:]) if setting.startswith("./") else self.root / setting

    def find(self, name: str) -> str | None:
        """The picture's path relative to the note's folder, or None (the reader warns about it later)."""
        if not self.looked:
            self._look()
        candidates = [self.folder / name]
        if self.attachments is not None:
            candidates.append(self.attachments / name)
        for candidate in candidates:
            if candidate.is_file():
                return self._relative(candidate)
        if self.root is not None:
            for count, path in enumerate(self.root.rglob(Path(name).name)):
                if count > MAX_VAULT_FILES:
                    break
                if path.is_file() and ".obsidian" not in path.parts and not path.name.startswith("."):
                    return self._relative(path)
        return None

    def _relative(self, path: Path) -> str:
        return os.path.relpath(path, self.folder).replace(os.sep, "/")
