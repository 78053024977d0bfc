"""Every static file is served under a hashed name, so browsers keep it for a year."""

import json

from django.core.management import call_command


def test_the_sites_javascript_imports_gov_uk_frontend_by_its_hashed_name(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "core.static_files.StaticFilesStorage"}}

    call_command("collectstatic", interactive=False, verbosity=0)

    paths = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    hashed_frontend = paths["govuk/govuk-frontend.min.js"]
    assert hashed_frontend != "govuk/govuk-frontend.min.js"
    site_module = (tmp_path / paths["js/site.mjs"]).read_text()
    assert f'from "../{hashed_frontend}"' in site_module
    assert (tmp_path / hashed_frontend).exists()
