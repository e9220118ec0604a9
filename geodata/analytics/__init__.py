"""Analytics on the small frames the query layer returns: legs, edge status, headline figures."""
