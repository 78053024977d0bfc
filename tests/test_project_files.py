"""What a newcomer meets first: a five-minute README whose links lead somewhere, and Makefile verbs that exist."""

import re
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def test_the_readme_is_a_five_minute_read_and_its_links_to_docs_exist():
    readme = (PROJECT / "README.md").read_text()
    links = re.findall(r"\]\(((?:docs/)[^)#]+)", readme)

    assert len(readme.splitlines()) < 150
    assert len(links) >= 5
    assert [link for link in links if not (PROJECT / link).is_file()] == []


def test_every_docs_page_is_linked_from_the_readme():
    readme = (PROJECT / "README.md").read_text()

    assert [page.name for page in sorted((PROJECT / "docs").glob("*.md")) if f"docs/{page.name}" not in readme] == []


def _makefile():
    return (PROJECT / "Makefile").read_text()


def test_every_phony_name_is_a_target_and_every_target_is_phony():
    makefile = _makefile()
    phony = set(re.search(r"^\.PHONY:(.*)$", makefile, re.MULTILINE).group(1).split())
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.MULTILINE))

    assert phony == targets


def test_make_help_lists_every_verb():
    makefile = _makefile()
    phony = set(re.search(r"^\.PHONY:(.*)$", makefile, re.MULTILINE).group(1).split()) - {"help"}
    helped = set(re.findall(r'@echo "make ([a-z-]+)', makefile))

    assert helped == phony
