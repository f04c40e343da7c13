#!/usr/bin/env bash
# Refreshes the vendored Swagger UI and ReDoc files of /docs and /redoc (api/static/vendor/)
# from the npm registry packages; see api/static/vendor/README.md.
set -euo pipefail
SWAGGER=5.35.0
REDOC=3.0.1
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "swagger-ui-dist@$SWAGGER" "redoc@$REDOC" >/dev/null
mkdir sw rd
tar xzf "swagger-ui-dist-$SWAGGER.tgz" -C sw
tar xzf "redoc-$REDOC.tgz" -C rd
dest="$root/api/static/vendor"
mkdir -p "$dest/swagger-ui" "$dest/redoc"
cp sw/package/{swagger-ui-bundle.js,swagger-ui.css,LICENSE,NOTICE} "$dest/swagger-ui/"
sed -i 's|/\*# sourceMappingURL=[^*]*\*/||' "$dest/swagger-ui/swagger-ui.css"
cp rd/package/bundles/redoc.standalone.js rd/package/LICENSE "$dest/redoc/"
echo "vendored swagger-ui-dist $SWAGGER and redoc $REDOC into $dest"
