"""WSGI entry for a production server: ``gunicorn dashboard.wsgi:server`` (data from $CORRIDOR_ATLAS_DATA)."""

from dashboard.app import create_app
from dashboard.settings import Settings

server = create_app(Settings()).server
