"""The ground knows no domain: the shared apps import no domain app, so adding an app changes no site-wide file."""

import ast
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
GROUND_APPS = ["pages", "notifications", "core", "organisations"]
DOMAIN_APPS = {"declaration", "roadmap", "events", "news", "funding", "subscriptions"}


def imported_modules(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


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
