"""Property-based fuzzing: whatever a visitor types into any public form, query string or emailed link, no 5xx.

The forms are found, not listed: every public address that takes no value
(from the URL patterns, so an app's new pages count) is fetched, and every
<form> on it is filled in with generated values, by its own method and
action, so a form added later is fuzzed too. Every public URL
pattern that takes a value (tokens, slugs) is fuzzed through its path.
Examples are bounded so this runs in seconds in CI.
"""

from urllib.parse import quote, urljoin

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories.declaration import CommitmentFactory, PrincipleFactory, SignedOrganisationFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

# Pages whose forms must be among those fuzzed; every other public page's forms are found too.
KNOWN_FORMS = {
    "/search/",
    "/declaration/signatories/",
    "/declaration/projects/",
    "/declaration/sign/organisation/",
    "/declaration/sign/check/",
    "/declaration/sign/resend/",
}
NOT_PUBLIC = ("admin/", "documents/")

# Text a visitor, a scanner or an attacker might send: any Unicode a browser can encode
# (lone surrogates cannot be), plus the values most likely to break a query or a parser.
NASTY = st.sampled_from(
    ["\x00", "a\x00b", "%00", "' OR 1=1 --", "<script>alert(1)</script>", "-1", "0", "9" * 30, "a" * 5000, "../../etc"]
)
VALUES = st.one_of(NASTY, st.text(st.characters(exclude_categories=["Cs"]), max_size=200))
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


@pytest.fixture
def public_content(home_page, client):
    """A signatory for the public lists, and a sign-up answered up to Check your answers."""
    principle = PrincipleFactory()
    organisation = SignedOrganisationFactory(name="Exampleshire County Council")
    CommitmentFactory(organisation=organisation, principles=[principle])
    for step, answers in [
        ("organisation", {"organisation_name": "Testshire Council", "organisation_type": "county_council"}),
        ("contact", {"contact_name": "Jo", "contact_job_title": "Head", "contact_email": "jo@testshire.gov.uk"}),
        ("commitment", {"title": "Open data", "partners": "", "mission": "M", "impact": "I"}),
        ("approver", {"approver_name": "Al", "approver_job_title": "Chief", "approver_email": "al@testshire.gov.uk"}),
    ]:
        client.post(f"/declaration/sign/{step}/", {**answers, "region": "south_west", "principles": [principle.pk]})
    assert client.get("/declaration/sign/check/").status_code == 200
    return organisation


def forms_on(client, path: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """Each form on the page: its method, its action and the names of its fields."""
    found = []
    response = client.get(path)
    if not response["Content-Type"].startswith("text/html"):
        return []
    for form in parse(response.content.decode()).find_all("form"):
        names = sorted(
            {
                element.attrs["name"]
                for element in form.iter()
                if element.tag in ("input", "select", "textarea") and element.attrs.get("name")
            }
        )
        method = (form.attrs.get("method") or "get").lower()
        found.append((method, urljoin(path, form.attrs.get("action") or path), (*names, "page")))
    return found


def test_no_form_answer_or_query_value_causes_a_server_error(client, public_content):
    pages = ["/", *(f"/{route}" for route in public_routes_without_values())]
    forms = sorted({form for path in pages for form in forms_on(client, path)})
    assert {action for _, action, _ in forms} >= KNOWN_FORMS

    @settings(FUZZ, max_examples=20 * len(forms))
    @given(data=st.data())
    def fill_in_and_send(data):
        method, action, names = data.draw(st.sampled_from(forms))
        answers = {name: data.draw(VALUES, label=name) for name in names}
        response = client.get(action, answers) if method == "get" else client.post(action, answers)
        assert response.status_code < 500, (method, action, answers, response.status_code)

    fill_in_and_send()


def public_routes(resolver=None, prefix=""):
    """Every public route, such as ('declaration/confirm/<str:token>/', ['token']), with the values it takes."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(NOT_PUBLIC):
            continue
        if isinstance(pattern, URLResolver):
            yield from public_routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, list(pattern.pattern.converters)


def public_routes_without_values():
    """Every public address that takes no value, such as 'declaration/sign/contact/'."""
    return [route for route, values in public_routes() if not values and "^" not in route]


def public_patterns_with_values():
    """('declaration/confirm/<str:token>/', ['token'])-like routes."""
    return [(route, values) for route, values in public_routes() if values]


def test_every_public_address_that_takes_a_value_is_fuzzed():
    routes = [route for route, _ in public_patterns_with_values()]

    assert "declaration/confirm/<str:token>/" in routes
    assert "declaration/signatories/<slug:slug>/" in routes


def test_no_token_or_slug_in_an_address_causes_a_server_error(client, public_content):
    patterns = list(public_patterns_with_values())

    @FUZZ
    @given(data=st.data())
    def follow(data):
        route, names = data.draw(st.sampled_from(patterns))
        path = route
        for name in names:
            value = quote(data.draw(VALUES, label=name), safe="") or "x"
            start = path.index("<")
            path = path[:start] + value + path[path.index(">", start) + 1 :]
        response = client.get("/" + path)
        assert response.status_code < 500, (path, response.status_code)

    follow()
