"""Finding, inheriting and validating templates: the user's ./templates/<name>/ first, then the built-in ones."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from confdeck.errors import ConfdeckError, Diagnostic
from confdeck.model import Span

_PLAIN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_HEX_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_SHORT_HEX_COLOR = re.compile(r"^#[0-9A-Fa-f]{3}$")
COLOR_EXPECTED = "#RRGGBB, #RGB or a CSS colour name such as orange"

COLOR_KEYS = ("background", "text", "heading", "accent", "link")
FONT_KEYS = ("heading", "body", "code")
LOGO_PLACES = ("title", "corner", "both")
SLIDE_SIZES = ("16:9", "4:3", "master")
TOP_KEYS = ("name", "description", "extends", "colors", "fonts", "logo", "footer", "slide_size", "agenda",
            "code_style", "section_slides", "timer", "extra")
SECTION_SLIDES = ("auto", "always", "never")   # a header slide per section: when it has several slides, or not
TIMER_PLACES = ("speaker", "both", "off")  # where the HTML deck's talk clock shows
LOGO_KEYS = ("path", "where")
FOOTER_KEYS = ("text",)
FOOTER_FIELDS = ("title", "date", "slide")


def builtin_templates_dir() -> Path:
    """Templates shipped with confdeck: inside the installed package, or the source checkout's templates/."""
    packaged = Path(__file__).parent / "builtin_templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


