#!/usr/bin/env bash
# Installs the Debian packages the tests need (PostgreSQL, Chromium, systemd-analyze) when they are missing.
set -euo pipefail
need=()
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# systemd-analyze verify checks the units in deploy/systemd (systemd need not run)
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
# WeasyPrint (transferability PDF report): Pango, HarfBuzz subsetting, a fallback font
for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "Missing system packages: ${need[*]} (install them with apt-get as root)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "installed: ${need[*]}"
