"""Every response carries a strict Content-Security-Policy and the other security headers."""

import base64
import hashlib
import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def inline_scripts(response) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", response.content.decode())


def sha256_source(script: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),  # a page
        ("/declaration/sign/organisation/", 200),  # a form
        ("/no-such-page/", 404),  # an error page
        ("/search/?q=%00", 400),  # an error page made before any view runs
    ],
)
def test_public_pages_allow_only_this_sites_scripts_and_their_own_inline_script(client, home_page, path, status):
    response = client.get(path)

    assert response.status_code == status
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    [snippet] = inline_scripts(response)  # the GOV.UK "js-enabled" snippet, allowed by its hash
    assert "js-enabled" in snippet
    assert sha256_source(snippet) in policy["script-src"]
    assert "nonce=" not in response.content.decode()
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_a_public_page_is_the_same_for_every_request_so_it_can_be_kept_compressed(client, home_page):
    first, second = client.get("/"), client.get("/")

    assert first.content == second.content


def test_the_admin_keeps_scripts_to_this_site_with_the_allowances_wagtail_needs(home_page):
    response = Client().get("/admin/login/")

    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
