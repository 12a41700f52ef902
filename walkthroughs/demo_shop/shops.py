"""The bundled demo shops, by name: what the command line's `--demo [SHOP]` and `demo-shop --shop` choose from.

`classic` is the server-rendered outdoor shop the detectors were built beside; `spa` is the single-page coffee
shop built the way shops on a front-end framework are. Each has its own friction switches and its own scenario.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

from . import app, spa
from .frictions import FRICTIONS as CLASSIC_FRICTIONS
from .frictions import Friction


@dataclass(frozen=True)
class DemoShopKind:
    """One bundled shop: how to start it, its switches, and the scenario in this repository that walks it."""

    name: str
    title: str
    start: Callable  # (port=0, frictions=()) → a shop with .url, .orders, start/stop, usable as a context manager
    serve: Callable[..., None]  # run until Ctrl-C: (host, port, frictions, verbose, announce)
    frictions: tuple[Friction, ...]
    scenario: str

    @property
    def frictions_by_id(self) -> Mapping[str, Friction]:
        return {friction.id: friction for friction in self.frictions}


DEMO_SHOPS: Mapping[str, DemoShopKind] = {
    shop.name: shop
    for shop in (
        DemoShopKind("classic", "Trailhead Outfitters, a server-rendered shop", app.DemoShop, app.serve,
                     CLASSIC_FRICTIONS, "scenarios/demo-shop.yaml"),
        DemoShopKind("spa", "Grindhouse Coffee Supply, a single-page app", spa.SpaShop, spa.serve,
                     spa.FRICTIONS, "scenarios/spa-shop.yaml"),
    )
}
DEFAULT_SHOP = "classic"
