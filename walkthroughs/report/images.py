"""Screenshots as the report shows them: compressed copies, first screens and thumbnails inside the report folder.

Copies are named by a hash of the original's bytes, so a page that did not change between steps is
stored once and re-rendering writes the same files. The originals stay in the run folder, linked.

A picture of one screen that the walker already saved as a JPEG of at most AS_TAKEN_MAX_WIDTH px (every storyboard
picture: CSS pixels, quality 70) is copied byte for byte: decoding, scaling and encoding it again cost about 30 ms of
CPU a picture (1.5 CPU-s of a three-device demo walk) to save a fifth of its bytes. Only full-page pictures (cut to
their first screen) and wide or non-JPEG ones are re-encoded; thumbnails are decoded at a JPEG scale near their size.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

VIEW_MAX_WIDTH = 960  # px of the copy shown in the viewer and on stage pages
THUMB_WIDTH = 320  # px: sharp at 160 CSS px on a 2× screen
SAME_SHAPE = 0.03  # a picture within 3 % of the screen's proportions is a picture of one screen
VIEW_QUALITY, THUMB_QUALITY = 72, 62
AS_TAKEN_MAX_WIDTH = 1440  # px: a JPEG of one screen up to this wide is its own view copy (a desktop's 1280)


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
            with Image.open(io.BytesIO(data)) as image:
                css_width = float(screen.get("width") or image.width)
                css_height = float(screen.get("height") or image.height * css_width / image.width)
                shape = f"{css_width:.0f}x{css_height:.0f}"
                paths = {"view": f"img/{digest}.jpg", "screen": f"img/{digest}-{shape}.jpg",
                         "thumb": f"thumbs/{digest}-{shape}.jpg"}
                tall = image.height / image.width > css_height / css_width * (1 + SAME_SHAPE)
                if not tall:
                    paths["screen"] = paths["view"]
                if all((self.report_dir / p).exists() for p in paths.values()):
                    sizes = {name: _size(self.report_dir / path) for name, path in paths.items()}
                elif not tall and image.format == "JPEG" and image.width <= AS_TAKEN_MAX_WIDTH:
                    sizes = self._write_as_taken(image, data, paths)
                else:
                    sizes = self._write(image, css_width, css_height, paths)
        except (OSError, UnidentifiedImageError):
            return None
        return Picture(
            original="../" + relative, view=paths["view"], width=sizes["view"][0], height=sizes["view"][1],
            screen=paths["screen"], screen_width=sizes["screen"][0], screen_height=sizes["screen"][1],
            thumb=paths["thumb"], thumb_width=sizes["thumb"][0], thumb_height=sizes["thumb"][1], css_width=css_width,
        )

    def _write_as_taken(self, image: Image.Image, data: bytes, paths: dict[str, str]) -> dict[str, tuple[int, int]]:
        """A picture of one screen, already a JPEG of a viewable size: its bytes are the view; only the thumbnail
        is made."""
        _write_bytes(self.report_dir / paths["view"], data)
        size = image.size  # before draft, which shrinks it
        image.draft("RGB", (THUMB_WIDTH, max(1, round(image.height * THUMB_WIDTH / image.width))))
        thumb = _scaled(image.convert("RGB"), THUMB_WIDTH)
        _save(thumb, self.report_dir / paths["thumb"], THUMB_QUALITY)
        return {"view": size, "screen": size, "thumb": thumb.size}

    def _write(self, image: Image.Image, css_width: float, css_height: float,
               paths: dict[str, str]) -> dict[str, tuple[int, int]]:
        # A phone's screenshot has 2–3 pixels per CSS pixel; decoding it at a JPEG scale no smaller than
        # the page's CSS width keeps what a shopper sees and is several times faster than a full decode.
        image.draft("RGB", (int(css_width), int(image.height * css_width / image.width)))
        view = _scaled(image.convert("RGB"), VIEW_MAX_WIDTH)
        screen = view.crop((0, 0, view.width, min(view.height, round(view.width * css_height / css_width))))
        _save(view, self.report_dir / paths["view"], VIEW_QUALITY)
        if paths["screen"] != paths["view"]:
            _save(screen, self.report_dir / paths["screen"], VIEW_QUALITY)
        thumb = _scaled(screen, THUMB_WIDTH)
        _save(thumb, self.report_dir / paths["thumb"], THUMB_QUALITY)
        return {"view": view.size, "screen": screen.size, "thumb": thumb.size}


def _size(path: Path) -> tuple[int, int]:
    with Image.open(path) as made:  # reads the header only
        return made.size


def _scaled(image: Image.Image, max_width: int) -> Image.Image:
    if image.width <= max_width:
        return image
    height = max(1, round(image.height * max_width / image.width))
    return image.resize((max_width, height), Image.Resampling.BICUBIC, reducing_gap=2.0)


def _write_bytes(path: Path, data: bytes) -> None:
    """Written beside and renamed: a report opened meanwhile never shows half a picture."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def _save(image: Image.Image, path: Path, quality: int) -> None:
    encoded = io.BytesIO()
    image.save(encoded, "JPEG", quality=quality, optimize=True, progressive=True)
    _write_bytes(path, encoded.getvalue())
