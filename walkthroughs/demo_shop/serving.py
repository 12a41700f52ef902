"""How a demo shop runs: a threading HTTP server on 127.0.0.1 in a background thread, started and stopped by the
test or command that owns it. Both bundled shops (`app.DemoShop`, `spa.SpaShop`) are served this way."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, ClassVar, Iterable


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
    handler and say what they are called in `serve`'s announcement."""

    handler: ClassVar[type[BaseHTTPRequestHandler]]
    title: ClassVar[str] = "Demo shop"

    def __init__(self, port: int = 0, host: str = "127.0.0.1", verbose: bool = False) -> None:
        self.host, self.port, self.verbose = host, port, verbose
        self._server: ShopServer | None = None
        self._thread: threading.Thread | None = None

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


def serve_until_interrupted(shop: BackgroundShop, frictions: Iterable[str],
                            announce: Callable[[str], None] | None = None) -> None:
    """Run `shop` until Ctrl-C (what `walkthrough demo-shop` calls); `announce` gets a one-line "serving on" note."""
    shop.start()
    if announce:
        on = ", ".join(sorted(frictions)) or "none"
        announce(f"{shop.title} on {shop.url}  (frictions: {on}; Ctrl-C stops it)")
    try:
        shop.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        shop.stop()
