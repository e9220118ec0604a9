"""The page's building blocks as Dash components: filters, KPI cards, panels, country profile, tables."""
