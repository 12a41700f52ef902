"""The screen comparison boxes what a shopper would see changed, and nothing a re-encoding or a masked secret makes."""

from __future__ import annotations

import io

from pictures import BUTTON, PINNED, shop_screen
from PIL import Image

from walkthroughs.friction.screen_diff import compare_screens


def as_saved(picture: Image.Image, quality: int = 70) -> Image.Image:
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=quality)
    return Image.open(io.BytesIO(out.getvalue()))


def inside(box, region) -> bool:
    left, top, right, bottom = box
    return (region.x <= left and region.y <= top
            and region.x + region.width >= right and region.y + region.height >= bottom)


def test_a_button_moved_over_the_header_is_boxed_where_it_went_and_where_it_was():
    diff = compare_screens(as_saved(shop_screen()), as_saved(shop_screen(button=PINNED)))
    assert len(diff.regions) == 2
    assert any(inside(PINNED, r) for r in diff.regions) and any(inside(BUTTON, r) for r in diff.regions)
    assert all(r.width < 260 and r.height < 90 for r in diff.regions)  # tight boxes, not the whole screen
    assert 0.01 < diff.changed_share < 0.05


def test_the_same_screen_saved_again_or_shifted_by_a_pixel_has_no_changed_region():
    before = as_saved(shop_screen())
    assert compare_screens(before, as_saved(shop_screen(), quality=65)).regions == []
    assert compare_screens(before, as_saved(shop_screen(shift=1))).regions == []


def test_a_masked_secret_never_counts_and_a_change_smaller_than_the_least_region_is_left_out():
    before = as_saved(shop_screen())
    assert compare_screens(before, as_saved(shop_screen(secret="4242"))).regions == []
    small = compare_screens(before, as_saved(shop_screen(price="$55.00")))
    assert small.regions == [] and small.changed_share > 0
    assert len(compare_screens(before, as_saved(shop_screen(price="$55.00")), min_area=100).regions) == 1