def did_you_mean(word: str, candidates) -> str:
    """`; did you mean 'colors'?` when one candidate is close to the word, else nothing."""
    import difflib

    close = difflib.get_close_matches(str(word), list(candidates), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def color_value(value) -> str | None:
    """#RRGGBB (upper case) from #RRGGBB, #RGB or a CSS colour name; None when it is none of them."""
    if not isinstance(value, str):
        return None
    if _HEX_COLOR.match(value):
        return value.upper()
    if _SHORT_HEX_COLOR.match(value):
        return "#" + "".join(digit * 2 for digit in value[1:]).upper()
    import webcolors

    try:
        return webcolors.name_to_hex(value.strip().lower()).upper()
    except ValueError:
        return None


def template_roots(cwd: Path | None = None, notes_dir: Path | None = None) -> list[Path]:
    """Where templates are looked for, nearest first.

    templates/ beside the notes and in each folder above them up to the current folder (so
    `confdeck build talk/notes.md` finds talk/templates/acme), then ./templates, then the built-in ones.
    """
    here = cwd or Path.cwd()
    roots: list[Path] = []
    if notes_dir is not None:
        folder = Path(os.path.abspath(notes_dir))
        top = Path(os.path.abspath(here))
        while True:
            roots.append(folder / "templates")
            if folder == top or not folder.is_relative_to(top) or folder == folder.parent:
                break
            folder = folder.parent
    roots += [here / "templates", builtin_templates_dir()]
    unique: list[Path] = []
    for root in roots:
        if root.resolve() not in [r.resolve() for r in unique]:
            unique.append(root)
    return unique


def available_templates(cwd: Path | None = None, notes_dir: Path | None = None) -> list[str]:
    names = set()
    for root in template_roots(cwd, notes_dir):
        if root.is_dir():
            names.update(p.name for p in root.iterdir() if (p / "template.yaml").is_file())
    return sorted(names)


def shown_path(path: Path, cwd: Path | None = None) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return os.path.relpath(path, cwd or Path.cwd()) if path.resolve().is_relative_to(
            (cwd or Path.cwd()).resolve()) else str(path)
    except (ValueError, OSError):
        return str(path)


MAX_FONT_FILES = 16               # a family's four styles for body, heading and code, and some to spare
MAX_FONT_BYTES = 20 * 1024 * 1024  # each; a font file is embedded into every HTML deck


@dataclass
class Template:
    name: str
    dirs: list[Path]                     # this template first, then what it extends
    config: dict[str, Any] = field(default_factory=dict)
    # dotted key ("colors.accent") → index into dirs of the template that set it
    origins: dict[str, int] = field(default_factory=dict)
    cwd: Path | None = None
    lines: list[dict[str, int]] = field(default_factory=list)  # per dir: dotted key → line in its template.yaml

    def span_of(self, key: str) -> Span:
        """Where a dotted key ("fonts.body") was set: the template.yaml that set it, at its line."""
        level = self.origins.get(key, 0)
        line = self.lines[level].get(key) if level < len(self.lines) else None
        return Span(self.shown(self.dirs[level] / "template.yaml"), line)

    def find(self, filename: str) -> Path | None:
        for directory in self.dirs:
            if (directory / filename).is_file():
                return self.check_inside(directory / filename)
        return None

    def find_all(self, filename: str) -> list[Path]:
        """Every template's copy of a file, the base template's first (for stacking CSS)."""
        return [self.check_inside(d / filename) for d in reversed(self.dirs) if (d / filename).is_file()]

    def check_inside(self, path: Path) -> Path:
        """The path, if it really lies in one of the chain's folders once symlinks are resolved.

        A template folder comes from someone else: a deck.css that links to /etc/passwd or
        ~/.ssh/id_rsa must not be inlined into a deck the user then shares.
        """
        if not is_inside(path, self.dirs):
            raise ConfdeckError("refused: a link to a file outside the template folders "
                                f"({path.resolve()})", Span(self.shown(path)))
        return path

    def font_files(self) -> list[Path]:
        """The font files the template chain ships in its `fonts/` folders (TrueType, OpenType), this
        template's first; at most MAX_FONT_FILES, each at most MAX_FONT_BYTES (the rest are left out)."""
        found: list[Path] = []
        for directory in self.dirs:
            folder = directory / "fonts"
            if not folder.is_dir():
                continue
            for path in sorted(folder.iterdir()):
                if path.suffix.lower() in (".ttf", ".otf") and path.is_file() and len(found) < MAX_FONT_FILES \
                        and path.stat().st_size <= MAX_FONT_BYTES:
                    found.append(self.check_inside(path))
        return found

    @property
    def master(self) -> Path | None:
        """The company's PowerPoint master, from this template or the nearest one it extends."""
        return self.find("master.pptx")

    def _master_level(self) -> int:
        master = self.master
        return self.dirs.index(master.parent) if master else -1

    def overrides_master(self, key: str) -> bool:
        """True when a value was set by the template that brings the master (or one extending it).

        Values inherited from further up (e.g. the default template's colours)
        must not repaint a company's master; its own theme wins over them.
        """
        if self.master is None:
            return True
        origin = self.origins.get(key)
        return origin is not None and origin <= self._master_level()

    @property
    def logo(self) -> Path | None:
        logo = self.config.get("logo") or {}
        return logo.get("file")

    @property
    def logo_where(self) -> str:
        return (self.config.get("logo") or {}).get("where", "corner")

    @property
    def footer_text(self) -> str | None:
        return (self.config.get("footer") or {}).get("text") or None

    def shown(self, path: Path) -> str:
        return shown_path(path, self.cwd)


def is_inside(path: Path, folders: list[Path]) -> bool:
    """True when path, symlinks resolved, lies inside one of the folders (symlinks resolved too)."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a dangling link or a link loop leads nowhere we may read
        return False
    return any(real.is_relative_to(folder.resolve()) for folder in folders)


def find_template_dir(name: str, cwd: Path | None = None, span: Span | None = None,
                      notes_dir: Path | None = None) -> Path:
    if not isinstance(name, str) or not _PLAIN_NAME.match(name) or name in (".", ".."):
        raise ConfdeckError(f"template name {name!r} is not a plain folder name", span)
    for root in template_roots(cwd, notes_dir):
        candidate = root / name
        if (candidate / "template.yaml").is_file():
            return candidate
    available = available_templates(cwd, notes_dir)
    raise ConfdeckError(f"no template '{name}'; available: {', '.join(available)}{did_you_mean(name, available)}",
                        span)


def load_template(name: str | None, cwd: Path | None = None, notes_dir: Path | None = None) -> Template:
    """The named template with everything it extends merged in, every value validated."""
    name = name or "default"
    dirs: list[Path] = []
    configs: list[dict] = []
    key_lines: list[dict[str, int]] = []
    chain: list[str] = []
    current: str | None = name
    span: Span | None = None
    builtin_default = builtin_templates_dir() / "default"
    while current:
        directory = find_template_dir(current, cwd, span, notes_dir)
        if directory.resolve() in [d.resolve() for d in dirs]:
            raise ConfdeckError(f"extends: templates extend each other in a loop: "
                                f"{' → '.join([*chain, current])}", span)
        chain.append(current)
        dirs.append(directory)
        config, lines = read_template_yaml(directory / "template.yaml", cwd)
        configs.append(config)
        key_lines.append(lines)
        extends = config.get("extends")
        span = Span(shown_path(directory / "template.yaml", cwd), lines.get("extends"))
        if "extends" not in config and current != "default":
            extends = "default"
        current = extends
    if builtin_default.is_dir() and builtin_default.resolve() not in [d.resolve() for d in dirs]:
        # Every chain ends in the built-in default, so every key has a value.
        dirs.append(builtin_default)
        config, lines = read_template_yaml(builtin_default / "template.yaml", cwd)
        configs.append(config)
        key_lines.append(lines)
    merged: dict[str, Any] = {}
    origins: dict[str, int] = {}
    for level in range(len(configs) - 1, -1, -1):
        _deep_merge(merged, configs[level], origins, level)
    return Template(name, dirs, merged, origins, cwd, key_lines)


def _deep_merge(into: dict, update: dict, origins: dict[str, int], level: int, prefix: str = "") -> None:
    for key, value in update.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and isinstance(into.get(key), dict) and key != "extra":
            _deep_merge(into[key], value, origins, level, dotted + ".")
        else:
            into[key] = value
            origins[dotted] = level
            if isinstance(value, dict):
                for sub in value:
                    origins[f"{dotted}.{sub}"] = level


# -- reading and validating one template.yaml -----------------------------------

def read_template_yaml(path: Path, cwd: Path | None = None) -> tuple[dict[str, Any], dict[str, int]]:
    """Validated settings of one template.yaml and the line of every key; every problem raised at once."""
    import yaml

    shown = shown_path(path, cwd)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfdeckError(f"cannot read template settings: {exc}", Span(shown)) from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        from confdeck.yaml_errors import yaml_problem

        message, line = yaml_problem(exc, text)
        raise ConfdeckError(message, Span(shown, line + 1 if line is not None else None)) from None
    except yaml.YAMLError as exc:
        raise ConfdeckError(f"not valid YAML: {exc}", Span(shown)) from None
    except RecursionError:
        raise ConfdeckError(f"nested more than {MAX_YAML_DEPTH} levels deep (expected a few levels of settings)",
                            Span(shown, _too_deep_line(text))) from None
    checker = _Checker(shown, path.parent)
    try:
        config = checker.check(root)
    except RecursionError:  # `extra:` is built recursively too
        raise ConfdeckError(f"nested more than {MAX_YAML_DEPTH} levels deep (expected a few levels of settings)",
                            Span(shown, _too_deep_line(text))) from None
    checker.problems.sort(key=lambda problem: problem.span.line or 0)
    if checker.problems:
        raise ConfdeckError(checker.problems[0].message, checker.problems[0].span, checker.problems)
    return config, checker.lines


MAX_YAML_DEPTH = 100


def _too_deep_line(text: str) -> int | None:
    """The line where the YAML's nesting first goes deeper than MAX_YAML_DEPTH (PyYAML's parser is not recursive)."""
    import yaml

    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    return event.start_mark.line + 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None


class _Checker:
    """Walks the YAML node tree so every problem can name its line."""

    def __init__(self, shown: str, directory: Path):
        self.shown = shown
        self.directory = directory
        self.problems: list[Diagnostic] = []
        self.lines: dict[str, int] = {}

    def problem(self, node, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else None
        self.problems.append(Diagnostic(message, Span(self.shown, line), "error"))

    def choice(self, items: dict, config: dict, key: str, choices, expected: str) -> None:
        """A key whose value is one word of a few (a bare `off` is read by YAML 1.1 as false)."""
        if key not in items:
            return
        node = items[key][1]
        value = _scalar(node)
        value = "off" if value is False else value
        if value in choices:
            config[key] = value
        else:
            self.problem(node, f"{key}: expected {expected}, got {_shown_value(node)}")

    def _mapping(self, node, key: str, allowed: tuple[str, ...]) -> dict[str, Any]:
        """{name: (key node, value node)} of a mapping node, unknown keys reported."""
        import yaml

        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{key}: expected a mapping with {', '.join(allowed)}, got {_shown_value(node)}")
            return {}
        items = {}
        for key_node, value_node in node.value:
            name = str(key_node.value)
            dotted = f"{key}.{name}" if key else name
            self.lines[dotted] = key_node.start_mark.line + 1
            if name not in allowed:
                self.problem(key_node, f"{dotted}: unknown key; expected one of {', '.join(allowed)}"
                                       f"{did_you_mean(name, allowed)}")
                continue
            items[name] = (key_node, value_node)
        return items

    def check(self, root) -> dict[str, Any]:
        import yaml

        if root is None:
            return {}
        items = self._mapping(root, "", TOP_KEYS)
        if not items and not isinstance(root, yaml.MappingNode):
            return {}
        config: dict[str, Any] = {}
        for key in ("name", "description"):
            if key in items:
                config[key] = self.text(items[key][1], key, "text")
        if "extends" in items:
            node = items["extends"][1]
            value = _scalar(node)
            if value is None or value == "":
                config["extends"] = None
            elif not isinstance(value, str) or not _PLAIN_NAME.match(value) or value in (".", ".."):
                self.problem(node, f"extends: expected a template name (a plain folder name), got {value!r}")
            else:
                config["extends"] = value
        if "colors" in items:
            colors = {}
            for key, (_, node) in self._mapping(items["colors"][1], "colors", COLOR_KEYS).items():
                value = color_value(_scalar(node))
                if value is not None:
                    colors[key] = value
                else:
                    self.problem(node, f"colors.{key}: expected {COLOR_EXPECTED}, got {_shown_value(node)}")
            config["colors"] = colors
        if "fonts" in items:
            fonts = {}
            for key, (_, node) in self._mapping(items["fonts"][1], "fonts", FONT_KEYS).items():
                value = self.text(node, f"fonts.{key}", "a font name")
                if value is not None:
                    if re.search(r"[\"';{}<>\\]", value):
                        self.problem(node, f"fonts.{key}: expected a font name, got {value!r}")
                    else:
                        fonts[key] = value
            config["fonts"] = fonts
        if "logo" in items:
            config["logo"] = self.check_logo(items["logo"][1])
        if "footer" in items:
            config["footer"] = self.check_footer(items["footer"][1])
        if "slide_size" in items:
            node = items["slide_size"][1]
            # Read the raw text: YAML 1.1 turns an unquoted 16:9 into the number 969.
            raw = str(node.value) if isinstance(node, yaml.ScalarNode) else None
            if raw not in SLIDE_SIZES:
                shown_value = repr(raw) if raw is not None else _shown_value(node)
                self.problem(node, f"slide_size: expected 16:9, 4:3 or master, got {shown_value}")
            else:
                config["slide_size"] = raw
        if "agenda" in items:
            node = items["agenda"][1]
            value = _scalar(node)
            if isinstance(value, bool) or value == "auto":   # YAML 1.1 reads a bare on/off as a boolean
                config["agenda"] = value
            else:
                self.problem(node, f"agenda: expected auto, on or off, got {_shown_value(node)}")
        self.choice(items, config, "section_slides", SECTION_SLIDES, "auto, always or never")
        self.choice(items, config, "timer", TIMER_PLACES, "speaker, both or off")
        if "code_style" in items:
            node = items["code_style"][1]
            value = _scalar(node)
            styles = _pygments_styles()
            if isinstance(value, str) and value in styles:
                config["code_style"] = value
            else:
                self.problem(node, f"code_style: expected a Pygments style such as default, friendly or monokai, "
                                   f"got {_shown_value(node)}")
        if "extra" in items:
            value = _construct(items["extra"][1])
            if not isinstance(value, dict):
                self.problem(items["extra"][1], f"extra: expected a mapping, got {_shown_value(items['extra'][1])}")
            else:
                config["extra"] = value
        return config

    def text(self, node, key: str, expected: str) -> str | None:
        value = _scalar(node)
        if not isinstance(value, str) or not value.strip():
            self.problem(node, f"{key}: expected {expected}, got {_shown_value(node)}")
            return None
        return value.strip()

    def check_logo(self, node) -> dict[str, Any]:
        import yaml

        if isinstance(node, yaml.ScalarNode):  # `logo: logo.png` is short for `logo: {path: logo.png}`
            items = {"path": (node, node)}
        else:
            items = self._mapping(node, "logo", LOGO_KEYS)
        logo: dict[str, Any] = {}
        if "path" in items:
            path_node = items["path"][1]
            value = self.text(path_node, "logo.path", "an image file in the template folder")
            if value is not None:
                relative = Path(value)
                if relative.is_absolute() or ".." in relative.parts:
                    self.problem(path_node, f"logo.path: expected a file inside the template folder, got {value!r}")
                elif not (self.directory / relative).is_file():
                    self.problem(path_node, f"logo.path: no such file: {value}")
                elif not is_inside(self.directory / relative, [self.directory]):
                    self.problem(path_node, f"logo.path: refused: {value} links to a file outside the template "
                                            "folder")
                else:
                    logo["path"] = value
                    logo["file"] = self.directory / relative
        elif items:
            self.problem(node, "logo.path: missing; expected the logo's file name")
        if "where" in items:
            where_node = items["where"][1]
            value = _scalar(where_node)
            if value not in LOGO_PLACES:
                self.problem(where_node, f"logo.where: expected title, corner or both, got {_shown_value(where_node)}")
            else:
                logo["where"] = value
        return logo

    def check_footer(self, node) -> dict[str, Any]:
        import yaml

        if isinstance(node, yaml.ScalarNode):  # `footer: text` is short for `footer: {text: text}`
            items = {"text": (node, node)} if _scalar(node) not in (None, "") else {}
        else:
            items = self._mapping(node, "footer", FOOTER_KEYS)
        footer: dict[str, Any] = {}
        if "text" in items:
            text_node = items["text"][1]
            value = _scalar(text_node)
            if value in (None, ""):
                footer["text"] = ""
            elif not isinstance(value, str):
                self.problem(text_node, f"footer.text: expected text, got {_shown_value(text_node)}")
            else:
                unknown = [f for f in re.findall(r"\{([^{}]*)\}", value) if f not in FOOTER_FIELDS]
                if unknown:
                    self.problem(text_node, f"footer.text: unknown field {{{unknown[0]}}}; "
                                            "expected {title}, {date} or {slide}")
                else:
                    footer["text"] = value
        else:
            footer["text"] = ""
        return footer


def _construct(node) -> Any:
    import yaml

    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError:
        return node.value
    finally:
        loader.dispose()


def _scalar(node) -> Any:
    import yaml

    return _construct(node) if isinstance(node, yaml.ScalarNode) else node


def _shown_value(node) -> str:
    import yaml

    if isinstance(node, yaml.ScalarNode):
        value = _construct(node)
        return "nothing" if value is None else repr(value)
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "nothing"


def format_footer(text: str, title: str, date: str | None, slide: int | str) -> str:
    """The footer line of one slide."""
    return text.replace("{title}", title).replace("{date}", date or "").replace("{slide}", str(slide))


def _pygments_styles() -> set[str]:
    """Names of the installed Pygments styles (for code_style)."""
    from pygments.styles import get_all_styles

    return set(get_all_styles())
