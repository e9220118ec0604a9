// Extract the world topojson files that plotly.js fetches at run time, so the app can serve them
// from assets/topojson/ and never call a CDN. Usage: node scripts/extract_topojson.js BUNDLE OUTDIR
// BUNDLE is dist/plotly-geo-assets.js from the npm plotly.js package whose version matches the
// plotly.js bundled in the installed plotly wheel (see scripts/regenerate_topojson.sh).
const fs = require("fs");
const path = require("path");
const [bundle, outDir] = process.argv.slice(2);
if (!bundle || !outDir) {
  console.error("usage: node extract_topojson.js path/to/plotly-geo-assets.js OUTDIR");
  process.exit(2);
}
// The bundle assigns window.Plotly; give it a stand-in window instead of a browser.
global.window = {};
global.self = global.window;
require(path.resolve(bundle));
const topojson = global.window.Plotly && global.window.Plotly.topojson;
if (!topojson) {
  console.error(`no Plotly.topojson in ${bundle}: is it plotly-geo-assets.js?`);
  process.exit(1);
}
for (const name of ["world_50m", "world_110m"]) {
  const out = path.join(outDir, `${name}.json`);
  fs.writeFileSync(out, JSON.stringify(topojson[name]));
  console.log(`wrote ${out} (${fs.statSync(out).size} bytes)`);
}
