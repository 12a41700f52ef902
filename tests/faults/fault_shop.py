"""A shop on 127.0.0.1 whose pages misbehave on purpose: each path is one fault a walk must survive.

    /                 a plain page with links, where every journey starts
    /fine             a plain page: what the other device walks to
    /slow             a plain page that takes 4 s to come (time to stop a walk in the middle)
    /echo?…           shows the query's values, each cut to 14 characters: a shop echoing part of what it was sent
    /silent           accepts the request and never sends a byte
    /busy             loads, then keeps the main thread busy for ever (`while(true){}`)
    /huge-dom         20 000 elements and 5 000 images (inline, so it loads at once)
    /big              a 3 MB page that loads quickly (most of it a comment: nothing to lay out)
    /huge             a 200 MB page
    /js-loop-a        sends the shopper to /js-loop-b by script, which sends them back, for ever
    /http-loop        redirects to itself (HTTP 302), for ever
    /controls         logs console messages and shows a title full of control characters

It is a plain `http.server`; the test stops it when its `with` block ends.
"""

from __future__ import annotations

import html
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

PAGE = "<!doctype html><html lang=en><head><meta name=viewport content='width=device-width'><title>{title}</title>" \
       "</head><body><h1>{title}</h1>{body}</body></html>"
CONTROLS = "".join(chr(c) for c in range(1, 32) if chr(c) not in "\t\n\r") + "\ufffe\uffff"
HUGE_BYTES = 200 * 1024 * 1024
PIXEL_URI = "data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="
PAGES = {
    "/": PAGE.format(title="Fault shop", body="<a href=/fine>Go on</a> <a href=/js-loop-a>Into the loop</a>"),
    "/fine": PAGE.format(title="Fine", body="<p>Nothing wrong here.</p>"),
    "/busy": PAGE.format(title="Busy", body="<script>addEventListener('load', () => setTimeout(() => "
                                            "{ while (true) {} }, 50));</script>"),
    "/huge-dom": PAGE.format(title="Huge DOM", body="<div>" + "<span>item</span>" * 15_000 + "</div>"
                             + f"<img src='{PIXEL_URI}' width=1 height=1 alt=''>" * 5_000),
    "/big": PAGE.format(title="Big", body="<p>Big</p><!-- " + "lorem ipsum dolor sit amet " * 110_000 + "-->"),
    "/js-loop-a": PAGE.format(title="Loop A", body="<script>location.href = '/js-loop-b';</script>"),
    "/js-loop-b": PAGE.format(title="Loop B", body="<script>location.href = '/js-loop-a';</script>"),
    "/controls": PAGE.format(title="Odd\x01title\x1b", body="<script>console.error('bad \\u0000\\u0007\\u001b[31m "
                             "\\ud800 bytes ' + String.fromCharCode(1, 2, 3, 0xFFFE));</script>"
                             "<script>throw new Error('broken \\u0001\\u0002 script');</script>"
                             "<p>Control characters: " + CONTROLS + "</p>"),
}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        path = self.path.split("?")[0]
        if path == "/silent":
            self.server.stopping.wait()  # the connection stays open and silent until the shop stops
            return
        if path == "/http-loop":
            self.send_response(302)
            self.send_header("Location", "/http-loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path == "/slow":
            time.sleep(4)
            self._send(PAGES["/fine"].encode(), "text/html; charset=utf-8")
            return
        if path == "/echo":
            shown = "".join(f"<p>{html.escape(name)}: {html.escape(value[:14])}</p>"
                            for name, value in parse_qsl(self.path.partition("?")[2]))
            self._send(PAGE.format(title="Echo", body=shown).encode(), "text/html; charset=utf-8")
            return
        if path == "/huge":
            self._send_huge()
            return
        page = PAGES.get(path)
        if page is None:
            self.send_error(404)
            return
        self._send(page.encode("utf-8"), "text/html; charset=utf-8")

    def _send(self, body: bytes, content_type: str) -> None:
        try:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away first (its walk was stopped)

    def _send_huge(self) -> None:
        head = PAGE.format(title="Huge", body="").encode().replace(b"</body></html>", b"")
        chunk = b"<p>" + b"x" * 1017 + b"</p>\n"
        count = (HUGE_BYTES - len(head)) // len(chunk)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(head) + count * len(chunk)))
        self.end_headers()
        try:
            self.wfile.write(head)
            for _ in range(count):
                if self.server.stopping.is_set():
                    return
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser gave up on the page

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True


class FaultShop:
    """`with FaultShop() as shop:` serves the fault pages at `shop.url` until the block ends."""

    def __init__(self) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.stopping = threading.Event()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> "FaultShop":
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()


if __name__ == "__main__":  # serve it by hand: python tests/faults/fault_shop.py
    with FaultShop() as shop:
        print(shop.url, flush=True)
        while True:
            time.sleep(3600)
