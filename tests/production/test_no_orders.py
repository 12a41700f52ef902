"""Never a real order on production: walks of the demo shop (which records every order) with `--environment
production` place none — the shipped scenario, a scenario that marks nothing, a marked step bypassed by Enter, a
`text=` selector, a button whose words say nothing ("Continue") — and the same scenarios in staging still order."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from walkthroughs.demo_shop import DemoShop

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).parents[2]
ORDERS = Path(__file__).parent / "orders"
SHIPPED = ROOT / "scenarios" / "demo-shop.yaml"
ORDERING = [SHIPPED, *(ORDERS / f"{name}.yaml" for name in ("unmarked", "enter-bypass", "text-selector", "vague-button"))]
ELSEWHERE = [ORDERS / "payment-provider.yaml", ORDERS / "learned-address.yaml"]
QUICK = ["--devices", "desktop", "--screenshots", "stage", "--trace", "off", "--no-detectors", "--workers", "2"]

PAGE = b"""<!doctype html><html lang="en"><title>Review</title>
<form id="order" method="post" action="/orders/new"><button type="submit">Place order</button></form>
<button type="button" onclick="document.getElementById('order').requestSubmit()">Next</button>
<button type="button" onclick="fetch('https://api.stripe.com/v1/payment_intents/pi_1/confirm',
  {method: 'POST', body: 'payment_method=pm_card_visa'}).catch(() => { document.title = 'declined'; })">Continue</button>
</html>"""


class PageServer:
    """A page on 127.0.0.1 that sends its orders to itself (and pays through Stripe); records every POST it gets."""

    def __init__(self) -> None:
        self.posts: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(PAGE)

            def do_POST(self) -> None:
                outer.posts.append(self.path)
                self.send_response(303)
                self.send_header("Location", "/thanks")
                self.end_headers()

            def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/review"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> PageServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def walk(*args, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "walkthroughs", "run", *map(str, args)], capture_output=True, text=True,
                          timeout=600, cwd=ROOT, env={**os.environ, "COLUMNS": "300", **(env or {})})


def journeys(out: Path) -> dict[str, dict]:
    return {j["scenario"]: j for j in json.loads((out / "latest" / "results.json").read_text())["journeys"]}


@pytest.fixture(scope="module")
def shop():
    with DemoShop(port=0) as shop:
        yield shop


@pytest.fixture(scope="module")
def page():
    with PageServer() as server:
        yield server


@pytest.fixture(scope="module")
def production(shop, page, tmp_path_factory):
    """Every scenario in one production run; the ones that mark nothing need --allow-unguarded."""
    out = tmp_path_factory.mktemp("production")
    done = walk(*ORDERING, *ELSEWHERE, "--base-url", shop.url, "--environment", "production", "--allow-unguarded",
                "--out", out, "--junit", out / "junit.xml", *QUICK, env={"PAGE": page.url})
    return out, done, list(shop.orders), list(page.posts)


def test_no_order_is_placed_in_production(production):
    out, done, orders, posts = production
    assert done.returncode == 0, done.stdout + done.stderr
    assert orders == [] and posts == []
    walked = journeys(out)
    assert {name: j["status"] for name, j in walked.items()} == dict.fromkeys(walked, "completed")
    for journey in walked.values():
        assert journey["safety"]["committing_requests_sent"] == 0


def stop_of(journey: dict) -> tuple[str, str, str, str]:
    stop = journey["safety"]["stopped_at"]
    step = journey["stages"][stop["stage"]]["steps"][stop["step"]]
    return journey["stopped_before"], step["status"], stop["by"], stop["reason"]


def test_each_walk_stops_at_the_step_that_would_commit(production):
    walked = journeys(production[0])
    assert stop_of(walked["checkout-journey"]) == (
        "placing the order", "stopped", "the scenario (commit: true)", "the scenario marks it `commit: true`")
    assert stop_of(walked["unmarked"])[:3] == ("placing the order", "stopped", "the words on the page")
    assert stop_of(walked["unmarked"])[3] == "the button reads “Place order”"
    assert stop_of(walked["text-selector"])[3] == "the button reads “Place order”"
    enter = walked["enter-bypass"]
    assert stop_of(enter)[3] == "the button the Enter key presses reads “Place order”"
    assert [s["status"] for s in enter["stages"]] == ["passed", "passed", "stopped"]
    assert enter["stages"][1]["steps"][-1]["verb"] == "press" and enter["stages"][1]["steps"][-1]["status"] == "stopped"


def test_the_network_guard_holds_what_the_words_miss_and_says_so(production):
    out, done, _, _ = production
    walked = journeys(out)
    vague = walked["vague-button"]
    assert stop_of(vague)[:3] == ("placing the order", "stopped", "the network guard")
    held = vague["safety"]["held_requests"]
    assert [(h["method"], h["url"].split("/", 3)[-1], h["reason"]) for h in held] == [
        ("POST", "checkout", "it carries a payment card number")]
    provider = walked["payment-provider"]
    assert provider["stopped_before"] == "paying"
    assert provider["safety"]["held_requests"][0]["reason"] == "it goes to Stripe, a payment provider (api.stripe.com)"
    learned = walked["learned-address"]
    assert learned["stopped_before"] == "placing the order"
    assert "form whose button commits" in learned["safety"]["held_requests"][0]["reason"]
    assert "the network guard held 3 requests that would have committed: POST" in (
        out / "latest" / "report" / "summary.md").read_text()


def test_the_report_says_stopped_before_placing_the_order(production):
    out, done, _, _ = production
    report = out / "latest" / "report"
    summary = (report / "summary.md").read_text()
    assert "**Every journey stopped safely before placing the order or paying" in summary
    assert "reached the end" not in summary
    assert "| confirmation · post-purchase | ⏹" in summary and "**stopped before placing the order**" in summary
    assert "Committing requests sent: 0 (a walk of the live shop" in summary
    index = (report / "index.html").read_text()
    assert "Stopped before placing the order" in index
    assert "Not walked: stopped before placing the order" in index  # enter-bypass: the confirmation after it
    stage_page = next(report.glob("stage-checkout-journey*-05-confirmation.html")).read_text()
    assert "was checked — visible, not covered, enabled — and not done, because the scenario marks it" in stage_page
    assert "Stopped before placing the order (checked, not performed)" in stage_page
    junit = (out / "junit.xml").read_text()
    assert "stopped before placing the order: step “Click “Place order” (button)” checked, not performed" in junit
    assert "confirmation: stopped before placing the order (checked, not performed)" in done.stdout
    assert "Production walk: 0 committing requests sent" in done.stdout


def test_the_same_scenarios_in_staging_place_their_orders(shop, production, tmp_path_factory):
    out = tmp_path_factory.mktemp("staging")
    before = len(shop.orders)
    done = walk(*ORDERING, "--base-url", shop.url, "--environment", "staging", "--out", out, *QUICK)
    assert len(shop.orders) - before == len(ORDERING), done.stdout + done.stderr
    walked = journeys(out)
    assert all(j["stopped_before"] is None for j in walked.values())
    assert walked["checkout-journey"]["status"] == "completed" and walked["checkout-journey"]["safety"] == {
        "environment": "staging", "committing_requests_sent": None, "non_get_requests": None, "held_requests": [],
        "overrides": [], "stopped_at": None}
