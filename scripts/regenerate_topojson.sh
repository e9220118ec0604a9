#!/usr/bin/env bash
# Regenerate assets/topojson/world_{50m,110m}.json from the npm plotly.js package whose version
# matches the plotly.js bundled in the installed plotly wheel. Needs node and npm.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$here/.venv/bin/python}
version=$("$python" -c "from plotly.offline import get_plotlyjs_version as v; print(v())")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "plotly.js@$version" --silent >/dev/null && tar xzf "plotly.js-$version.tgz" package/dist/plotly-geo-assets.js)
node "$here/scripts/extract_topojson.js" "$work/package/dist/plotly-geo-assets.js" "$here/assets/topojson"
echo "topojson from plotly.js $version"
