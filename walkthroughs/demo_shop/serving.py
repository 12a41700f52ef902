"""How a demo shop runs: a threading HTTP server on 127.0.0.1 in a background thread, started and stopped by the
test or command that owns it, and the request plumbing both bundled shops (`app.DemoShop`, `spa.SpaShop`) share:
sessions, friction switches per request, routing, bodies in and out. Each shop keeps its own routes and pages."""

from __future__ import annotations

import json
import logging
import mimetypes
import re
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, ClassVar, Iterable
from urllib.parse import urlsplit

SESSION_COOKIE = "sid"
_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")

log = logging.getLogger("walkthroughs.demo_shop")

Route = tuple[str, re.Pattern, str]


def routes(*table: tuple[str, str, str]) -> list[Route]:
    """A shop's route table, (method, path pattern, handler method name) each, with the patterns compiled; the
    routes every shop answers (`ShopRequestHandler`'s own) come last."""
    every_shop = (("GET", r"/favicon\.(?:ico|svg)", "favicon"), ("GET", r"/__frictions", "debug_frictions"),
                  ("GET", r"/__orders", "debug_orders"))
    return [(method, re.compile(pattern), handler) for method, pattern, handler in table + every_shop]


def parse_cookies(header: str | None) -> dict[str, str]:
    """Cookie header → dict, forgiving about odd values (commas, spaces) that SimpleCookie rejects."""
    cookies: dict[str, str] = {}
    for part in (header or "").split(";"):
        name, sep, value = part.strip().partition("=")
        if sep and name:
            cookies.setdefault(name, value.strip())
    return cookies


