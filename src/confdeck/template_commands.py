"""`confdeck template list` and `confdeck template new`, without any command-line parsing."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from confdeck.errors import ConfdeckError
from confdeck.model import Span
from confdeck.templates import (
    _PLAIN_NAME, builtin_templates_dir, find_template_dir, load_template, read_template_yaml, shown_path,
    template_roots,
)


@dataclass
class TemplateEntry:
    name: str
    where: str          # "built-in" or the folder as the user would type it
    extends: str | None
    master: bool
    problem: str | None = None
    description: str | None = None   # template.yaml's one line about the look


def list_templates(cwd: Path | None = None) -> list[TemplateEntry]:
    """Every template the build would find, the user's own first where both have one."""
    builtin_root = builtin_templates_dir().resolve()
    entries: dict[str, TemplateEntry] = {}
    for root in template_roots(cwd):
        if not root.is_dir():
            continue
        for folder in sorted(root.iterdir()):
            if folder.name in entries or not (folder / "template.yaml").is_file():
                continue
            where = "built-in" if root.resolve() == builtin_root else shown_path(folder, cwd) + "/"
            try:
                config, _ = read_template_yaml(folder / "template.yaml", cwd)
            except ConfdeckError as exc:
                entries[folder.name] = TemplateEntry(folder.name, where, None, False, str(exc.problems[0]))
                continue
            extends = config.get("extends", None if folder.name == "default" else "default")
            entries[folder.name] = TemplateEntry(folder.name, where, extends, (folder / "master.pptx").is_file(),
                                                 description=config.get("description"))
    return sorted(entries.values(), key=lambda e: e.name)


def format_template_list(entries: list[TemplateEntry]) -> list[str]:
    width_name = max((len(e.name) for e in entries), default=4)
    width_where = max((len(e.where) for e in entries), default=8)
    lines = []
    for entry in entries:
        if entry.problem:
            about = f"invalid: {entry.problem}"
        else:
            about = f"extends {entry.extends}" if entry.extends else "base template"
            if entry.master:
                about += ", own master.pptx"
            if entry.description:
                about += f": {entry.description}"
        lines.append(f"{entry.name:<{width_name}}  {entry.where:<{width_where}}  {about}")
    return lines


def new_template(name: str, base: str = "default", master: Path | None = None, master_shown: str | None = None,
                 cwd: Path | None = None) -> tuple[Path, list]:
    """Scaffold ./templates/NAME/ with a commented template.yaml (and the company's master, made a
    presentation); returns the folder and the warnings about the master."""
    cwd = cwd or Path.cwd()
    if not _PLAIN_NAME.match(name) or name in (".", ".."):
        raise ConfdeckError(f"template name {name!r} is not a plain folder name")
    target = cwd / "templates" / name
    if target.exists():
        raise ConfdeckError(f"{shown_path(target, cwd)} already exists; choose another name or edit that template")
    find_template_dir(base, cwd)
    inherited = load_template(base, cwd)
    copy, warnings = None, []
    if master is not None:
        from confdeck.powerpoint.master import master_copy, open_master

        shown = master_shown or str(master)
        if not master.is_file():
            raise ConfdeckError("no such file", Span(shown))
        open_master(master, shown)  # refuse a file that is not a PowerPoint deck before creating anything
        copy, warnings = master_copy(master, shown)
    target.mkdir(parents=True)
    try:
        if copy is not None:
            (target / "master.pptx").write_bytes(copy)
        shown_values = dict(inherited.config)
        own_footer = None
        if master is not None:
            # Show the master's own theme in the comments: those are the values the decks will use.
            from confdeck.powerpoint.master import read_master_look

            copied = shown_path(target / "master.pptx", cwd)
            try:
                master_look = read_master_look(target / "master.pptx", copied, None)
            except ConfdeckError:
                raise
            except Exception as exc:   # passed every check and still breaks python-pptx: the file's fault
                raise ConfdeckError(f"not a PowerPoint file ({type(exc).__name__}: {str(exc)[:200]})",
                                    Span(master_shown or str(master))) from None
            shown_values["colors"] = {**inherited.config.get("colors", {}), **master_look.colors}
            shown_values["fonts"] = {**inherited.config.get("fonts", {}), **master_look.fonts}
            own_footer = master_look.own_footer
        (target / "template.yaml").write_text(template_yaml(name, base, shown_values, master is not None, own_footer),
                                              encoding="utf-8")
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target, warnings


def template_yaml(name: str, base: str, inherited: dict, has_master: bool, own_footer=None) -> str:
    """A template.yaml whose comments show every key and the value it inherits today (`own_footer`:
    the master's own footer, date and slide number, master_footer.MasterFooter)."""
    colors = inherited.get("colors", {})
    fonts = inherited.get("fonts", {})
    master_note = ("# master.pptx is this company's PowerPoint master: its theme colours and fonts,\n"
                   "# slide size and layouts are used unless you set a value here.\n" if has_master else
                   "# Put the company's PowerPoint template next to this file as master.pptx to build\n"
                   "# the .pptx deck in it (its theme, layouts and slide size).\n")

    def value(v) -> str:
        return f'"{v}"' if isinstance(v, str) and (v.startswith("#") or ":" in v) else str(v)

    lines = [
        f"# confdeck template \"{name}\". Every key is optional: what is left out (or commented",
        f"# out) comes from the template named in `extends`, here \"{base}\".",
        master_note.rstrip("\n"),
        "",
        f"name: {name}",
        f"extends: {base}",
        "",
        "# Colours as #RRGGBB, used by the PowerPoint and the HTML deck alike.",
        "# colors:",
        *[f"#   {key}: {value(colors.get(key, ''))}" for key in ("background", "text", "heading", "accent", "link")],
        "",
        "# Font names; the HTML deck falls back to similar fonts where one is missing.",
        "# fonts:",
        *[f"#   {key}: {fonts.get(key, '')}" for key in ("heading", "body", "code")],
        "",
        "# A logo file in this folder, on the title slide (title), in a corner of every slide",
        "# (corner) or both.",
        "# logo:",
        "#   path: logo.png",
        "#   where: corner",
        "",
        *_footer_lines(own_footer),
        "",
        "# 16:9, 4:3, or master (the size of master.pptx).",
        f"# slide_size: {value('master' if has_master else inherited.get('slide_size', '16:9'))}",
        "",
        "# An agenda slide after the title slide: auto (only for three sections or more), on or off.",
        f"# agenda: {({True: 'on', False: 'off'}).get(inherited.get('agenda', 'auto'), 'auto')}",
        "",
    ]
    return "\n".join(lines)


def _footer_lines(own_footer) -> list[str]:
    """The footer key's comment: what the master shows while it is unset, and a suggestion that does not
    number the slides a second time when the master numbers them."""
    numbers = own_footer is not None and own_footer.number_box is not None
    lines = ["# A footer on every slide but the title slide; {title}, {date} and {slide} are filled in."]
    if own_footer is not None and own_footer.footer_text:
        shown = own_footer.footer_text.replace("\n", " ")
        lines.append(f"# While it is unset, the master's own footer is kept: \"{shown}\".")
    if numbers:
        lines.append("# The master numbers its slides itself, so the footer need not.")
    lines += ["# footer:", "#   text: \"{title}\"" if numbers else "#   text: \"{title} · {slide}\""]
    return lines
