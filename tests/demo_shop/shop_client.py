"""A tiny urllib 'browser' for the demo shop tests: it keeps its own cookies, so it is its own session."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """One browser context: its own cookie store, so its own session and cart."""

    def __init__(self, base_url: str, cookies: dict | None = None):
        self.base_url = base_url
        self.cookies = dict(cookies or {})
        self._opener = urllib.request.build_opener(_NoRedirect)

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str | None = None) -> Response:
        request = urllib.request.Request(self.base_url + path, data=body, method=method)
        if content_type:
            request.add_header("Content-Type", content_type)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            raw = self._opener.open(request, timeout=10)
        except urllib.error.HTTPError as error:
            raw = error
        with raw:
            response = Response(raw.status, {k.lower(): v for k, v in raw.headers.items()}, raw.read())
        for header in raw.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";")[0]
        return response

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post_json(self, path: str, data: dict) -> Response:
        return self.request("POST", path, json.dumps(data).encode(), "application/json")

    def post_form(self, path: str, data: dict) -> Response:
        return self.request("POST", path, urlencode(data).encode(), "application/x-www-form-urlencoded")

    def add_to_cart(self, slug: str = "trail-runner", size: str = "42", quantity: int = 1) -> Response:
        return self.post_json("/api/cart", {"slug": slug, "size": size, "quantity": quantity})


GUEST = {
    "email": "anna@example.com", "phone": "+49 30 1234567", "name": "Anna Schmidt",
    "address": "Invalidenstraße 117", "postcode": "10115", "city": "Berlin", "country": "DE",
    "shipping": "standard", "payment": "card",
    "card_number": "4242 4242 4242 4242", "card_expiry": "12/34", "card_cvc": "123",
}
