"""What a results.json keeps of a Lighthouse report: category scores, key metrics, the biggest savings.

Pure functions on the report's JSON (the LHR), so they are tested on saved reports without a browser.
"""

from __future__ import annotations

from statistics import median
from typing import Any

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {  # our name → Lighthouse audit id
    "fcp_ms": "first-contentful-paint",
    "lcp_ms": "largest-contentful-paint",
    "tbt_ms": "total-blocking-time",
    "cls": "cumulative-layout-shift",
    "speed_index_ms": "speed-index",
    "ttfb_ms": "server-response-time",
}
TOP_OPPORTUNITIES = 5


def category_scores(lhr: dict[str, Any]) -> dict[str, int | None]:
    """0–100 per category, None where Lighthouse could not score it."""
    categories = lhr.get("categories", {})
    scores = {}
    for name in CATEGORIES:
        score = categories.get(name, {}).get("score")
        scores[name] = round(score * 100) if isinstance(score, (int, float)) else None
    return scores


def key_metrics(lhr: dict[str, Any]) -> dict[str, float]:
    audits = lhr.get("audits", {})
    values = {name: audits.get(audit_id, {}).get("numericValue") for name, audit_id in METRICS.items()}
    return {name: round(value, 3 if name == "cls" else 1) for name, value in values.items()
            if isinstance(value, (int, float))}


def _savings_ms(audit: dict[str, Any]) -> float:
    details = audit.get("details") or {}
    saved = [details.get("overallSavingsMs") or 0]
    saved += [value for metric, value in (audit.get("metricSavings") or {}).items()
              if metric in ("LCP", "FCP", "TBT") and isinstance(value, (int, float))]
    return float(max(saved))


def top_opportunities(lhr: dict[str, Any], limit: int = TOP_OPPORTUNITIES) -> list[dict[str, Any]]:
    """The performance audits that would save the most time (then bytes), largest first; passed ones left out."""
    audits = lhr.get("audits", {})
    refs = lhr.get("categories", {}).get("performance", {}).get("auditRefs", [])
    found = []
    for ref in refs:
        audit = audits.get(ref.get("id"), {})
        score = audit.get("score")
        if ref.get("group") == "metrics" or audit.get("scoreDisplayMode") in ("notApplicable", "manual", "error"):
            continue
        if isinstance(score, (int, float)) and score >= 0.9:
            continue
        saved_ms = _savings_ms(audit)
        saved_bytes = (audit.get("details") or {}).get("overallSavingsBytes") or 0
        if saved_ms <= 0 and saved_bytes <= 0:
            continue
        found.append({"id": ref["id"], "title": audit.get("title", ref["id"]), "savings_ms": round(saved_ms),
                      "savings_bytes": round(saved_bytes), "display": audit.get("displayValue") or None})
    found.sort(key=lambda item: (item["savings_ms"], item["savings_bytes"]), reverse=True)
    return found[:limit]


def median_run(lhrs: list[dict[str, Any]]) -> int:
    """Index of the run nearest the median first paint and time to interactive, as Lighthouse picks it."""
    def value(lhr: dict[str, Any], audit_id: str) -> float | None:
        number = lhr.get("audits", {}).get(audit_id, {}).get("numericValue")
        return number if isinstance(number, (int, float)) else None

    measured = [i for i, lhr in enumerate(lhrs) if value(lhr, "first-contentful-paint") is not None
                and value(lhr, "interactive") is not None]
    if not measured:
        return 0
    fcp = median(value(lhrs[i], "first-contentful-paint") for i in measured)
    tti = median(value(lhrs[i], "interactive") for i in measured)
    return min(measured, key=lambda i: (value(lhrs[i], "first-contentful-paint") - fcp) ** 2
               + (value(lhrs[i], "interactive") - tti) ** 2)
