"""Ad landing: what a shopper who tapped an ad meets first, and whether the shop keeps the ad's promise.

The time from the ad's URL, through redirects, to a usable page; the campaign parameters (utm_*, gclid, …)
kept so the sale is credited to the ad; and the same product name and price on the landing page as on
the product page. Judged only where the journey starts from an ad (`friction.landing`): the stage marked
`landing: ad`, or the first page whose address carries campaign tags.
"""

from __future__ import annotations

import re
from typing import Any

from ...results import Finding, StageRecord
from ..base import DetectorConfig, DetectorMeta, JourneyEvidence, Judgement, finding
from ..landing import (
    NOT_AN_AD_LANDING,
    ad_landing_stage,
    campaign_parameters,
    opened_url,
)
from ..money import parse_amount
from ..pages import gathered, stages_on_their_own_page
from ..thresholds import Duration, Number

META = DetectorMeta(
    id="ad-landing",
    title="Ad landing page lets the ad down",
    description="Time from the ad's URL through redirects to a usable page, campaign parameters kept, and the "
                "landing page's product name and price matching the product page.",
    reads=("navigation", "page_text", "step:remembered"),
    thresholds={"usable_ms": Duration(3000), "usable_ms_major": Duration(6000),
                "title_overlap": Number(0.5, maximum=1)},
)
def _usable_ms(stage: StageRecord, navigation: dict[str, Any] | None) -> float | None:
    """From asking for the ad's URL to a page the shopper can use (DOM ready), redirects included."""
    goto = next((s for s in stage.steps if s.verb == "goto" and s.duration_ms is not None), None)
    if goto is None:
        return None
    load, ready = (navigation or {}).get("load_ms"), (navigation or {}).get("dom_content_loaded_ms")
    waited_for_load = (load - ready) if load and ready and load > ready else 0
    return round(goto.duration_ms - waited_for_load)


def _speed(stage: StageRecord, opened: str | None, navigation: dict[str, Any] | None, config: DetectorConfig) -> Finding | None:
    usable = _usable_ms(stage, navigation)
    limit, major = config.get("usable_ms", stage.name), config.get("usable_ms_major", stage.name)
    if usable is None or usable <= limit:
        return None
    redirects = (navigation or {}).get("redirect_count") or 0
    details = [f"Opened {opened}", f"Landed on {stage.url}"]
    if redirects:
        details.append(f"{redirects} redirect(s), {navigation.get('redirect_ms') or 0} ms")
    return finding(
        META, "major" if usable > major else "minor", stage.name, title="Ad landing page is slow to open",
        insight=f"Shoppers who tapped the ad waited {usable / 1000:.1f} s for a usable page. More than half of mobile "
                f"visitors leave a page that takes longer than 3 s; cut redirects and make the landing page light.",
        url=stage.url, value=usable, threshold=limit, unit="ms", details=details,
    )


def _lost_parameters(wanted: dict[str, str], url: str | None) -> list[str]:
    kept = campaign_parameters(url)
    return [f"{k}={v}" for k, v in wanted.items() if kept.get(k) != v]


def _parameters(landing: StageRecord, opened: str | None, after: StageRecord | None) -> list[Finding]:
    wanted = campaign_parameters(opened) or campaign_parameters(landing.url)
    found = []
    if lost := _lost_parameters(wanted, landing.url):
        found.append(finding(
            META, "major", landing.name, title="Campaign tags lost on the way to the landing page",
            insight="The redirects from the ad to the landing page drop its campaign tags, so analytics cannot credit "
                    "the sale to the ad and its budget is judged on wrong numbers. Keep the query string through "
                    "every redirect.",
            url=landing.url, details=[f"Lost: {p}" for p in lost] + [f"Opened {opened}"],
        ))
    elif after is not None and (lost := _lost_parameters(wanted, after.url)):
        found.append(finding(
            META, "minor", after.name, title="Campaign tags dropped after the landing page",
            insight="The link from the landing page drops the ad's campaign tags; tools that read the page address "
                    "lose which ad brought the shopper. Keep them on the first link, or store them on landing.",
            url=after.url, details=[f"Lost: {p}" for p in lost],
        ))
    return found


