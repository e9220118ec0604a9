"""Component ids, one constant each (a test walks the layout and checks they are unique)."""

# page shell
URL = "url"
HEADER = "app-header"
SOURCE_BADGE = "source-badge"
NOTICES = "view-notices"
VIEW_EXPLANATIONS = "view-explanations"
FOOTER = "app-footer"
VIEW_STORE = "view-store"
MAP_TRACE_LAYERS = "map-trace-layers"
SHARE_LINK = "share-link"

# filters
GOODS_PRESETS = "goods-presets"
HS_PICKER = "hs-picker"
PERIOD_SLIDER = "period-slider"
PERIOD_LABEL = "period-label"
PERIOD_PRESET = "period-preset"
PLAY_BUTTON = "play-button"
PLAY_STEP = "play-step"
PLAY_INTERVAL = "play-interval"
DIRECTION = "direction"
SIDE = "reporting-side"
METRIC = "metric"
FOCUS = "focus-country"
EXPORTER = "pair-exporter"
IMPORTER = "pair-importer"
EU_MODE = "eu-mode"
CHINA_MODE = "china-mode"
LAYER_TOGGLES = "layer-toggles"

# map and charts
MAP_GRAPH = "map-graph"
MAP_AREA = "map-area"
LEGEND_TOGGLE = "legend-toggle"
TIMESERIES_GRAPH = "timeseries-graph"
TOP_FLOWS_GRAPH = "top-flows-graph"
SANKEY_GRAPH = "sankey-graph"
KPI_CARDS = "kpi-cards"

# the panel of a crossing, port or corridor (URL key ``node``)
NODE_PANEL = "node-panel"
NODE_CLOSE = "node-close"
NODE_BODY = "node-body"

# a country's profile (path /country/KAZ)
COUNTRY_PROFILE = "country-profile"

# export
EXPORT_TITLE = "export-title"
EXPORT_FORMAT = "export-format"
EXPORT_ASPECT = "export-aspect"
SHARE_COPY = "share-copy"
TABLE_TOGGLE = "table-toggle"
TABLE_VIEW = "table-view"
EXPORT_BUTTON = "export-button"
EXPORT_DOWNLOAD = "export-download"
EXPORT_STATUS = "export-status"
PRESENT_LINK = "present-link"
EXPORT_JOB = "export-job"
EXPORT_POLL = "export-poll"
SAVE_VIEW_BUTTON = "save-view-button"
SAVED_VIEWS = "saved-views"
SAVED_LIST = "saved-list"
PRESENT_EXIT = "present-exit"

# presentation mode
SHELL = "app-shell"
PRESENT_CAPTION = "present-caption"
PRESENT_PREV = "present-prev"
PRESENT_NEXT = "present-next"
LANGUAGE_SWITCH = "language-switch"  # the header's links to the same view in each language
