"""Shape rules: no Qt outside valenza_desk/ui, every module documented, layers only look down,
no import cycles, and nobody but the services opens a session."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "valenza_desk"
# domain < store < importers < services < reports < (cli, ui); the small top-level helpers sit below all
LAYERS = {
    "": 0,  # valenza_desk/__init__.py
    "errors": 0,
    "text": 0,
    "config": 0,
    "resources": 0,
    "domain": 1,
    "store": 2,
    "importers": 3,
    "services": 4,
    "reports": 5,
    "cli": 6,
    "ui": 6,
    "__main__": 7,
}


def non_ui_modules() -> list[str]:
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = relative.parts
        if "ui" in parts[:2] or "migrations" in parts or parts[-1] == "__main__":
            continue
        modules.append(".".join(p for p in parts if p != "__init__"))
    return modules


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(p for p in parts if p != "__init__")


def imports_of(path: Path, runtime_only: bool = False) -> set[str]:
    """Every valenza_desk module this file imports, at any depth (function bodies too);
    with ``runtime_only``, not those under ``if TYPE_CHECKING:`` (type hints only)."""
    found: set[str] = set()
    name = module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hints_only: set[int] = set()
    if runtime_only:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                hints_only.update(id(n) for child in node.body for n in ast.walk(child))
    for node in ast.walk(tree):
        if id(node) in hints_only:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("valenza_desk"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import
                base = name.split(".")[: -node.level] if path.name != "__init__.py" else name.split(".")
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.startswith("valenza_desk"):
                found.add(target)
                found.update(f"{target}.{a.name}" for a in node.names)
    return found


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def project_modules() -> dict[str, Path]:
    return {
        module_name(p): p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts and p.name != "__init__.py"
    } | {module_name(p): p for p in PACKAGE.rglob("__init__.py")}


def test_no_module_outside_ui_imports_pyside6() -> None:
    modules = non_ui_modules()
    assert "valenza_desk.services.desk" in modules and "valenza_desk.cli" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"PySide6 imported outside ui/: {result.stdout}"


def test_every_module_has_a_docstring() -> None:
    missing = [
        str(path.relative_to(PACKAGE.parent))
        for path in PACKAGE.rglob("*.py")
        if "versions" not in path.parts and ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) is None
    ]
    assert missing == []


def test_layers_only_look_down() -> None:
    wrong = []
    for module, path in project_modules().items():
        layer = LAYERS[package_of(module)]
        for imported in imports_of(path):
            target = package_of(imported)
            if target and target in LAYERS and LAYERS[target] > layer:
                wrong.append(f"{module} imports {imported}")
    assert sorted(set(wrong)) == []


def test_no_import_cycles_between_packages_or_modules() -> None:
    modules = project_modules()
    graph: dict[str, set[str]] = defaultdict(set)
    package_graph: dict[str, set[str]] = defaultdict(set)
    for module, path in modules.items():
        for imported in imports_of(path, runtime_only=True):
            target = imported if imported in modules else imported.rsplit(".", 1)[0]
            if target in modules and target != module:
                graph[module].add(target)
                if package_of(target) != package_of(module):
                    package_graph[package_of(module)].add(package_of(target))
    assert _cycles(package_graph) == []
    assert _cycles(graph) == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every elementary cycle found by depth-first search (one representative per cycle)."""
    found: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                found.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_only_the_services_open_sessions_or_write_sql() -> None:
    """UI, CLI and reports go through the Desk: no session, no tables, no service module but the Desk
    (and the query's in-memory evaluation, and the sample data)."""
    allowed_services = {
        "valenza_desk.services.desk",
        "valenza_desk.services.action_query",
        "valenza_desk.services.samples",
    }
    offenders = []
    for module, path in project_modules().items():
        if package_of(module) not in ("ui", "cli", "reports"):
            continue
        source = path.read_text(encoding="utf-8")
        for imported in imports_of(path):
            if imported.startswith(("valenza_desk.store.database", "valenza_desk.store.models")) or (
                imported.startswith("valenza_desk.services.")
                and not any(imported == a or imported.startswith(a + ".") for a in allowed_services)
            ):
                offenders.append(f"{module}: {imported}")
        if "Session(" in source or "db.read()" in source or "db.write()" in source:
            offenders.append(f"{module}: opens a session")
    assert offenders == []
