#!/usr/bin/env bash
# Copies the front-end assets from node_modules into the app's static folder (no CDN at run time).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=src/ikone/web/static/vendor
rm -rf "$dest"
mkdir -p "$dest/kern/fonts" "$dest/htmx"
kern=node_modules/@kern-ux/native/dist
cp "$kern/kern.min.css" "$dest/kern/"
cp "$kern/fonts/fira-sans.css" "$dest/kern/fonts/"
cp -r "$kern/fonts/fira-sans" "$dest/kern/fonts/"
cp node_modules/@kern-ux/native/LICENSE.md "$dest/kern/LICENSE.md"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx/"
cp node_modules/htmx.org/LICENSE "$dest/htmx/LICENSE" 2>/dev/null || true
echo "assets: $(find "$dest" -type f | wc -l) files in $dest"
