"""Unmet needs: what the scenario says the shopper needs at a stage, looked for on the page the stage ends on.

A need in words is matched against a small vocabulary of built-in checks (price, availability, reviews,
delivery terms, returns, contact, payment methods, HTTPS, order number, next steps, a way to buy); a need
naming several ("what delivery and returns cost") must pass each. A need with a locator is met when the
walker found a visible element. Needs no check understands are listed once per stage, as information.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from ...results import Finding, StageRecord
from ..base import DetectorConfig, DetectorMeta, JourneyEvidence, Judgement, finding
from ..pages import gathered, not_on_their_own_page, stages_on_their_own_page
from ..thresholds import Severity

META = DetectorMeta(
    id="unmet-needs",
    title="What the shopper needs is missing",
    description="Looks for each need the scenario lists for a stage (price, availability, reviews, delivery, returns, "
                "contact, payment methods, HTTPS, order number, next steps, or a locator) on the stage's page.",
    reads=("page_text", "layout", "needs"),
    thresholds={"severity": Severity("major")},
)

MONEY = r"(?:[€$£¥]\s?\d|\d[\d.,]*\s?(?:€|EUR|USD|GBP|CHF)|\b(?:EUR|USD|GBP|CHF)\s?\d)"
TIMEFRAME = (r"\d+\s*(?:[–-]|to)\s*\d+\s*(?:working |business )?days|next day|tomorrow|within \d+ (?:working )?days"
             r"|arriv|(?:mon|tues|wednes|thurs|fri|satur|sun)day")
WANTS_COST = r"cost|price|total|fee|how much|pay"
ORDER_NUMBER = (r"(?:order|confirmation|reference|booking)\s*(?:number|no\.?|#|id|reference)\s*(?:is|:)?\s*#?\s*"
                r"[A-Z0-9-]*\d[A-Z0-9-]*|\border\s*#\s*[A-Z0-9-]*\d")
PAYMENT_METHODS = ("card", "credit card", "debit card", "visa", "mastercard", "amex", "american express", "paypal",
                   "apple pay", "google pay", "klarna", "invoice", "bank transfer", "sofort", "ideal", "giropay",
                   "direct debit", "cash on delivery")


@dataclass
class Page:
    """What the stage's page offers the checks: its main text, its chrome (header, footer), protocol, layout."""

    text: str
    chrome: str
    protocol: str
    prices: list[dict[str, Any]]
    layout: dict[str, Any] | None

    @property
    def everything(self) -> str:
        return f"{self.text}\n{self.chrome}"


def _lines_about(text: str, words: str) -> list[str]:
    """Lines mentioning the words, each with a short value on the line after it ("Shipping" / "€4.95" in a table)."""
    lines = text.splitlines() + [""]
    return [f"{line} {lines[i + 1] if len(lines[i + 1]) <= 24 else ''}" for i, line in enumerate(lines[:-1])
            if re.search(words, line, re.IGNORECASE)]


def _delivery(page: Page, need: str) -> bool:
    wants_cost = re.search(WANTS_COST, need, re.IGNORECASE)
    detail = f"{MONEY}|\\bfree\\b" if wants_cost else f"{MONEY}|\\bfree\\b|{TIMEFRAME}"
    lines = _lines_about(page.text, r"deliver|shipping|postage|dispatch")
    return any(re.search(detail, line, re.IGNORECASE) for line in lines)


def _payment(page: Page, need: str) -> bool:
    offered = {m for m in PAYMENT_METHODS if re.search(rf"\b{m}\b", page.text, re.IGNORECASE)}
    named = {m for m in PAYMENT_METHODS if re.search(rf"\b{m}\b", need, re.IGNORECASE)}
    return named <= offered if named else len(offered) >= 2


@dataclass(frozen=True)
class Check:
    name: str
    need_words: str  # a regex on the need's words that calls for this check
    looked_for: str  # what the shopper should see, for the finding
    met: Callable[[Page, str], bool]

    def describe(self, need: str) -> str:
        if self.name == "delivery terms" and re.search(WANTS_COST, need, re.IGNORECASE):
            return "the delivery cost"
        return self.looked_for


