"""The live NetBox, once per test session, stopped at the end (tests/netbox/live.py)."""

from __future__ import annotations

import pytest

from tests.netbox import live


@pytest.fixture(scope="session")
def netbox(tmp_path_factory):
    reason = live.unavailable()
    if reason:
        pytest.skip(reason)
    server = live.start(tmp_path_factory.mktemp("netbox"))
    yield server
    server.stop()
