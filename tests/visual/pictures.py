"""Screens and product pictures drawn with Pillow for the visual checks' tests: a shop page with a header, lines of
text and a button, saved as the walker saves screenshots (JPEG, quality 70)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

SCREEN = (1280, 720)
BUTTON = (900, 600, 1100, 650)  # where the checkout button belongs
PINNED = (12, 6, 212, 56)  # over the header's logo


def shop_screen(button=BUTTON, secret: str | None = None, shift: int = 0, price: str = "$27.50") -> Image.Image:
    screen = Image.new("RGB", SCREEN, "white")
    draw = ImageDraw.Draw(screen)
    draw.rectangle((0, 0, SCREEN[0], 60), fill="#f4f0ea")
    draw.text((20 + shift, 22), "Grindhouse Coffee Supply", fill="#222")
    for line in range(18):
        draw.text((40 + shift, 100 + line * 26), f"Insulated Travel Mug, 500 ml — line {line} of the cart", fill="#333")
    draw.text((900 + shift, 560), f"Total {price}", fill="#111")
    draw.rectangle(button, fill="#5b3a29")
    draw.text((button[0] + 60, button[1] + 18), "Checkout", fill="white")
    if secret is not None:  # a typed secret, masked by the walker as Playwright masks it: a magenta box
        draw.rectangle((400, 620, 640, 660), fill="#ff00ff")
    return screen


def saved(picture: Image.Image, path: Path, quality: int = 70) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.save(path, "JPEG", quality=quality)
    return path


def product_picture(shape: str, colour: str, size: int = 400, background: str = "#f1ede4") -> Image.Image:
    picture = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(picture)
    s = size / 400
    if shape == "kettle":
        draw.polygon([(120 * s, 300 * s), (130 * s, 170 * s), (270 * s, 170 * s), (280 * s, 300 * s)], fill=colour)
        draw.line([(270 * s, 190 * s), (345 * s, 95 * s)], fill=colour, width=int(12 * s))
    elif shape == "mug":
        draw.rounded_rectangle((155 * s, 80 * s, 245 * s, 330 * s), radius=30 * s, fill=colour)
    else:
        draw.ellipse((100 * s, 120 * s, 300 * s, 320 * s), fill=colour)
    return picture
