"""WSGI entry for a production server: ``gunicorn dashboard.wsgi:server`` (data from $CORRIDOR_ATLAS_DATA).
Without a servable store it answers with the page that says why (`dashboard.unavailable`).
"""

from dashboard.serving import atlas_or_unavailable
from dashboard.settings import Settings

server = atlas_or_unavailable(Settings())
