"""Servers on 127.0.0.1 that record what reaches them: an HTTP receiver (webhooks, trackers, another site) and a
minimal SMTP server. Each binds a free port and stops when its `with` block ends."""

from __future__ import annotations

import socketserver
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class ReceivedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class _HttpHandler(BaseHTTPRequestHandler):
    def _record(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        recorder = self.server.recorder
        recorder.requests.append(ReceivedRequest(self.command, self.path, dict(self.headers), body))
        if len(recorder.requests) <= recorder.failures:
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        page = b"<!doctype html><title>Elsewhere</title><h1>Another site</h1>"
        payload = page if self.path.startswith("/elsewhere") else b""
        self.send_response(200)
        self.send_header("Content-Type", "text/html" if payload else "application/javascript")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = _record

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass


class HttpRecorder:
    """Answers every request (a small page under /elsewhere, an empty script otherwise) and keeps it; the first
    `failures` requests are answered 503 Service Unavailable, as a receiver that is briefly down."""

    def __init__(self, failures: int = 0) -> None:
        self.requests: list[ReceivedRequest] = []
        self.failures = failures
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _HttpHandler)
        self._server.recorder = self
        self.port = self._server.server_address[1]

    def __enter__(self) -> "HttpRecorder":
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


class _SmtpHandler(socketserver.StreamRequestHandler):
    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self._reply("220 loopback ESMTP")
        envelope: dict = {"to": []}
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self._reply("250 loopback")
            elif verb == "MAIL":
                envelope = {"from": command.split(":", 1)[1].strip(" <>"), "to": []}
                self._reply("250 OK")
            elif verb == "RCPT":
                envelope["to"].append(command.split(":", 1)[1].strip(" <>"))
                self._reply("250 OK")
            elif verb == "DATA":
                self._reply("354 end with <CRLF>.<CRLF>")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                self.server.recorder.messages.append(message_from_bytes(data, policy=policy.default))
                self.server.recorder.envelopes.append(envelope)
                self._reply("250 queued")
            elif verb == "QUIT":
                self._reply("221 bye")
                return
            else:
                self._reply("250 OK")


class _SmtpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@dataclass
class SmtpRecorder:
    """A minimal SMTP server (no TLS, no authentication) that keeps every message it is sent."""

    messages: list[Message] = field(default_factory=list)
    envelopes: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._server = _SmtpServer(("127.0.0.1", 0), _SmtpHandler)
        self._server.recorder = self
        self.port = self._server.server_address[1]

    def __enter__(self) -> "SmtpRecorder":
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
