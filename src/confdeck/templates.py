"""Finding templates: the user's ./templates/<name>/ first, then the built-in ones."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from confdeck.errors import ConfdeckError

_PLAIN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def builtin_templates_dir() -> Path:
    """Templates shipped with confdeck: inside the installed package, or the source checkout's templates/."""
    packaged = Path(__file__).parent / "builtin_templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


def template_roots(cwd: Path | None = None) -> list[Path]:
    roots = [(cwd or Path.cwd()) / "templates", builtin_templates_dir()]
    unique: list[Path] = []
    for root in roots:
        if root.resolve() not in [r.resolve() for r in unique]:
            unique.append(root)
    return unique


def available_templates(cwd: Path | None = None) -> list[str]:
    names = set()
    for root in template_roots(cwd):
        if root.is_dir():
            names.update(p.name for p in root.iterdir() if (p / "template.yaml").is_file())
    return sorted(names)


@dataclass
class Template:
    name: str
    dirs: list[Path]                     # this template first, then what it extends
    config: dict[str, Any] = field(default_factory=dict)

    def find(self, filename: str) -> Path | None:
        for directory in self.dirs:
            if (directory / filename).is_file():
                return directory / filename
        return None


def find_template_dir(name: str, cwd: Path | None = None) -> Path:
    if not _PLAIN_NAME.match(name) or name in (".", ".."):
        raise ConfdeckError(f"template name {name!r} is not a plain folder name")
    for root in template_roots(cwd):
        candidate = root / name
        if (candidate / "template.yaml").is_file():
            return candidate
    raise ConfdeckError(f"no template '{name}'; available: {', '.join(available_templates(cwd))}")


def load_template(name: str | None, cwd: Path | None = None) -> Template:
    import yaml

    name = name or "default"
    dirs: list[Path] = []
    configs: list[dict] = []
    current: str | None = name
    while current:
        directory = find_template_dir(current, cwd)
        if directory in dirs:
            raise ConfdeckError(f"template '{current}' extends itself")
        dirs.append(directory)
        config = yaml.safe_load((directory / "template.yaml").read_text(encoding="utf-8")) or {}
        configs.append(config)
        current = config.get("extends") or ("default" if current != "default" else None)
    merged: dict[str, Any] = {}
    for config in reversed(configs):
        _deep_merge(merged, config)
    return Template(name, dirs, merged)


def _deep_merge(into: dict, update: dict) -> None:
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _deep_merge(into[key], value)
        else:
            into[key] = value
