"""The layers, checked on the source: python-pptx's internals and lxml stay behind the PowerPoint adapter,
and nothing below the renderers imports them.

An AST scan of every module under src/confdeck: each import statement (at any depth, lazy imports
included) is checked against the rules below.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "src" / "confdeck"
ADAPTER = "confdeck.powerpoint"
INTERNALS = ("lxml", "pptx.oxml", "pptx.opc", "pptx.parts", "pptx.util.lazyproperty")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of everything the module imports, relative imports made absolute."""
    module = _module_name(path)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")[: -node.level] if not path.name == "__init__.py" else \
                    module.split(".")[: len(module.split(".")) - node.level + 1]
                base = ".".join([*package, base] if base else package)
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


@pytest.mark.parametrize("path", MODULES, ids=[_module_name(p) for p in MODULES])
def test_lxml_and_python_pptx_internals_only_in_the_adapter(path):
    if _under(_module_name(path), ADAPTER):
        return
    wrong = [(line, name) for line, name in _imports(path) if any(_under(name, bad) for bad in INTERNALS)]
    assert not wrong, f"{path.relative_to(ROOT)} imports {wrong}: only src/confdeck/powerpoint/ may"


@pytest.mark.parametrize("path", MODULES, ids=[_module_name(p) for p in MODULES])
def test_nothing_below_the_renderers_imports_them(path):
    module = _module_name(path)
    if not any(_under(module, low) for low in ("confdeck.read", "confdeck.plan", "confdeck.templates",
                                                 "confdeck.model", "confdeck.look", "confdeck.powerpoint")):
        return
    wrong = [(line, name) for line, name in _imports(path) if _under(name, "confdeck.render")]
    assert not wrong, f"{path.relative_to(ROOT)} imports {wrong} from render/"


def test_the_scan_sees_lazy_and_relative_imports(tmp_path):
    # The rule must not be dodged by importing inside a function.
    source = PACKAGE / "read" / "markdown.py"
    names = [name for _, name in _imports(source)]
    assert "confdeck.read.frontmatter.split_front_matter" in names
    assert any(_under(name, "marko") for name in names)


def test_python_pptx_drawing_stays_public_in_the_renderer():
    # render/pptx.py draws with python-pptx's public API and the adapter: no private attributes.
    tree = ast.parse((PACKAGE / "render" / "pptx.py").read_text(encoding="utf-8"))
    private = sorted({node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
                      and node.attr.startswith("_") and not node.attr.startswith("__")
                      and not (isinstance(node.value, ast.Name) and node.value.id == "self")})
    assert private == []


@pytest.mark.parametrize("path", MODULES, ids=[_module_name(p) for p in MODULES])
def test_renderers_draw_what_the_plan_decided_and_import_nothing_from_it(path):
    # Both decks agree because they draw the same boxes (PlannedSlide.layout), not because each computes them
    # again: the renderers and the PowerPoint adapter import nothing from plan/.
    module = _module_name(path)
    if not any(_under(module, drawer) for drawer in ("confdeck.render", "confdeck.powerpoint")):
        return
    wrong = [(line, name) for line, name in _imports(path) if _under(name, "confdeck.plan")]
    assert not wrong, f"{path.relative_to(ROOT)} imports {wrong} from plan/"
