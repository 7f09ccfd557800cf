"""Plain builders behind the dashboard: queries over the store's DataFrames, the map,
the charts and the HTML tables. Nothing here imports streamlit, so tests call them
directly."""
