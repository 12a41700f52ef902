"""The detour tests' scenarios, next to them."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def detour_scenarios() -> Path:
    return Path(__file__).parent / "scenarios"
