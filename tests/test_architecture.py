"""The architecture the folders promise, checked from the source.

The ground knows no domain: the shared apps import no domain app, so adding an
app changes no site-wide file. Domain apps reach each other only through what
they offer. No two of the project's modules import each other, directly or
round a circle, whether at the top of a file or inside a function. And no model
imports a view: a URL has one owner.
"""

import ast
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
GROUND_APPS = ["pages", "notifications", "core", "organisations", "topics"]
DOMAIN_APPS = {"declaration", "roadmap", "events", "news", "funding", "subscriptions"}
# Every package of the project's own code; tests and the stand-alone scripts are not imported by it.
PROJECT_PACKAGES = [*GROUND_APPS, *sorted(DOMAIN_APPS), "localdigital"]


def imported_modules(tree: ast.AST, package: str = ""):
    """(line, module) for each import, at any depth, relative ones made absolute from `package`.

    `from declaration import services` reaches declaration.services; `from .models import Event`
    in events/queries.py (package "events") reaches events.models.Event. A name that is not a
    module (Event) is left on the end: module_for() finds the module that holds it.
    """
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - (node.level - 1)])
                source = f"{base}.{node.module}" if node.module else base
            else:
                source = node.module
            for alias in node.names:
                yield node.lineno, source if alias.name == "*" else f"{source}.{alias.name}"


def _source_files(packages, root: Path = PROJECT, migrations: bool = False):
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            if migrations or "migrations" not in path.relative_to(root).parts:
                yield path


def module_name(path: Path, root: Path = PROJECT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package_of(path: Path, root: Path = PROJECT) -> str:
    return module_name(path.parent / "__init__.py", root)


def _imports_in(path: Path, root: Path = PROJECT):
    return imported_modules(ast.parse(path.read_text(), filename=str(path)), _package_of(path, root))


def ground_files():
    yield from _source_files(GROUND_APPS)


def test_the_ground_apps_exist():
    assert len(list(ground_files())) > 10


def test_the_ground_apps_import_no_domain_app():
    offences = [
        f"{path.relative_to(PROJECT)}:{line} imports {module}"
        for path in ground_files()
        for line, module in _imports_in(path)
        if module.split(".")[0] in DOMAIN_APPS
    ]

    assert offences == []


# What a domain app offers the others: its services, its signals, and the hooks it declares for them.
PUBLIC_MODULES = {"services", "signals", "principle_content", "signatory_content"}


def domain_files():
    for app in sorted(DOMAIN_APPS):
        for path in _source_files([app]):
            yield app, path


def test_domain_apps_reach_each_other_only_through_services_signals_and_declared_hooks():
    offences = [
        f"{path.relative_to(PROJECT)}:{line} imports {module}"
        for app, path in domain_files()
        for line, module in _imports_in(path)
        if module.split(".")[0] in DOMAIN_APPS - {app}
        and (len(module.split(".")) < 2 or module.split(".")[1] not in PUBLIC_MODULES)
    ]

    assert offences == []


def module_for(name: str, modules) -> str | None:
    """The project module that `name` (a module, or a name inside one) comes from; None if it is not ours."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in modules:
            return ".".join(parts[:end])
    return None


def import_graph(packages, root: Path = PROJECT) -> dict[str, set[str]]:
    """Each module of `packages` (found under `root`) and the modules of `packages` it imports."""
    paths = {module_name(path, root): path for path in _source_files(packages, root, migrations=True)}
    graph = {}
    for module, path in paths.items():
        targets = {module_for(name, paths) for _, name in _imports_in(path, root)}
        graph[module] = targets - {None, module}
    return graph


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One shortest circle, as [a, b, ..., a], through each group of modules that import each other."""
    index, low, on_stack, stack, groups = {}, {}, set(), [], []

    def connect(module):  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph.get(module, ())):
            if target not in index:
                connect(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = set(stack[stack.index(module) :])
            del stack[stack.index(module) :]
            on_stack.difference_update(group)
            if len(group) > 1:
                groups.append(group)

    for module in sorted(graph):
        if module not in index:
            connect(module)

    return sorted(_shortest_circle(graph, group) for group in groups)


def _shortest_circle(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """Breadth first from the group's first module (by name) until an import leads back to it."""
    start = min(group)
    came_from, frontier = {}, [start]
    while frontier:
        reached = []
        for module in frontier:
            for target in sorted(graph[module] & group):
                if target == start:
                    path = [module]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [*reversed(path), start]
                if target not in came_from:
                    came_from[target] = module
                    reached.append(target)
        frontier = reached
    raise ValueError(f"{sorted(group)} is not a circle")


def describe(circles) -> list[str]:
    return [" -> ".join(circle) for circle in circles]


def test_no_two_of_the_projects_modules_import_each_other_directly_or_round_a_circle():
    graph = import_graph(PROJECT_PACKAGES)
    assert {"events.models", "news.models", "notifications.services"} <= graph.keys()

    assert describe(import_circles(graph)) == []


def test_no_model_imports_a_view():
    """A page serves its address or holds content a view reads, never both: its model imports no view."""
    graph = import_graph(PROJECT_PACKAGES)
    offences = [
        f"{module} imports {target}"
        for module, targets in sorted(graph.items())
        if module.split(".")[-1] == "models"
        for target in sorted(targets)
        if "views" in target.split(".") or target.split(".")[-1].endswith("views")
    ]

    assert offences == []


def test_what_bootstrap_site_installs_never_comes_from_made_up_content():
    """The live site gets each app's site_pages; demo modules hold only what load_demo_content adds."""
    graph = import_graph(PROJECT_PACKAGES)
    site_modules = [module for module in graph if module.split(".")[-1] == "site_pages"]
    offences = [
        f"{module} imports {target}"
        for module in sorted(site_modules)
        for target in sorted(graph[module])
        if target.split(".")[-1] == "demo"
    ]

    assert len(site_modules) >= 5
    assert offences == []


def _write(root: Path, files: dict[str, str]):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_a_circle_through_a_function_level_relative_import_is_reported(tmp_path):
    _write(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/models.py": "def total():\n    from .queries import prices\n    return sum(prices())\n",
            "shop/queries.py": "from shop.models import total\n",
            "shop/views/__init__.py": "",
            "shop/views/public.py": "from .. import queries\n",  # imports into the circle, is not part of it
            "till/__init__.py": "",
            "till/receipts.py": "from shop import models\n",
        },
    )

    graph = import_graph(["shop", "till"], root=tmp_path)

    assert graph["shop.views.public"] == {"shop.queries"}
    assert describe(import_circles(graph)) == ["shop.models -> shop.queries -> shop.models"]


def test_modules_that_import_in_one_direction_make_no_circle(tmp_path):
    _write(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/models.py": "import datetime\n",
            "shop/queries.py": "from .models import Basket\n",
            "shop/services.py": "from . import models, queries\n",
        },
    )

    graph = import_graph(["shop"], root=tmp_path)

    assert graph["shop.services"] == {"shop.models", "shop.queries"}
    assert import_circles(graph) == []


def test_the_shortest_circle_is_reported_for_each_group_of_modules_that_import_each_other():
    graph = {
        "a": {"b"},
        "b": {"c", "a"},
        "c": {"a"},
        "d": {"e"},
        "e": {"d", "a"},
        "f": {"a"},  # a bystander that imports into a circle
    }

    assert describe(import_circles(graph)) == ["a -> b -> a", "d -> e -> d"]
