"""The package structure: imports run one way, from blueprints down to the domain.

Read with `ast` rather than by importing, so the test sees every import,
including those inside functions.
"""

import ast
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parent.parent / "quizapp"


def unit_of(module: str) -> str | None:
    """Name the package or top-level module a dotted module name belongs to."""
    parts = module.split(".")
    if parts[0] != "quizapp" or len(parts) < 2:
        return None
    return parts[1]


def module_name(path: Path, root: Path) -> str:
    relative = path.relative_to(root.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> set[str]:
    """Every quizapp module a file imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("quizapp.")}


def unit_imports(root: Path = PACKAGE_ROOT) -> dict[str, set[str]]:
    """Map each unit (subpackage or top-level module) to the other units it imports."""
    graph: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*.py")):
        if path == root / "__init__.py":
            continue  # the factory, which wires every unit together
        unit = unit_of(module_name(path, root))
        targets = {unit_of(name) for name in imported_modules(path)}
        graph.setdefault(unit, set()).update(t for t in targets if t and t != unit)
    return graph


def blueprint_units(root: Path = PACKAGE_ROOT) -> set[str]:
    """A blueprint package is one with a views.py: one package per area of the site."""
    return {path.parent.name for path in root.glob("*/views.py")}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """Return one import cycle between units, or None."""
    visiting, done = set(), set()

    def visit(unit, trail):
        if unit in visiting:
            return [*trail[trail.index(unit):], unit]
        if unit in done:
            return None
        visiting.add(unit)
        for target in sorted(graph.get(unit, ())):
            cycle = visit(target, [*trail, unit])
            if cycle:
                return cycle
        visiting.discard(unit)
        done.add(unit)
        return None

    for unit in sorted(graph):
        cycle = visit(unit, [])
        if cycle:
            return cycle
    return None


def layer_violations(graph: dict[str, set[str]], blueprints: set[str]) -> list[str]:
    """Imports that break the layers: blueprint to blueprint, or anything below to a blueprint."""
    problems = []
    for unit, targets in sorted(graph.items()):
        for target in sorted(targets & blueprints):
            if unit in blueprints:
                problems.append(f"blueprint {unit} imports blueprint {target}")
            elif unit != "cli":
                problems.append(f"{unit} (below the blueprints) imports blueprint {target}")
            else:
                problems.append(f"cli imports blueprint {target}")
    return problems


def test_blueprints_are_found():
    assert {"quiz", "banks", "admin", "auth"} <= blueprint_units()


def test_no_layer_is_crossed_upwards_or_sideways():
    assert layer_violations(unit_imports(), blueprint_units()) == []


def test_no_import_cycle_between_packages():
    assert find_cycle(unit_imports()) is None


def test_bank_file_format_does_not_depend_on_interop():
    assert "interop" not in unit_imports()["bankfile"]


def test_vocabulary_imports_nothing_of_the_app():
    assert unit_imports().get("vocabulary", set()) == set()


@pytest.mark.parametrize("unit", ["grading", "bankfile", "study", "interop", "vocabulary"])
def test_domain_packages_know_nothing_of_requests(unit):
    sources = [PACKAGE_ROOT / f"{unit}.py"] if (PACKAGE_ROOT / f"{unit}.py").exists() else sorted(
        (PACKAGE_ROOT / unit).rglob("*.py"))
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in {"flask", "flask_login"}:
                names = {alias.name for alias in node.names}
                assert not names & {"request", "session", "g", "current_user"}, path


# The checks above must catch what they are for: try them on small made-up trees.

def write_tree(root: Path, files: dict[str, str]) -> Path:
    package = root / "quizapp"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


def test_checks_catch_a_blueprint_importing_another(tmp_path):
    root = write_tree(tmp_path, {
        "__init__.py": "",
        "quiz/__init__.py": "", "quiz/views.py": "",
        "banks/__init__.py": "", "banks/views.py": "from quizapp.quiz.views import bp\n",
    })
    assert layer_violations(unit_imports(root), blueprint_units(root)) == [
        "blueprint banks imports blueprint quiz"]


def test_checks_catch_a_domain_package_importing_a_blueprint_inside_a_function(tmp_path):
    root = write_tree(tmp_path, {
        "__init__.py": "",
        "quiz/__init__.py": "", "quiz/views.py": "",
        "study/__init__.py": "",
        "study/attempts.py": "def f():\n    from quizapp.quiz import forms\n",
    })
    assert layer_violations(unit_imports(root), blueprint_units(root)) == [
        "study (below the blueprints) imports blueprint quiz"]


def test_checks_catch_a_cycle(tmp_path):
    root = write_tree(tmp_path, {
        "__init__.py": "",
        "bankfile/__init__.py": "", "bankfile/cli.py": "import quizapp.interop.gift\n",
        "interop/__init__.py": "", "interop/gift.py": "from quizapp.bankfile import cli\n",
    })
    assert find_cycle(unit_imports(root)) == ["bankfile", "interop", "bankfile"]
