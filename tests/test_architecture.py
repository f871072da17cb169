"""The house as DESIGN.md draws it, checked: floors whose imports point down (import-linter's
layers contract, imports inside functions included), no reflection across a floor, views that
never write a model themselves, one function that changes a candidacy's status, and modules small
enough to read."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["lib", "accounts", "taxonomy", "employers", "participants", "tracks", "reports", "jobbspar"]
MAX_LINES = 400


def app_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def parsed(path):
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def where(path, node):
    return f"{path.relative_to(ROOT)}:{node.lineno}"


def test_imports_point_down_the_floors():
    """`lint-imports` reads the contract from pyproject.toml: jobbspar > reports > tracks >
    participants > employers > taxonomy > accounts > lib."""
    result = subprocess.run([str(Path(sys.executable).with_name("lint-imports"))], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_no_app_reads_another_apps_tables_by_reflection():
    found = []
    for path in app_modules():
        for node in ast.walk(parsed(path)):
            if isinstance(node, ast.Attribute) and node.attr == "related_model":
                found.append(where(path, node))
            if isinstance(node, ast.Attribute) and node.attr == "get_model":
                found.append(where(path, node))
            if isinstance(node, ast.Attribute) and node.attr == "get_field" and isinstance(node.value, ast.Attribute) \
                    and node.value.attr == "_meta":
                found.append(where(path, node))
    assert found == []


WRITES = {"save", "delete", "update", "create", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}


def view_modules():
    for path in app_modules():
        if path.name == "views.py" or path.parent.name == "views":
            yield path


def test_no_view_writes_a_model_itself():
    """Views parse, check permission and call a service; the service writes and audits."""
    found = []
    for path in view_modules():
        for node in ast.walk(parsed(path)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITES:
                receiver = ast.unparse(node.func.value)
                if receiver not in ("request.session", "messages"):
                    found.append(f"{where(path, node)} {ast.unparse(node.func)}")
    assert found == []


THE_ONE = "tracks/services/candidacy.py"


def test_only_one_function_changes_a_candidacys_status():
    found = []
    for path in app_modules():
        if str(path.relative_to(ROOT)) == THE_ONE:
            continue
        for node in ast.walk(parsed(path)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update":
                if any(k.arg == "status" for k in node.keywords) and "andidac" in ast.unparse(node.func.value):
                    found.append(where(path, node))
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    text = ast.unparse(target)
                    if text.endswith(".status") and "andidac" in text:
                        found.append(where(path, node))
    assert found == []
    assert "def candidacy_change_status" in (ROOT / THE_ONE).read_text()


def test_modules_stay_readable():
    """A module past about 400 lines becomes a package along the seam it already has."""
    long = {str(p.relative_to(ROOT)): n for p in app_modules() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}
