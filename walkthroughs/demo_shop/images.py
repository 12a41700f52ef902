"""Product pictures drawn at run time, so the shop needs no image files and never calls the network.

`product_svg` draws a small illustration per product; `heavy_png` builds the deliberately unoptimised
~3 MB photo used by the `slow-heavy-product` friction (grainy, so it does not compress).
"""

from __future__ import annotations

import io
import random
import threading
from functools import lru_cache
from urllib.parse import quote

from PIL import Image

from .catalogue import Product

_SHAPES = {
    "shoe": '<path d="M60 250 Q70 170 130 160 L190 150 Q215 190 260 200 L330 215 Q350 225 345 255 L345 270 '
            'L60 270 Z" fill="{c}"/><path d="M60 262 L345 262 L345 280 L60 280 Z" fill="#f4f1ea"/>'
            '<path d="M150 170 l20 30 M170 165 l20 30 M190 160 l20 30" stroke="#f4f1ea" stroke-width="6"/>',
    "boot": '<path d="M110 90 L200 90 L205 200 L320 215 Q350 225 345 255 L345 270 L90 270 L95 200 Z" fill="{c}"/>'
            '<path d="M90 262 L345 262 L345 285 L90 285 Z" fill="#2b2b2b"/>'
            '<path d="M130 110 h55 M130 135 h55 M130 160 h55" stroke="#e8d9b5" stroke-width="6"/>',
    "jacket": '<path d="M150 70 L250 70 L330 120 L320 210 L290 200 L290 320 L110 320 L110 200 L80 210 L70 120 Z" '
              'fill="{c}"/><path d="M200 75 L200 320" stroke="#f4f1ea" stroke-width="5"/>'
              '<path d="M165 70 Q200 110 235 70" fill="none" stroke="#f4f1ea" stroke-width="6"/>',
    "vest": '<path d="M150 70 L250 70 L300 120 L300 320 L100 320 L100 120 Z" fill="{c}"/>'
            '<path d="M100 150 H300 M100 200 H300 M100 250 H300" stroke="#00000033" stroke-width="5"/>'
            '<path d="M200 75 L200 320" stroke="#f4f1ea" stroke-width="5"/>',
    "socks": '<path d="M150 60 L220 60 L220 220 L290 260 Q310 300 270 310 L170 290 Q145 280 150 250 Z" '
             'fill="{c}"/><path d="M150 60 h70 v30 h-70 Z" fill="#f4f1ea"/>',
}


def product_svg(product: Product) -> str:
    """An illustration of the product on a soft background, 400×400."""
    shape = _SHAPES.get(product.kind, _SHAPES["shoe"]).replace("{c}", product.colour)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" role="img">'
        f'<title>{product.title}</title><rect width="400" height="400" fill="#eef1ee"/>'
        '<ellipse cx="205" cy="330" rx="150" ry="18" fill="#00000014"/>'
        f"{shape}</svg>"
    )


FAVICON_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1d6b5a"/>'
    '<path d="M8 22 L13 10 L16 17 L19 12 L24 22 Z" fill="#fff"/></svg>'
)

# Inline, so a page load makes no favicon request that could be mistaken for a reaction to a click.
FAVICON_DATA_URI = "data:image/svg+xml," + quote(FAVICON_SVG)

HEAVY_WIDTH, HEAVY_HEIGHT = 1400, 900
_heavy_lock = threading.Lock()


@lru_cache(maxsize=1)
def _heavy_png_cached() -> bytes:
    rng = random.Random(20240501)
    rows = []
    for y in range(HEAVY_HEIGHT):  # a dark-to-light gradient under random grain, so the PNG stays big
        base = 40 + (150 * y) // HEAVY_HEIGHT
        grain = bytes((base + (i & 0x5F)) & 0xFF for i in range(256))
        rows.append(rng.randbytes(HEAVY_WIDTH * 3).translate(grain))
    picture = Image.frombytes("RGB", (HEAVY_WIDTH, HEAVY_HEIGHT), b"".join(rows))
    out = io.BytesIO()
    picture.save(out, format="PNG", compress_level=1)
    return out.getvalue()


def heavy_png() -> bytes:
    """A grainy 1400×900 PNG of about 3 MB, built once and kept."""
    with _heavy_lock:
        return _heavy_png_cached()
