"""The Dash app of Corridor Atlas: page, view state and data, figures, JSON API, exports, command line."""
