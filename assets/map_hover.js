// The map's hover, where plotly's own falls short:
// 1. anywhere along a flow, not only on its arrowhead: each point of a flow line carries the index of
//    its arrowhead (customdata); hovering the line shows that arrowhead's label. The lines' own hover
//    is "none" (events, no label), so the payload carries each flow's text once.
// 2. crossings and hubs beneath a corridor: a corridor's line wins plotly's "closest point" contest
//    over a marker lying on it; when a crossing or hub is within a few pixels of the pointer, its label
//    shows instead (and a click then names the place, since plotly clicks what is hovered).
(function () {
  var PLACE_PIXELS = 9;

  function traceWith(gd, test) {
    for (var i = 0; i < gd.data.length; i++) {
      var meta = gd.data[i].meta;
      if (meta && test(meta)) { return i; }
    }
    return -1;
  }

  function shown(trace) {
    return trace.visible !== false && trace.visible !== "legendonly";
  }

  function nearestPlace(gd, event) {
    var mouse = event.event;
    var subplot = gd._fullLayout.geo && gd._fullLayout.geo._subplot;
    if (!mouse || !subplot || typeof mouse.clientX !== "number") { return null; }
    var box = gd.getBoundingClientRect();
    var best = null;
    gd.data.forEach(function (trace, curve) {
      var meta = trace.meta || {};
      if ((meta.layer !== "crossings" && meta.layer !== "hubs") || !shown(trace) || !trace.lon) { return; }
      for (var i = 0; i < trace.lon.length; i++) {
        var xy = subplot.projection([trace.lon[i], trace.lat[i]]);
        if (!xy) { continue; }
        var d = Math.hypot(box.left + xy[0] - mouse.clientX, box.top + xy[1] - mouse.clientY);
        if (d <= PLACE_PIXELS && (!best || d < best.d)) { best = { d: d, curveNumber: curve, pointNumber: i }; }
      }
    });
    return best;
  }

  function attach(gd) {
    if (gd.__atlasHover) { return; }
    gd.__atlasHover = true;
    gd.on("plotly_hover", function (event) {
      var point = event && event.points && event.points[0];
      var meta = point && point.data && point.data.meta;
      if (!meta || !window.Plotly || !window.Plotly.Fx) { return; }
      if (meta.width_class !== undefined && typeof point.customdata === "number") {
        var arrows = traceWith(gd, function (m) { return m.arrows; });
        if (arrows >= 0) {
          window.Plotly.Fx.hover(gd, [{ curveNumber: arrows, pointNumber: point.customdata }], "geo");
        }
      } else if (meta.layer === "corridors") {
        var place = nearestPlace(gd, event);
        if (place) {
          window.Plotly.Fx.hover(gd, [{ curveNumber: place.curveNumber, pointNumber: place.pointNumber }], "geo");
        }
      }
    });
  }

  function look() {
    var gd = document.querySelector("#map-graph .js-plotly-plot");
    if (gd && typeof gd.on === "function") { attach(gd); }
  }
  new MutationObserver(look).observe(document.documentElement, { childList: true, subtree: true });
})();
