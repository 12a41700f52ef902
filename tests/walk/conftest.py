"""Pages of our own on 127.0.0.1 for walks that need something the demo shop does not have."""

from __future__ import annotations

from pathlib import Path

import pytest

PAGES = Path(__file__).parent / "pages"


@pytest.fixture(scope="module")
def test_pages(serve_folder):
    """The base URL of tests/walk/pages, served on a free loopback port until the module's tests are done."""
    with serve_folder(PAGES) as url:
        yield url
