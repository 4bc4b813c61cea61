"""The import rule of docs/architecture.md, checked on every project module's source.

Every `import` and `from … import` is read with `ast`, those inside functions included, so a
lazy import is no way round the rule. Each failure names the importing file and line.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each app's floor, lowest first (docs/architecture.md#floors). An app imports only its own
# floor and the floors below; `bench/`, `drill/` and `tests/` may import anything and are not
# checked.
FLOORS = {
    "common": 0,
    "cases": 1,
    "accounts": 2,
    "workflows": 2,
    "search": 2,
    "staff": 3,
    "portal": 3,
    "api": 3,
    "reports": 3,
    "imports": 3,
    "open311": 3,
    "ops": 3,
    "config": 4,
}
UNCHECKED = {"tests", "bench", "drill"}

# What another app may import of each app (docs/architecture.md#public-modules): these
# modules and the modules inside them. Everything in common/ is public: it is the toolkit.
PUBLIC_EVERYWHERE = ("models", "services", "selectors", "exceptions", "signals")
PUBLIC = {
    "cases": (
        "permissions",
        "deadlines",
        "identity",
        "tracking_codes",
        "importing",
        "forms",
        "transition_forms",
        "people",
    ),
    "search": ("params", "query", "backends.base"),
    "reports": ("params", "layout"),
}


@dataclass(frozen=True)
class Import:
    path: str  # the importing file, relative to the repository
    line: int
    source: str  # the importing module, e.g. "api.views"
    target: str  # the imported module, e.g. "cases.services"

    @property
    def source_app(self) -> str:
        return self.source.split(".")[0]

    @property
    def target_app(self) -> str:
        return self.target.split(".")[0]

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports {self.target}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_module(name: str) -> bool:
    base = ROOT.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def imports_of(path: str, text: str) -> list[Import]:
    """Return the project modules that the source `text` of the file at `path` imports."""
    source = module_name(ROOT / path)
    package = source if path.endswith("__init__.py") else source.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(text, filename=path)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{anchor}.{base}" if base else anchor
            # `from cases import identity` imports the module cases.identity.
            targets = [
                f"{base}.{alias.name}" if is_module(f"{base}.{alias.name}") else base
                for alias in node.names
            ]
        else:
            continue
        found += [
            Import(path, node.lineno, source, target)
            for target in dict.fromkeys(targets)
            if target.split(".")[0] in FLOORS or target.split(".")[0] in UNCHECKED
        ]
    return found


def project_files() -> list[Path]:
    apps = [
        path.parent
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in UNCHECKED and not path.parent.name.startswith(".")
    ]
    return sorted(file for app in apps for file in app.rglob("*.py"))


def all_imports() -> list[Import]:
    return [
        found
        for file in project_files()
        for found in imports_of(str(file.relative_to(ROOT)), file.read_text())
    ]


def is_public(target: str) -> bool:
    app, _dot, inside = target.partition(".")
    if app == "common" or not inside:
        return True
    allowed = PUBLIC_EVERYWHERE + PUBLIC.get(app, ())
    return any(inside == name or inside.startswith(f"{name}.") for name in allowed)


def floor_breaches(imports: list[Import]) -> list[str]:
    return [
        f"{found}: {found.source_app} (floor {FLOORS[found.source_app]}) may not import "
        f"{found.target_app} (floor {FLOORS[found.target_app]}), a higher floor"
        for found in imports
        if found.target_app in UNCHECKED or FLOORS[found.target_app] > FLOORS[found.source_app]
    ]


def internal_uses(imports: list[Import]) -> list[str]:
    return [
        f"{found}, an internal module of {found.target_app}: use its public modules"
        for found in imports
        if found.source_app != found.target_app
        and found.target_app in FLOORS
        # A higher floor is refused whatever the module.
        and FLOORS[found.target_app] <= FLOORS[found.source_app]
        and not is_public(found.target)
    ]


def cycles(imports: list[Import], key) -> list[str]:
    """Return a message for each pair of apps or modules (as `key` groups them) that import
    each other, naming one import each way."""
    first: dict[tuple[str, str], Import] = {}
    for found in imports:
        pair = (key(found.source), key(found.target))
        if pair[0] != pair[1]:
            first.setdefault(pair, found)
    return [
        f"{found} and {first[(b, a)]}: {a} and {b} import each other"
        for (a, b), found in first.items()
        if a < b and (b, a) in first
    ]


def app_cycles(imports: list[Import]) -> list[str]:
    return cycles(imports, key=lambda module: module.split(".")[0])


def module_cycles(imports: list[Import]) -> list[str]:
    inside_apps = [found for found in imports if found.source_app == found.target_app]
    return cycles(inside_apps, key=lambda module: module)


@pytest.fixture(scope="module")
def imports() -> list[Import]:
    return all_imports()


def test_every_app_has_a_floor():
    apps = {file.relative_to(ROOT).parts[0] for file in project_files()}
    assert sorted(apps - set(FLOORS)) == []


RULES = {
    "no app imports a higher floor": floor_breaches,
    "apps use each other only through public modules": internal_uses,
    "no two apps import each other": app_cycles,
    "no two modules of an app import each other": module_cycles,
}


@pytest.mark.parametrize("rule", RULES)
def test_the_tree_keeps_the_rule(imports, rule):
    breaches = RULES[rule](imports)
    assert not breaches, "\n".join(breaches)


def check(*files: tuple[str, str]) -> list[str]:
    """Return every breach the rule finds in the given (path, source) files, as if the tree."""
    imports = [found for path, text in files for found in imports_of(path, text)]
    return [breach for rule in RULES.values() for breach in rule(imports)]


# Sideways imports the apps once had, each written as it was: the rule must see them.
DOORS = {
    "api imports the portal's limiter": (("api/throttles.py", "from portal.limits import hit"),),
    "api imports the lockout response from accounts' views": (
        ("api/views.py", "from accounts.views import lockout_response"),
    ),
    "reports imports staff's role checks": (
        ("reports/views.py", "from staff.access import roles_required"),
    ),
    "imports imports staff's role checks": (
        ("imports/views.py", "from staff.access import roles_required"),
    ),
    "the portal's forms import staff's": (
        ("portal/forms.py", "from staff.forms import PHONE, MultipleFileField"),
    ),
    "imports folds text with the search normalizer": (
        ("imports/values.py", "from search.normalizer import fold"),
    ),
    "search's services and tasks import each other": (
        ("search/services.py", "def later():\n    from .tasks import deliver_outbox\n"),
        ("search/tasks.py", "from .services import outbox_deliver"),
    ),
    "a workflow task imports the Celery app of config": (
        ("workflows/tasks.py", "from config.celery import app"),
    ),
    "the ground floor imports a service app inside a function": (
        ("cases/services.py", "def f():\n    from search.selectors import search_cases\n"),
    ),
    "two screens import each other's selectors": (
        ("staff/selectors.py", "from portal.selectors import x"),
        ("portal/selectors.py", "from staff.selectors import y"),
    ),
}


@pytest.mark.parametrize("door", DOORS)
def test_the_rule_sees_each_door(door):
    assert len(check(*DOORS[door])) == 1


def test_a_breach_names_the_files_and_lines_that_make_it():
    assert check(*DOORS["search's services and tasks import each other"]) == [
        "search/services.py:2 imports search.tasks and search/tasks.py:1 imports "
        "search.services: search.services and search.tasks import each other"
    ]
