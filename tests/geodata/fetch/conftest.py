from __future__ import annotations

import pytest

from tests.geodata.fetch.server import FixtureServer

PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


@pytest.fixture()
def server(monkeypatch):
    """A fixture server on 127.0.0.1; proxy settings cleared so requests never leave the machine."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.delenv("COMTRADE_API_KEY", raising=False)
    with FixtureServer() as fixture:
        yield fixture
