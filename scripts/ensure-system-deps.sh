#!/usr/bin/env bash
# Installs the system packages the test suite needs and Python's packages cannot bring:
# Debian's chromium (headless screenshots of the web pages) and Debian's Virtuoso (the second
# SPARQL engine the remote-store tests run against). Java (HermiT) ships with the machine.
# Runs apt-get only when something is missing and we are root (CI and these machines are).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing system packages: ${need[*]} (install them with apt-get as root)" >&2
  exit 0
fi
echo "installing system packages: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# The package's own service stays stopped: the tests start their own Virtuoso on free ports.
