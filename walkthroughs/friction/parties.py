"""Whose a request is: the shop's own site (first party) or another one (third party), by registrable domain.

`shop.example.co.uk` and `img.example.co.uk` are one site, `cdn.other.net` another: the Public Suffix List says where
a site's name begins (publicsuffixlist, with the list it ships; it never fetches one). An IP address or a single-label
host (`127.0.0.1`, `localhost`) is a site of its own. A scenario can name hosts that belong to the shop although their
domain differs (its image CDN): `first_party` in the failed-requests detector's settings.
"""

from __future__ import annotations

import ipaddress
from functools import cache
from typing import Iterable
from urllib.parse import urlsplit


@cache
def _suffixes():
    """Read once, when first needed: building it from the bundled list takes a few hundred ms."""
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def host_of(url: str | None) -> str:
    try:
        return (urlsplit(url or "").hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def site_of(host: str) -> str:
    """The registrable domain of a host (`www.shop.co.uk` → `shop.co.uk`); an IP address or bare name is its own."""
    host = host.lower().rstrip(".").strip("[]")
    if not host or "." not in host:
        return host
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    return _suffixes().privatesuffix(host) or host


def within(host: str, name: str) -> bool:
    """Whether `host` is `name` or one of its subdomains."""
    name = name.lower().strip(".")
    return host == name or host.endswith("." + name)


class Parties:
    """Tells the shop's own requests from other sites': the sites of the shop's pages, and hosts the scenario adds."""

    def __init__(self, shop_urls: Iterable[str | None], also_first_party: Iterable[str] = ()) -> None:
        self.sites = {site_of(host) for host in map(host_of, shop_urls) if host}
        self.also = [name for name in also_first_party if name]

    def first_party(self, url: str) -> bool:
        host = host_of(url)
        if not host or not self.sites:
            return True  # nothing to tell it apart from (a data: URL, a journey without a page): the shop's own
        return site_of(host) in self.sites or any(within(host, name) for name in self.also)
