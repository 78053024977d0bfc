"""Checks every page gets: axe-core's WCAG rules, and no sideways scrolling at 320 CSS pixels."""

import json
import re
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
NODES_SHOWN = 3

NARROW_VIEWPORT = {"width": 320, "height": 640}


SETTLED = """() => Promise.all(
    document.getAnimations()
        .filter(animation => animation.effect && animation.effect.getComputedTiming().endTime !== Infinity)
        .map(animation => animation.finished.catch(() => null))
).then(() => null)"""


def assert_no_axe_violations(page):
    """Run axe-core on the page as it is now; fail listing every violated rule."""
    if not AXE_PATH.is_file():
        pytest.fail(f"axe-core is missing ({AXE_PATH}): run make install (or npm ci).", pytrace=False)
    # axe measures the page as drawn: wait for it to finish loading and for every finite CSS
    # transition or animation (Wagtail's breadcrumbs slide open, messages fade in) to end, so a
    # link caught half-drawn is not reported as having no text.
    page.wait_for_load_state("load")
    page.evaluate(SETTLED)
    # Evaluated through the browser's debugging protocol rather than added as a <script>
    # tag, which the site's Content-Security-Policy (rightly) blocks.
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_PATH.read_text() + "\n;undefined")
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    violations = [v for v in map(_without_known_govuk_issue, results["violations"]) if v["nodes"]]
    if violations:
        pytest.fail(describe_violations(page.url, violations), pytrace=False)


def _is_conditional_reveal_expanded(node) -> bool:
    """GOV.UK Frontend's script puts aria-expanded on a radio or checkbox that reveals a question.

    axe calls it not allowed; the Design System keeps it on purpose, as screen
    readers announce it (a known issue: alphagov/govuk-frontend#979 and #1280).
    Only that attribute on those inputs is let through.
    """
    messages = [check["message"] for check in node.get("all", []) + node.get("any", []) + node.get("none", [])]
    return (
        ("govuk-radios__input" in node["html"] or "govuk-checkboxes__input" in node["html"])
        and "aria-controls=" in node["html"]
        and bool(messages)
        and all(set(re.findall(r"aria-[a-z]+", message)) == {"aria-expanded"} for message in messages)
    )


def _without_known_govuk_issue(violation):
    if violation["id"] != "aria-allowed-attr":
        return violation
    return {**violation, "nodes": [node for node in violation["nodes"] if not _is_conditional_reveal_expanded(node)]}


def describe_violations(url, violations):
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        nodes = violation["nodes"]
        lines.append(
            f"\n- {violation['id']} ({violation.get('impact') or 'no impact given'}): {violation['help']}"
            f"\n  {violation['helpUrl']}\n  {len(nodes)} node(s), for example:"
        )
        for node in nodes[:NODES_SHOWN]:
            lines.append(f"    target: {json.dumps(node['target'])}")
            lines.append(f"    html:   {node['html']}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n            ")
            if summary:
                lines.append(f"    why:    {summary}")
    return "\n".join(lines)


def assert_no_horizontal_scroll(page, url):
    """Load `url` at 320 CSS pixels wide (WCAG 1.4.10 Reflow) and check nothing scrolls sideways.

    Puts the page's viewport back as it was afterwards.
    """
    original_viewport = page.viewport_size
    page.set_viewport_size(NARROW_VIEWPORT)
    try:
        page.goto(url)
        widths = page.evaluate(
            """() => {
                const root = document.documentElement;
                const overflowing = [...document.body.querySelectorAll("*")]
                    .filter(el => el.getBoundingClientRect().right > root.clientWidth + 0.5)
                    .slice(0, 5)
                    .map(el => el.outerHTML.slice(0, 200));
                return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, overflowing};
            }"""
        )
        assert widths["scrollWidth"] <= widths["clientWidth"], (
            f"{url} scrolls sideways at {NARROW_VIEWPORT['width']}px: scrollWidth {widths['scrollWidth']} > "
            f"clientWidth {widths['clientWidth']}. Wider than the viewport: {widths['overflowing']}"
        )
    finally:
        if original_viewport:
            page.set_viewport_size(original_viewport)
