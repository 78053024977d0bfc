"""The ground knows no domain: the shared apps import no domain app, so adding an app changes no site-wide file."""

import ast
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
GROUND_APPS = ["pages", "notifications", "core", "organisations", "topics"]
DOMAIN_APPS = {"declaration", "roadmap", "events", "news", "funding", "subscriptions"}


def imported_modules(tree: ast.AST):
    """(line, module) for each import; `from declaration import services` reaches declaration.services."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if "." in node.module:
                yield node.lineno, node.module
            else:
                for alias in node.names:
                    yield node.lineno, f"{node.module}.{alias.name}"


def ground_files():
    for app in GROUND_APPS:
        for path in sorted((PROJECT / app).rglob("*.py")):
            if "migrations" not in path.relative_to(PROJECT).parts:
                yield path


def test_the_ground_apps_exist():
    assert len(list(ground_files())) > 10


def test_the_ground_apps_import_no_domain_app():
    offences = [
        f"{path.relative_to(PROJECT)}:{line} imports {module}"
        for path in ground_files()
        for line, module in imported_modules(ast.parse(path.read_text(), filename=str(path)))
        if module.split(".")[0] in DOMAIN_APPS
    ]

    assert offences == []


# What a domain app offers the others: its services, its signals, and the hooks it declares for them.
PUBLIC_MODULES = {"services", "signals", "principle_content"}


def domain_files():
    for app in sorted(DOMAIN_APPS):
        for path in sorted((PROJECT / app).rglob("*.py")):
            if "migrations" not in path.relative_to(PROJECT).parts:
                yield app, path


def test_domain_apps_reach_each_other_only_through_services_signals_and_declared_hooks():
    offences = [
        f"{path.relative_to(PROJECT)}:{line} imports {module}"
        for app, path in domain_files()
        for line, module in imported_modules(ast.parse(path.read_text(), filename=str(path)))
        if module.split(".")[0] in DOMAIN_APPS - {app}
        and (len(module.split(".")) < 2 or module.split(".")[1] not in PUBLIC_MODULES)
    ]

    assert offences == []
