"""Static files under hashed names, cached by browsers for a year, the site's JavaScript modules included.

whitenoise's storage writes each file under a name with a hash of its content, and
serves those names as immutable. `site.mjs` imports GOV.UK Frontend as a JavaScript
module; Django rewrites such imports to the hashed names only when asked, and only
in `*.js` files, so this storage asks, for `*.mjs` files. Without it, the page would
load the hashed `site.mjs`, which would load `govuk-frontend.min.js` by its plain
name, served with a 60-second lifetime.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
    _js_module_import_aggregation_patterns = (
        "*.mjs",
        CompressedManifestStaticFilesStorage._js_module_import_aggregation_patterns[1],
    )
