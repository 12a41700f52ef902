"""The network guard of a production walk: which requests would commit (place an order, pay, subscribe), so they
are held before they leave the browser. It is what keeps the promise when the words miss a button.

A request that is not a GET (nor HEAD or OPTIONS) is held when
- it goes to a payment provider's API (payment_providers.txt), at any time;
- it posts to an address the page's own forms name as the order's: the form whose submit button reads
  "Place order" (learned as the walk goes), or one whose words say so (/checkout/place-order);
- it carries a payment card number (a whole field that is a Luhn-valid number of a card network);
- the walk has already stopped before committing: from then on nothing is sent to the shop but GETs.
"""

from __future__ import annotations

import base64
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import parse_qsl, urlsplit

from .secrets import is_card_number
from .vocabulary import STOPPED_BEFORE, Vocabulary

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_LOGGED = 500  # requests kept in the evidence; the counts go on past it
# The lengths and first digits of the card networks (Visa, Mastercard, Discover, JCB, UnionPay, Maestro at 16 to 19
# digits; Amex at 15, Diners at 14): a long number otherwise (a phone number, at most 15 digits, an order id) is not a card.
CARD_NETWORK = re.compile(r"^(?:(?:4|5|2[2-7]|6|35)\d{15,18}|3[47]\d{13}|3[068]\d{12})$")


def carries_card_number(body: str | None) -> bool:
    """Whether a request body holds a payment card number as a whole value (a form field, a JSON string or number)."""
    return any(_is_card(value) for value in _values(body or ""))


def _is_card(value: str) -> bool:
    digits = re.sub(r"[ -]", "", value.strip())
    return bool(CARD_NETWORK.match(digits)) and is_card_number(digits)


def _values(body: str) -> list[str]:
    body = body.strip()
    if body[:1] in "{[":
        try:
            return list(_json_values(json.loads(body)))
        except ValueError:
            pass
    if "Content-Disposition" in body:  # multipart/form-data: each part's value follows a blank line
        return [part.split("\r\n\r\n", 1)[1].rsplit("\r\n", 1)[0] for part in body.split("--") if "\r\n\r\n" in part]
    return [value for _, value in parse_qsl(body, keep_blank_values=False)]


def _json_values(data: Any):
    if isinstance(data, dict):
        for item in data.values():
            yield from _json_values(item)
    elif isinstance(data, list):
        for item in data:
            yield from _json_values(item)
    elif isinstance(data, (str, int)) and not isinstance(data, bool):
        yield str(data)


def body_of(request: dict[str, Any]) -> str | None:
    """The body of a DevTools `Network.Request`: `postData`, or its `postDataEntries` decoded."""
    if request.get("postData") is not None:
        return request["postData"]
    entries = request.get("postDataEntries") or []
    try:
        data = b"".join(base64.b64decode(entry.get("bytes", "")) for entry in entries)
        return data.decode("utf-8", "replace") or None
    except ValueError:
        return None


def same_address(first: str, second: str) -> bool:
    """Scheme, host, port and path alike; the query and fragment aside."""
    def key(url: str) -> tuple[str, str, str]:
        parts = urlsplit(url)
        return parts.scheme, parts.netloc.lower(), parts.path.rstrip("/") or "/"

    return key(first) == key(second)


@dataclass(frozen=True)
class Hold:
    kind: str  # order | payment | subscription | donation
    reason: str  # in a QA person's words: "it goes to Stripe, a payment provider"


@dataclass
class CommitGuard:
    """What one production journey has learned about committing requests, and the log of what it held."""

    words: Vocabulary
    clock_start: float
    where: Callable[[], tuple[int, int] | None] = lambda: None
    stopped: str | None = None  # the kind the walk stopped before; from then on every non-GET request is held
    order_addresses: dict[str, str] = field(default_factory=dict)  # address → kind, from the pages' forms
    log: list[dict[str, Any]] = field(default_factory=list)  # every non-GET request seen, held or sent
    seen: int = 0
    committing_sent: int = 0

    def learn(self, address: str, kind: str) -> None:
        """A form on the page posts here with a committing button: a request to it commits, whatever starts it."""
        self.order_addresses.setdefault(address, kind)

    def stop(self, kind: str) -> None:
        self.stopped = self.stopped or kind

    def hold_for(self, method: str, url: str, body: str | None, resource_type: str = "Other") -> Hold | None:
        """Why this request would commit, or None when it would not (a GET never does)."""
        if method.upper() in SAFE_METHODS:
            return None
        host = urlsplit(url).hostname
        provider = self.words.provider_of(host)
        if provider:
            return Hold("payment", f"it goes to {provider}, a payment provider ({host})")
        learned = next((kind for address, kind in self.order_addresses.items() if same_address(address, url)), None)
        if learned:
            return Hold(learned, f"it posts to the address of the form whose button commits ({_path(url)})")
        match = self.words.address_commits(url)
        if match:
            return Hold(match.kind, f"its address says “{match.words}” ({_path(url)})")
        if carries_card_number(body):  # a form sent with the card is the order itself; a script's request, a payment
            kind = "order" if resource_type == "Document" else "payment"
            return Hold(kind, "it carries a payment card number")
        if self.stopped:
            return Hold(self.stopped, f"the walk had stopped before {STOPPED_BEFORE[self.stopped]}: nothing is sent "
                                      "to the shop after that")
        return None

    def record(self, method: str, url: str, resource_type: str, hold: Hold | None, held: bool) -> dict[str, Any]:
        stage, step = self.where() or (None, None)
        entry = {"method": method, "url": url[:500], "host": urlsplit(url).hostname, "resource_type": resource_type,
                 "held": held, "kind": hold.kind if hold else None, "reason": hold.reason if hold else None,
                 "stage": stage, "step": step, "t_ms": round((time.perf_counter() - self.clock_start) * 1000, 1)}
        self.seen += 1
        if hold and not held:
            self.committing_sent += 1
        if len(self.log) < MAX_LOGGED or hold:
            self.log.append(entry)
        return entry

    def held(self, stage: int | None = None, step: int | None = None) -> list[dict[str, Any]]:
        """The committing requests held, all of them or those of one step."""
        return [entry for entry in self.log if entry["held"] and entry["kind"]
                and (stage is None or (entry["stage"], entry["step"]) == (stage, step))]


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path or "/"