class ShopRequestHandler(BaseHTTPRequestHandler):
    """One request to a shop. `self.server.shop` is the shop; `self.frictions` the switches on for this browser;
    `self.sid` the session (a new one is set as a cookie on the answer). Subclasses name their `routes`, and say
    what a shopper gets where no route answers (`not_found`, `method_not_allowed`)."""

    protocol_version = "HTTP/1.1"
    sys_version = ""
    routes: ClassVar[list[Route]]
    log_name: ClassVar[str]  # how the shop calls itself in its request log
    json_indent: ClassVar[int | None] = None
    favicon_svg: ClassVar[str]

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        if self.server.shop.verbose:
            sys.stderr.write(f"{self.log_name} {self.address_string()} {format % args}\n")

    def _prepare(self) -> None:
        self.route = urlsplit(self.path).path
        self.cookies = parse_cookies(self.headers.get("Cookie"))
        self.new_sid = None
        self.sid = self.cookies.get(SESSION_COOKIE, "")
        if not _SESSION_ID.fullmatch(self.sid):
            self.sid = self.new_sid = self.server.shop.store.new_session_id()
        self.frictions = self.server.shop.switches.active(self.server.shop.frictions, self.cookies)

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        try:
            self._prepare()
            for route_method, pattern, handler_name in self.routes:
                match = pattern.fullmatch(self.route)
                if match and route_method == method:
                    getattr(self, handler_name)(*match.groups())
                    return
            if any(p.fullmatch(self.route) for _, p, _ in self.routes):
                self.method_not_allowed()
            else:
                self.not_found()
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception:  # a bug in the shop must not kill the server thread
            log.exception("%s failed on %s %s", self.log_name, method, self.path)
            try:
                self.send_body(HTTPStatus.INTERNAL_SERVER_ERROR, b"Internal error", "text/plain")
            except OSError:
                pass

    def not_found(self) -> None:
        self.send_body(HTTPStatus.NOT_FOUND, b"Not found", "text/plain")

    def method_not_allowed(self) -> None:
        self.send_body(HTTPStatus.METHOD_NOT_ALLOWED, b"Method not allowed", "text/plain")

    def send_body(self, status: int, body: bytes, content_type: str, headers: Iterable[tuple[str, str]] = (),
                  cache: str = "no-store") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        for name, value in headers:
            self.send_header(name, value)
        if self.new_sid:
            self.send_header("Set-Cookie", f"{SESSION_COOKIE}={self.new_sid}; Path=/; HttpOnly; SameSite=Lax")
        self.end_headers()
        self.wfile.write(body)

    def send_file(self, folder: Path, name: str, cache: str = "no-store") -> None:
        """A file of the shop's own folder (nothing outside it): text as UTF-8, scripts as text/javascript (module
        scripts need a JavaScript type, whatever the system's table says)."""
        path = (folder / name).resolve()
        if folder.resolve() not in path.parents or not path.is_file():
            return self.not_found()
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".js":
            content_type = "text/javascript"
        if content_type.startswith("text/"):
            content_type += "; charset=utf-8"
        self.send_body(HTTPStatus.OK, path.read_bytes(), content_type, cache=cache)

    def send_json(self, data, status: int = HTTPStatus.OK) -> None:
        self.send_body(status, json.dumps(data, indent=self.json_indent).encode(), "application/json")

    def read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def read_json(self) -> dict:
        try:
            data = json.loads(self.read_body() or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    # ---- what every shop serves: its icon, and the switches and orders tests read ----------------

    def favicon(self) -> None:
        self.send_body(HTTPStatus.OK, self.favicon_svg.encode(), "image/svg+xml")

    def debug_frictions(self) -> None:
        self.send_json(self.server.shop.switches.describe(self.frictions))

    def debug_orders(self) -> None:
        self.send_json(self.server.shop.orders)


class ShopServer(ThreadingHTTPServer):
    """The HTTP server behind one shop; handlers reach the shop as `self.server.shop`."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, shop: "BackgroundShop") -> None:
        self.shop = shop
        super().__init__(address, shop.handler)

    def handle_error(self, request, client_address) -> None:
        if self.shop.verbose:
            super().handle_error(request, client_address)


class BackgroundShop:
    """A shop served in a background thread: `with Shop(port=0) as shop: shop.url`. Subclasses name their request
    handler, their friction switches (a module with `check_ids`, `active` and `describe`), their store, and say
    what they are called in `serve`'s announcement."""

    handler: ClassVar[type[ShopRequestHandler]]
    switches: ClassVar[ModuleType]
    store_type: ClassVar[Callable[[], Any]]
    title: ClassVar[str] = "Demo shop"

    def __init__(self, port: int = 0, frictions: Iterable[str] = (), host: str = "127.0.0.1", verbose: bool = False,
                 analytics: Iterable[str] = ()) -> None:
        self.host, self.port, self.verbose = host, port, verbose
        self.analytics = list(analytics)  # script URLs every page loads, like analytics tags (tests of blocking)
        self.frictions = self.switches.check_ids(frictions)
        self.store = self.store_type()
        self._server: ShopServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def orders(self) -> list[dict]:
        return self.store.orders

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError(f"the {self.title.lower()} is not running; call start() first")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        if self._server is not None:
            return self
        self._server = ShopServer((self.host, self.port), self)  # bound and listening from here on
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name=f"{type(self).__name__}-{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted."""
        self.start()
        try:
            while self._thread is not None and self._thread.is_alive():
                self._thread.join(0.5)
        finally:
            self.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @classmethod
    def serve(cls, host: str = "127.0.0.1", port: int = 8000, frictions: Iterable[str] = (), verbose: bool = False,
              announce: Callable[[str], None] | None = None) -> None:
        """Run the shop until Ctrl-C (what `walkthrough demo-shop` calls); `announce` gets a one-line "serving on"
        note."""
        shop = cls(port=port, frictions=frictions, host=host, verbose=verbose)
        shop.start()
        if announce:
            on = ", ".join(sorted(shop.frictions)) or "none"
            announce(f"{shop.title} on {shop.url}  (frictions: {on}; Ctrl-C stops it)")
        try:
            shop.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            shop.stop()