CHECKS = (
    Check("order number", r"order (number|no\b|#|id|reference)|order ?#|confirmation number", "an order number",
          lambda p, n: bool(re.search(ORDER_NUMBER, p.text, re.IGNORECASE))),
    Check("next steps", r"next|happens|tracking|confirmation e-?mail", "what happens next (e-mail, delivery, tracking)",
          lambda p, n: bool(re.search(r"what happens next|next steps|we('ve| have)? (sent|e-?mailed)|confirmation (e-?mail|"
                                      r"has been sent|to)|tracking|arriv(e|es|al)|dispatch|will be (shipped|delivered)",
                                      p.text, re.IGNORECASE))),
    Check("https", r"https|secure|encrypt|ssl", "a secure (HTTPS) page", lambda p, n: p.protocol == "https"),
    Check("payment methods", r"\bpay\b|payment", "the payment methods", _payment),
    Check("contact", r"contact|support|help|customer service|talk to|call us|chat", "a way to contact the shop",
          lambda p, n: bool(re.search(r"contact|help|support|customer service|chat|call us|\+?\d[\d ()/-]{7,}",
                                      p.everything, re.IGNORECASE))),
    Check("reviews", r"review|rating|stars|what others", "reviews or a rating",
          lambda p, n: bool(re.search(r"\breviews?\b|\bratings?\b|out of 5|★", p.text, re.IGNORECASE))),
    Check("returns", r"return|refund|exchange", "the returns terms",
          lambda p, n: bool(re.search(r"return|refund", p.everything, re.IGNORECASE))),
    Check("delivery terms", r"deliver|shipping|postage|dispatch", "the delivery cost or time", _delivery),
    Check("availability", r"stock|availab", "whether it is in stock",
          lambda p, n: bool(re.search(r"in stock|out of stock|available|availability|sold out|only \d+ left|"
                                      r"ships (in|within)", p.text, re.IGNORECASE))),
    Check("price", r"price|cost|how much|total", "the price",
          lambda p, n: any(price.get("in_main") for price in p.prices) or bool(re.search(MONEY, p.text))),
    Check("a way to buy", r"\bbuy\b|add to (cart|bag|basket)|shop now|call to action|order button",
          "a button to buy", lambda p, n: bool(p.layout and p.layout.get("primary_cta"))),
)


def checks_for(need: str) -> list[Check]:
    return [check for check in CHECKS if re.search(check.need_words, need, re.IGNORECASE)]


def _page(evidence: dict[str, Any]) -> Page | None:
    text = gathered(evidence, "page_text")
    if text is None:
        return None
    return Page(text=text.get("text", ""), chrome=text.get("chrome_text", ""), protocol=text.get("protocol", ""),
                prices=text.get("prices", []), layout=gathered(evidence, "layout"))


def _unmet(stage: StageRecord, need: str, missing: list[str], severity: str, how: str) -> Finding:
    return finding(
        META, severity, stage.name, title=f"Missing at “{stage.name}”: {need}",
        insight=f"The shopper needs “{need}” here, but the page does not show {' or '.join(missing)}. A shopper "
                f"who cannot find what they came for hesitates or leaves: {how}",
        url=stage.url, value=need, details=[f"Looked for {m}" for m in missing],
    )


def detect(journey: JourneyEvidence, config: DetectorConfig) -> Judgement:
    found, not_applicable = [], not_on_their_own_page(journey)
    for _, stage, evidence in stages_on_their_own_page(journey):
        needs = journey.stage_needs(stage.name)
        if not needs:
            not_applicable[stage.name] = "the scenario names no needs for this stage"
        page = _page(evidence)
        located = {n["need"]: n for n in evidence.get("needs") or []}
        severity = config.get("severity", stage.name)
        unchecked = []
        for need in needs:
            if need in located:
                if not located[need]["found"]:
                    found.append(_unmet(stage, need, [f"an element matching {located[need]['locator']}"], severity,
                                        "make sure it is on the page and visible."))
                continue
            checks = checks_for(need)
            if not checks or page is None:
                unchecked.append(need)
                continue
            missing = [c.describe(need) for c in checks if not c.met(page, need)]
            if missing:
                found.append(_unmet(stage, need, missing, severity, "show it on this page, in plain words."))
        if unchecked:
            found.append(finding(
                META, "info", stage.name, title="Needs not checked automatically",
                insight="No built-in check understands these needs; give each a locator in the scenario "
                        "({need: …, locator: …}) to have it checked.",
                url=stage.url, details=unchecked,
            ))
    return Judgement(found, not_applicable=not_applicable)
