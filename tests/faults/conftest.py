"""The fault suite's shop: the fault pages on a loopback port, for the whole session."""

from __future__ import annotations

import pytest
from fault_shop import FaultShop


@pytest.fixture(scope="session")
def fault_shop():
    with FaultShop() as shop:
        yield shop
