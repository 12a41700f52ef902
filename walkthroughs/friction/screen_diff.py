"""Where two screenshots of the same stage differ: the connected regions a shopper would see changed, as boxes.

A pixel counts as changed only when no pixel within one pixel of it in the other picture is close in colour, so
anti-aliased edges, a one-pixel shift and JPEG noise do not count; pixels painted as masked secrets (Playwright's
magenta) in either picture never count. Changed pixels are pooled in cells of `CELL` px, neighbouring cells joined,
and each joined group is boxed.

Hand-written on Pillow rather than pixelmatch: its Python port visits every pixel in Python (6 s for one
1280×720 pair on this machine) and its fast port brings numba and numpy; the same tolerance is a 3×3 min/max
filter in Pillow's C, about 0.1 s a pair. The grouping runs over at most a few thousand cells.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageChops, ImageFilter

CELL = 8  # px of a pooling cell (screenshots are in CSS px)
CELL_SHARE = 0.06  # a cell changed when at least this share of its pixels did (4 of 64)
MASKED = ((200, 255), (0, 70), (200, 255))  # R, G, B ranges of Playwright's magenta mask, after JPEG


@dataclass(frozen=True)
class Region:
    """A changed region in px of the pictures, with how many of its pixels changed."""

    x: int
    y: int
    width: int
    height: int
    changed_px: int

    @property
    def area(self) -> int:
        return self.width * self.height


@dataclass(frozen=True)
class ScreenDiff:
    regions: list[Region]  # largest first
    changed_share: float  # of the picture's pixels
    size: tuple[int, int]


def _spread(picture: Image.Image, pick) -> Image.Image:
    """Each pixel replaced by the darkest (`ImageChops.darker`) or lightest of its 3×3 neighbourhood, per channel:
    a min/max filter made of shifted copies, many times faster than Pillow's rank filter."""
    row = pick(pick(ImageChops.offset(picture, 1, 0), picture), ImageChops.offset(picture, -1, 0))
    return pick(pick(ImageChops.offset(row, 0, 1), row), ImageChops.offset(row, 0, -1))


def _unmatched(a: Image.Image, b: Image.Image) -> Image.Image:
    """How far each pixel of `a` lies outside the range of `b`'s 3×3 neighbourhood, per channel."""
    low, high = _spread(b, ImageChops.darker), _spread(b, ImageChops.lighter)
    return ImageChops.lighter(ImageChops.subtract(a, high), ImageChops.subtract(low, a))


def _masked(picture: Image.Image) -> Image.Image:
    """255 where the picture shows a masked secret (and a few px around it), else 0."""
    bands = [band.point(lambda v, lo=lo, hi=hi: 255 if lo <= v <= hi else 0)
             for band, (lo, hi) in zip(picture.split(), MASKED)]
    inside = ImageChops.multiply(ImageChops.multiply(bands[0], bands[1]), bands[2])
    return inside if inside.getbbox() is None else _spread(_spread(inside, ImageChops.lighter), ImageChops.lighter)


def _beyond(picture: Image.Image, tolerance: int) -> Image.Image:
    """255 where any channel of the RGB picture is above `tolerance`, else 0."""
    red, green, blue = picture.point(lambda v: 255 if v > tolerance else 0).split()
    return ImageChops.lighter(ImageChops.lighter(red, green), blue)


def changed_pixels(before: Image.Image, after: Image.Image, tolerance: int) -> Image.Image:
    """255 where the pictures differ by more than `tolerance` (0–255 per channel) beyond a one-pixel shift.

    Only where the plain difference is above the tolerance can a pixel have changed, so the neighbourhood test
    runs on the box around those pixels alone."""
    width, height = min(before.width, after.width), min(before.height, after.height)
    a = before.convert("RGB").crop((0, 0, width, height))
    b = after.convert("RGB").crop((0, 0, width, height))
    changed = Image.new("L", (max(before.width, after.width), max(before.height, after.height)), 255)
    changed.paste(0, (0, 0, width, height))  # what only one picture has counts as changed
    suspect = _beyond(ImageChops.difference(a, b), tolerance).getbbox()
    if suspect is None:
        return changed
    box = (max(0, suspect[0] - 2), max(0, suspect[1] - 2), min(width, suspect[2] + 2), min(height, suspect[3] + 2))
    a, b = a.crop(box), b.crop(box)
    far = _beyond(ImageChops.lighter(_unmatched(a, b), _unmatched(b, a)), tolerance)
    changed.paste(ImageChops.subtract(far, ImageChops.lighter(_masked(a), _masked(b))), box[:2])
    return changed


def _groups(cells: Image.Image) -> list[tuple[int, int, int, int]]:
    """Bounding boxes (in cells: left, top, right, bottom exclusive) of the 8-connected groups of set cells."""
    width, height = cells.size
    on = bytearray(1 if v else 0 for v in cells.tobytes())
    boxes = []
    for start in range(len(on)):
        if not on[start]:
            continue
        on[start] = 0
        stack, left, top, right, bottom = [start], width, height, 0, 0
        while stack:
            index = stack.pop()
            y, x = divmod(index, width)
            left, top, right, bottom = min(left, x), min(top, y), max(right, x + 1), max(bottom, y + 1)
            for ny in (y - 1, y, y + 1):
                for nx in (x - 1, x, x + 1):
                    if 0 <= nx < width and 0 <= ny < height and on[ny * width + nx]:
                        on[ny * width + nx] = 0
                        stack.append(ny * width + nx)
        boxes.append((left, top, right, bottom))
    return boxes


def compare_screens(before: Image.Image, after: Image.Image, tolerance: int = 40, min_area: float = 2500
                    ) -> ScreenDiff:
    """The regions of at least `min_area` px² that changed from `before` to `after`."""
    changed = changed_pixels(before, after, tolerance)
    width, height = changed.size
    total = changed.histogram()[255]
    if not total:
        return ScreenDiff([], 0.0, (width, height))
    grid = changed.resize((-(-width // CELL), -(-height // CELL)), Image.Resampling.BOX)
    cells = grid.point(lambda v: 255 if v >= 255 * CELL_SHARE else 0).filter(ImageFilter.MaxFilter(3))
    regions = []
    for left, top, right, bottom in _groups(cells):
        box = (left * CELL, top * CELL, min(width, right * CELL), min(height, bottom * CELL))
        count = changed.crop(box).histogram()[255]
        region = Region(box[0], box[1], box[2] - box[0], box[3] - box[1], count)
        if region.area >= min_area and count:
            regions.append(region)
    regions.sort(key=lambda r: r.area, reverse=True)
    return ScreenDiff(regions, total / (width * height), (width, height))