def _main_price(page: dict[str, Any]) -> dict[str, Any] | None:
    prices = [p for p in page.get("prices", []) if p.get("in_main") and parse_amount(p["text"]) is not None]
    return max(prices, key=lambda p: p["font_px"], default=None)


def _heading(page: dict[str, Any]) -> str:
    return next((h["text"] for h in page.get("headings", []) if h["level"] == 1), "")


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _promise(landing: StageRecord, landing_page: dict[str, Any], product: StageRecord, product_evidence: dict[str, Any],
             config: DetectorConfig) -> list[Finding]:
    product_page = gathered(product_evidence, "page_text") or {}
    found = []
    ad_price, remembered = _main_price(landing_page), {}
    for step in product_evidence.get("steps", []):
        remembered.update(step.get("remembered") or {})
    price_name = next((n for n in remembered if "price" in n.lower()), None)
    product_price_text = remembered[price_name] if price_name else (_main_price(product_page) or {}).get("text")
    if ad_price and product_price_text:
        shown, charged = parse_amount(ad_price["text"]), parse_amount(product_price_text)
        if charged is not None and abs(shown - charged) > 0.005:
            found.append(finding(
                META, "major", product.name, title="Product page price differs from the ad landing page",
                insight=f"The landing page promised {ad_price['text']}, the product page asks {product_price_text}. "
                        "Shoppers who feel baited leave, and ad platforms can reject ads whose landing pages "
                        "disagree. Show the same price everywhere.",
                url=product.url, value=product_price_text, threshold=ad_price["text"],
            ))
    ad_title, product_title = _heading(landing_page), _heading(product_page)
    if ad_title and product_title:
        ad_words, product_words = _words(ad_title), _words(product_title)
        overlap = len(ad_words & product_words) / max(1, min(len(ad_words), len(product_words)))
        if overlap < config.get("title_overlap", product.name):
            found.append(finding(
                META, "minor", product.name, title="Product page names a different product than the landing page",
                insight=f"The landing page is about “{ad_title}”, the product page it leads to about “{product_title}”: "
                        "shoppers wonder whether they are in the right place. Link the landing page to its product.",
                url=product.url, value=product_title, threshold=ad_title,
            ))
    return found


def detect(journey: JourneyEvidence, config: DetectorConfig) -> Judgement:
    name = ad_landing_stage(journey)
    pages = stages_on_their_own_page(journey)
    position = next((i for i, (_, stage, _) in enumerate(pages) if stage.name == name), None)
    if name is None or position is None:
        reason = NOT_AN_AD_LANDING if name is None else f"the ad landing stage “{name}” did not reach its page"
        return Judgement(not_applicable={None: reason})
    _, landing, landing_evidence = pages[position]
    opened = opened_url(landing)
    found = []
    if slow := _speed(landing, opened, gathered(landing_evidence, "navigation"), config):
        found.append(slow)
    later = pages[position + 1:]
    # The page the landing page leads to: the very next stage, reached from it — not one a detour's `resume:` steps
    # reached (they open an address of their own, without the campaign's tags) past a broken stage between.
    follows = bool(later) and later[0][0] == pages[position][0] + 1 and later[0][1].detour_from is None \
        and not later[0][1].resume_steps
    after = later[0][1] if follows else None
    found.extend(_parameters(landing, opened, after))
    product = next(((s, e) for _, s, e in later if s.phase == "consideration" or "product" in s.name.lower()), None)
    landing_page = gathered(landing_evidence, "page_text")
    if product and landing_page:
        found.extend(_promise(landing, landing_page, product[0], product[1], config))
    judged = {landing.name, after.name if after else None, product[0].name if product else None}
    return Judgement(found, not_applicable={
        stage.name: "judges the ad landing page, the page after it and the product page it leads to"
        for _, stage, _ in journey.walked_stages() if stage.name not in judged})
