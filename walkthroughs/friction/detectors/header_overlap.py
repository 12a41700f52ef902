"""Something of the page drawn over the shop's header: a button, banner or picture from the main content lying on
top of the logo, the menu or the cart link — found from the page's own layout, without a baseline run.

Reads the header gatherer, which hit-tests points over the header's visible box. Dialogs and status messages are
left out there (they cover the page on purpose; obstruction judges dialogs). Major where a link or button of the
header lies underneath (the shopper cannot reach it), minor where only its background or logo text does.
"""

from __future__ import annotations

from ..base import DetectorConfig, DetectorMeta, JourneyEvidence, Judgement, box, finding
from ..stage_picture import on_stage_pictures
from ..thresholds import Number

META = DetectorMeta(
    id="header-overlap",
    title="Something covers the shop's header",
    description="An element from outside the page's header (a button, banner or picture of the main content) is "
                "drawn over at least `min_share` of the header's visible area: what lies underneath cannot be seen "
                "or tapped.",
    reads=("header",),
    thresholds={"min_share": Number(0.02, maximum=1, unit="of the header")},
)
NO_HEADER = "the page has no header at the top of the screen (no banner landmark)"
NOT_RECORDED = "the walk recorded no header evidence on this stage (saved before the header gatherer)"


def detect(journey: JourneyEvidence, config: DetectorConfig) -> Judgement:
    judgement = Judgement()
    for _, stage, evidence in journey.walked_stages():
        if "header" not in evidence:
            judgement.not_applicable[stage.name] = NOT_RECORDED
            continue
        seen = evidence["header"]
        header = seen.get("header")
        if header is None:
            judgement.not_applicable[stage.name] = NO_HEADER
            continue
        for cover in seen.get("covered_by", []):
            if cover["share"] < config.get("min_share", stage.name):
                continue
            what = f"“{cover['name']}”" if cover["name"] else f"a {cover['tag']} element"
            under = ", ".join(f"“{name}”" for name in cover["covers"]) or "part of the header"
            pinned = " pinned in place" if cover["position"] in ("fixed", "sticky") else ""
            judgement.findings.append(finding(
                META, "major" if cover["covers_control"] else "minor", stage.name,
                title=f"{what[0].upper()}{what[1:]} covers the shop's header",
                insight=f"{what[0].upper()}{what[1:]}{pinned} lies on top of the header, over {under}"
                        + (": shoppers cannot reach what is underneath." if cover["covers_control"] else ".")
                        + " Keep the page's own content below the header (check its position and z-index).",
                boxes=[box(header["box"], "target"), box(cover["box"], "cover")],
                selector=cover["selector"], url=stage.url,
                value=round(cover["share"] * 100, 1), unit="% of the header",
                details=[f"header: {header['selector']} ({header['position']})", f"over it: {cover['selector']}"],
            ))
    return Judgement(on_stage_pictures(journey, judgement.findings), not_applicable=judgement.not_applicable)
