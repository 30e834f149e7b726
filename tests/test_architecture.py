"""The packages of src/analysis are layers: a module imports only from its own layer or lower
ones (docs/ARCHITECTURE.md). Read from the import statements, those inside functions too."""
import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
# lowest first; a module of the package root that is not listed is refused by the test below
LAYERS = (
    ("analysis", "analysis.config", "analysis.compiled"),
    ("analysis.extract",),
    ("analysis.checks",),
    ("analysis.store",),
    ("analysis.catalogue",),
    ("analysis.report",),
    ("analysis.corpus", "analysis.cli"),
)


def module_name(path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    return ".".join(parts[:-1] if is_package else parts), is_package


def layer_of(module: str) -> int:
    """The layer of a module: that of the longest listed name it is or lies inside."""
    best, depth = None, -1
    for index, names in enumerate(LAYERS):
        for name in names:
            inside = module == name or (module.startswith(name + ".") and name != "analysis")
            if inside and name.count(".") > depth:
                best, depth = index, name.count(".")
    if best is None:
        raise LookupError(f"{module} is in no layer of tests/test_architecture.py")
    return best


def imports(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, absolute module) of every import of the analysis package in the source of `module`."""
    package = module if is_package else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from pkg import module` imports the module, `from module import name` the module
            found += [(node.lineno, f"{target}.{a.name}" if _is_module(f"{target}.{a.name}") else target)
                      for a in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
    return [(line, target) for line, target in found if target.split(".")[0] == "analysis"]


def _is_module(name: str) -> bool:
    path = SRC.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


SOURCES = sorted((SRC / "analysis").rglob("*.py"))


def test_every_module_lies_in_a_layer():
    assert [module_name(p)[0] for p in SOURCES if _unlayered(p)] == []


def _unlayered(path: Path) -> bool:
    try:
        layer_of(module_name(path)[0])
    except LookupError:
        return True
    return False


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_imports_a_higher_layer(path):
    module, is_package = module_name(path)
    assert upward_imports(path.read_text("utf-8"), module, is_package) == [], f"{module} imports a higher layer"


def upward_imports(source: str, module: str, is_package: bool = False) -> list[str]:
    return [f"line {line}: {target}" for line, target in imports(source, module, is_package)
            if layer_of(target) > layer_of(module)]


def test_an_upward_import_is_seen_wherever_it_is_written():
    """The check above can fail: relative, absolute, `from package import module` and an import
    inside a function are all read."""
    source = ("from ..extract.normalise import squash\n"
              "from . import disclosure\n"
              "def f():\n"
              "    from ..store import schema\n"
              "    import analysis.report.charts\n"
              "    from analysis.catalogue.views import analytical_views\n")
    assert upward_imports(source, "analysis.checks.identities") == [
        "line 4: analysis.store.schema", "line 5: analysis.report.charts", "line 6: analysis.catalogue.views"]
    assert upward_imports("from .. import __version__\n", "analysis.store.records") == []
    assert upward_imports("from .readers import text\n", "analysis.extract", is_package=True) == []
