// Hover anywhere along a flow, not only on its arrowhead: each point of a flow line carries the index
// of its arrowhead (customdata), and hovering the line shows that arrowhead's label. The lines'
// own hover is "none" (events, no label), so the map's payload carries each flow's text once.
(function () {
  function arrowsTrace(gd) {
    for (var i = 0; i < gd.data.length; i++) {
      var meta = gd.data[i].meta;
      if (meta && meta.arrows) { return i; }
    }
    return -1;
  }
  function attach(gd) {
    if (gd.__atlasFlowHover) { return; }
    gd.__atlasFlowHover = true;
    gd.on("plotly_hover", function (event) {
      var point = event && event.points && event.points[0];
      var meta = point && point.data && point.data.meta;
      if (!meta || meta.width_class === undefined || typeof point.customdata !== "number") { return; }
      var arrows = arrowsTrace(gd);
      if (arrows >= 0 && window.Plotly && window.Plotly.Fx) {
        window.Plotly.Fx.hover(gd, [{ curveNumber: arrows, pointNumber: point.customdata }], "geo");
      }
    });
  }
  function look() {
    var gd = document.querySelector("#map-graph .js-plotly-plot");
    if (gd && typeof gd.on === "function") { attach(gd); }
  }
  new MutationObserver(look).observe(document.documentElement, { childList: true, subtree: true });
})();
