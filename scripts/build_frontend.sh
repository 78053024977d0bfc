#!/usr/bin/env bash
# Copies GOV.UK Frontend's assets from node_modules and compiles the site's
# Sass into frontend_build/, which Django serves as static files.
set -euo pipefail
cd "$(dirname "$0")/.."

out=frontend_build
govuk=node_modules/govuk-frontend/dist/govuk
rm -rf "$out"
mkdir -p "$out/govuk" "$out/css"
cp -R "$govuk/assets" "$out/govuk/"
cp "$govuk/govuk-frontend.min.js" "$govuk/govuk-frontend.min.js.map" "$out/govuk/"
npx --no-install sass --load-path=node_modules --style=compressed --no-source-map --quiet-deps \
  frontend/scss/site.scss "$out/css/site.css"
echo "Built front-end assets into $out/"
