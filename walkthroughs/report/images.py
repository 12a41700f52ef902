"""Screenshots as the report shows them: compressed copies, first screens and thumbnails inside the report folder.

Copies are named by a hash of the original's bytes, so a page that did not change between steps is
stored once and re-rendering writes the same files. The originals stay in the run folder, linked.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

VIEW_MAX_WIDTH = 1280  # px of the copy shown in the viewer and on stage pages: a desktop picture as it was taken
THUMB_WIDTH = 320  # px: sharp at 160 CSS px on a 2× screen
SAME_SHAPE = 0.03  # a picture within 3 % of the screen's proportions is a picture of one screen
VIEW_QUALITY, THUMB_QUALITY = 72, 62


@dataclass(frozen=True)
class Picture:
    """One screenshot: the original in the run folder, its compressed copy, its first screen and a thumbnail."""

    original: str  # href from the report folder to the run folder's file
    view: str  # href of the compressed copy of the whole picture
    width: int  # size of the compressed copy, px
    height: int
    screen: str  # href of the part a shopper saw first: the top, cut to the device's screen
    screen_width: int
    screen_height: int
    thumb: str  # the screen, small
    thumb_width: int
    thumb_height: int
    css_width: float  # the page's width in CSS px, to place an element's box on the picture


class PictureStore:
    """Makes each picture once per report and remembers it by its path in the run folder."""

    def __init__(self, run_dir: Path, report_dir: Path) -> None:
        self.run_dir = run_dir
        self.report_dir = report_dir
        self._made: dict[tuple, Picture | None] = {}

    def picture(self, relative: str | None, screen: dict[str, int] | None = None) -> Picture | None:
        """The picture of a screenshot named relative to the run folder (None when missing or unreadable).

        screen is the device's viewport in CSS px: the page's scale, and the shape of its first screen.
        """
        if not relative:
            return None
        key = (relative, tuple(sorted((screen or {}).items())))
        if key not in self._made:
            self._made[key] = self._make(relative, screen or {})
        return self._made[key]

    def _make(self, relative: str, screen: dict[str, int]) -> Picture | None:
        source = self.run_dir / relative
        try:
            data = source.read_bytes()
            digest = hashlib.sha256(data).hexdigest()[:20]
            with Image.open(source) as image:
                css_width = float(screen.get("width") or image.width)
                css_height = float(screen.get("height") or image.height * css_width / image.width)
                shape = f"{css_width:.0f}x{css_height:.0f}"
                paths = {"view": f"img/{digest}.jpg", "screen": f"img/{digest}-{shape}.jpg",
                         "thumb": f"thumbs/{digest}-{shape}.jpg"}
                tall = image.height / image.width > css_height / css_width * (1 + SAME_SHAPE)
                if not tall:
                    paths["screen"] = paths["view"]
                sizes = self._write(image, data, css_width, css_height, paths)
        except (OSError, UnidentifiedImageError):
            return None
        return Picture(
            original="../" + relative, view=paths["view"], width=sizes["view"][0], height=sizes["view"][1],
            screen=paths["screen"], screen_width=sizes["screen"][0], screen_height=sizes["screen"][1],
            thumb=paths["thumb"], thumb_width=sizes["thumb"][0], thumb_height=sizes["thumb"][1], css_width=css_width,
        )

    def _write(self, image: Image.Image, data: bytes, css_width: float, css_height: float,
               paths: dict[str, str]) -> dict[str, tuple[int, int]]:
        """Each copy's size, writing the copies the report folder does not have yet (a re-rendering has them).

        A storyboard picture is already a JPEG in CSS pixels (`walk/capture.py`): its bytes are the view as they
        are, and only the thumbnail is drawn, from a JPEG decoded at the smallest scale that still covers it
        (several times faster than a full decode). Only a wider or other picture is decoded whole and scaled."""
        as_taken = image.format == "JPEG" and image.width <= VIEW_MAX_WIDTH
        view_size = image.size if as_taken else _fitted(image.size, VIEW_MAX_WIDTH)
        screen_size = (view_size[0], min(view_size[1], round(view_size[0] * css_height / css_width)))
        thumb_size = _fitted(screen_size, THUMB_WIDTH)
        sizes = {"view": view_size, "screen": screen_size, "thumb": thumb_size}
        if all((self.report_dir / p).exists() for p in paths.values()):
            return sizes
        if as_taken:
            _save_bytes(data, self.report_dir / paths["view"])
            smallest = screen_size if paths["screen"] != paths["view"] else thumb_size
            image.draft("RGB", (smallest[0], round(image.height * smallest[0] / image.width)))
            view = image.convert("RGB")
        else:
            # A phone's full-page picture has 2–3 pixels per CSS pixel: decoding it at a JPEG scale no smaller than
            # the page's CSS width keeps what a shopper sees.
            image.draft("RGB", (int(css_width), int(image.height * css_width / image.width)))
            view = _scaled(image.convert("RGB"), view_size)
            _save(view, self.report_dir / paths["view"], VIEW_QUALITY)
        screen = view.crop((0, 0, view.width, min(view.height, round(view.width * screen_size[1] / screen_size[0]))))
        if paths["screen"] != paths["view"]:
            _save(_scaled(screen, screen_size), self.report_dir / paths["screen"], VIEW_QUALITY)
        _save(_scaled(screen, thumb_size), self.report_dir / paths["thumb"], THUMB_QUALITY)
        return sizes


def _fitted(size: tuple[int, int], max_width: int) -> tuple[int, int]:
    width, height = size
    if width <= max_width:
        return width, height
    return max_width, max(1, round(height * max_width / width))


def _scaled(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    if image.size == size:
        return image
    return image.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)


def _save(image: Image.Image, path: Path, quality: int) -> None:
    """A baseline JPEG: `optimize` and `progressive` cost Pillow as much again for a few per cent of bytes."""
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    _save_bytes(buffer.getvalue(), path)


def _save_bytes(data: bytes, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
