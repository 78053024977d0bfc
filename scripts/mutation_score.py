"""Print the mutation score of each file `make mutation` mutated, from mutmut's results in mutants/.

    declaration/services.py: 120/130 killed = 92.3%  (8 survived, 2 no tests)

A mutant counts as killed when a test failed or timed out with it. The files
are those in [tool.mutmut] source_paths in pyproject.toml. Functions mutmut
could not mutate (it skips decorated functions) are listed, as are survivors.
"""

import ast
import json
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KILLED = {1, 3, 24, -24, 152, 255, 36}  # a test failed, pytest errored, or the mutant timed out
NO_TESTS = {5, 33}
SURVIVED = {0}


def source_paths() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    return config.get("source_paths") or config["paths_to_mutate"]


def functions_in(path: Path) -> set[str]:
    """Module-level functions and methods, named as mutmut names them."""
    names = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(f"x_{node.name}")
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    names.add(f"xǁ{node.name}ǁ{item.name}")
    return names


def main() -> int:
    all_killed = all_total = 0
    for source in source_paths():
        meta_path = ROOT / "mutants" / f"{source}.meta"
        if not meta_path.exists():
            print(f"{source}: no results; run `make mutation` first")
            continue
        meta = json.loads(meta_path.read_text())
        results = meta["exit_code_by_key"]
        counts = Counter(
            "killed"
            if code in KILLED
            else "survived"
            if code in SURVIVED
            else "no tests"
            if code in NO_TESTS
            else "not checked"
            if code is None
            else "other"
            for code in results.values()
        )
        total = len(results)
        killed = counts["killed"]
        others = ", ".join(f"{n} {status}" for status, n in counts.items() if status != "killed")
        score = 100 * killed / total if total else 0
        print(f"{source}: {killed}/{total} killed = {score:.1f}%" + (f"  ({others})" if others else ""))
        unreached = sorted(functions_in(ROOT / source) - set(meta["hash_by_function_name"]))
        if unreached:
            print("    not mutated (decorated, or nothing to change): " + ", ".join(unreached))
        for key, code in sorted(results.items()):
            if code in SURVIVED or code in NO_TESTS:
                print(f"    {'survived' if code in SURVIVED else 'no tests'}: {key}")
        all_killed += killed
        all_total += total
    if all_total:
        print(f"overall: {all_killed}/{all_total} killed = {100 * all_killed / all_total:.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
