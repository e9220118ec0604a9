"""Corridor Atlas's data layer, apart from the Dash app: reference layers and the route model, the
goods catalogue, the trade store and its queries (`trade`), analytics on their answers, and fetching
from the providers (`fetch`).
"""
