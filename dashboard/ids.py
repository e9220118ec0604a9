"""Component ids of the page shell and the map (one place, so tests can check they are unique)."""

MAP_GRAPH = "map-graph"
LAYER_TOGGLES = "layer-toggles"
HEADER = "app-header"
FOOTER = "app-footer"
MAP_TRACE_LAYERS = "map-trace-layers"
