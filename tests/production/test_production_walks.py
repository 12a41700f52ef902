"""Walks of a live shop, against the demo shop: no order placed, no blocked request sent, no page outside the
allowed hosts, and no secret anywhere in the output folder (traces unzipped) or on the console."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from tests.watch.loopback import HttpRecorder
from walkthroughs.demo_shop import DemoShop
from walkthroughs.safety import SYNTHETIC_HEADER, USER_AGENT_SUFFIX
from walkthroughs.walk.capture import MASK_COLOUR

MASK_RGB = bytes.fromhex(MASK_COLOUR.removeprefix("#"))
pytestmark = pytest.mark.e2e
ROOT = Path(__file__).parents[2]
HERE = Path(__file__).parent
PASSWORD = "Tr41l-s3cret-PW"
CARD = "4000 0566 5566 5556"
SECRET_FORMS = [PASSWORD, CARD, CARD.replace(" ", ""), CARD.replace(" ", "+"), CARD.replace(" ", "%20")]


def walk(*args, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "walkthroughs", "run", *map(str, args)], capture_output=True,
                          text=True, timeout=300, cwd=ROOT, env={**os.environ, **(env or {})})


def results(out: Path) -> dict:
    return json.loads((out / "latest" / "results.json").read_text())


def evidence(out: Path) -> dict:
    run = results(out)
    return json.loads((out / "latest" / run["journeys"][0]["evidence"]).read_text())


def every_text(folder: Path) -> dict[str, bytes]:
    """Every file under the folder, and every member of every zip (the traces), as bytes."""
    texts = {}
    for path in folder.rglob("*"):
        if path.is_file():
            texts[str(path)] = path.read_bytes()
            if path.suffix == ".zip":
                with zipfile.ZipFile(path) as archive:
                    for member in archive.namelist():
                        texts[f"{path}!{member}"] = archive.read(member)
    return texts


@pytest.fixture(scope="module")
def tracker():
    with HttpRecorder() as recorder:
        yield recorder


@pytest.fixture(scope="module")
def shop(tracker):
    analytics = [f"http://tracker.localhost:{tracker.port}/collect.js"]
    with DemoShop(port=0, frictions=["forced-account"], analytics=analytics) as shop:
        yield shop


@pytest.fixture(scope="module")
def production(shop, tracker, tmp_path_factory):
    """The checkout walked in production, trace on, Lighthouse auditing the product page: it must stop before
    placing the order."""
    out = tmp_path_factory.mktemp("production")
    before = len(tracker.requests)
    done = walk(HERE / "live-checkout.yaml", "--base-url", shop.url, "--out", out, "--trace", "on",
                "--screenshots", "step", "--lighthouse", "--lighthouse-stages", "product", env={"SHOP_PASSWORD": PASSWORD})
    return out, done, tracker.requests[before:]


@pytest.fixture(scope="module")
def staging(shop, production, tmp_path_factory):
    """The same scenario with --environment staging: the order is placed, then a page shows the secret and a check
    fails — with --strict, so it ends the journey there and leaves its failure evidence (the page's HTML)."""
    out = tmp_path_factory.mktemp("staging")
    orders_before = len(shop.orders)
    done = walk(HERE / "live-checkout.yaml", "--base-url", shop.url, "--out", out, "--environment", "staging",
                "--strict", env={"SHOP_PASSWORD": PASSWORD})
    return out, done, len(shop.orders) - orders_before


def test_production_stops_before_placing_the_order(production, shop):
    out, done, _ = production
    assert done.returncode == 0, done.stdout + done.stderr
    assert shop.orders == []
    journey = results(out)["journeys"][0]
    assert journey["status"] == "completed"
    assert journey["stopped_before"] == "placing the order"
    assert [s["status"] for s in journey["stages"]] == ["passed", "passed", "stopped", "stopped"]
    commit_step = journey["stages"][2]["steps"][0]
    assert commit_step["status"] == "stopped" and commit_step["error"] is None
    assert journey["stages"][2]["steps"][1]["status"] == "not_reached"
    assert journey["score"] is not None and journey["score"] > 0


def test_staging_performs_the_committing_step(staging):
    out, done, orders = staging
    assert orders == 1
    journey = results(out)["journeys"][0]
    assert journey["stopped_before"] is None
    assert [s["status"] for s in journey["stages"]] == ["passed", "passed", "passed", "failed"]


def test_no_tracker_request_leaves_the_browser(production):
    """Nor Lighthouse's audit of the same page, which is marked as synthetic like the walk."""
    out, _, tracker_requests = production
    assert tracker_requests == []
    audit = results(out)["journeys"][0]["stages"][0]["lighthouse"]
    assert audit["error"] is None and audit["scores"]["performance"] is not None
    report = json.loads((out / "latest" / audit["report_json"]).read_text())
    assert report["environment"]["networkUserAgent"].endswith(USER_AGENT_SUFFIX)
    blocked = evidence(out)["safety"]["blocked_requests"]
    assert blocked and all(b["host"] == "tracker.localhost" for b in blocked)
    assert {b["stage"] for b in blocked} >= {0, 1}
    assert not any("tracker.localhost" in f["url"] for f in evidence(out)["signals"]["failed_requests"])


@pytest.mark.parametrize("walked", ["production", "staging"])
def test_no_secret_anywhere_in_the_output(walked, request):
    out, done, _ = request.getfixturevalue(walked)
    texts = every_text(out)
    assert any(name.endswith("trace.zip") for name in texts), "the walk kept no trace to check"
    leaks = [(name, form) for name, data in texts.items() for form in SECRET_FORMS if form.encode() in data]
    assert leaks == []
    for form in SECRET_FORMS:
        assert form not in done.stdout + done.stderr


def test_the_trace_pauses_only_while_a_secret_is_on_the_page(production, staging):
    production_out, _, _ = production
    trace = every_text(production_out)
    actions = b"".join(data for name, data in trace.items() if "trace.zip!" in name and name.endswith(".trace"))
    assert b"Add to cart" in actions  # recorded before the password was typed
    staging_out, _, _ = staging
    parts = sorted(p.name for p in staging_out.glob("latest/journeys/*/trace*.zip"))
    assert parts == ["trace-2.zip", "trace.zip"]  # resumed on the order page, paused again for the search


def test_failure_html_shows_where_the_secret_was(staging):
    out, _, _ = staging
    journey = results(out)["journeys"][0]
    failed = journey["stages"][3]
    html = (out / "latest" / failed["failure"]["html"]).read_text()
    assert "[secret]" in html
    assert failed["steps"][0]["url"].endswith("q=[secret]")


def test_secret_fields_are_masked_in_screenshots(production):
    out, _, _ = production
    checkout = results(out)["journeys"][0]["stages"][1]
    card_fill = next(s for s in checkout["steps"] if s["label"] == "Fill the “Card number” field")
    picture = Image.open(out / "latest" / card_fill["screenshot"]).convert("RGB")
    pixels = picture.tobytes()
    masked = sum(1 for i in range(0, len(pixels), 3)
                 if all(abs(pixels[i + c] - MASK_RGB[c]) <= 12 for c in range(3)))  # JPEG shifts a few levels
    assert masked > 2000  # the mask's grey over the card number (and the password fields)


@pytest.fixture(scope="module")
def off_site(shop, tracker, tmp_path_factory):
    """The same off-site step walked without and with allowed_hosts; `localhost` is another host than 127.0.0.1."""
    walks = {}
    for guarded in (False, True):
        folder = tmp_path_factory.mktemp("off-site-guarded" if guarded else "off-site-open")
        scenario = (HERE / "off-site.yaml").read_text() + ("allowed_hosts: [127.0.0.1]\n" if guarded else "")
        (folder / "off-site.yaml").write_text(scenario)
        before = len(tracker.requests)
        done = walk(folder / "off-site.yaml", "--base-url", shop.url, "--out", folder / "out",
                    env={"ELSEWHERE": f"http://localhost:{tracker.port}/elsewhere"})
        walks[guarded] = (folder / "out", done, tracker.requests[before:])
    return walks


def test_without_blocking_the_tracker_and_the_other_site_are_reached_and_see_synthetic_traffic(off_site):
    out, done, received = off_site[False]
    assert done.returncode == 0, done.stdout + done.stderr
    paths = {r.path for r in received}
    assert {"/collect.js", "/elsewhere"} <= paths
    for request in received:
        assert request.headers.get(SYNTHETIC_HEADER) == "1"
        assert request.headers["User-Agent"].endswith(USER_AGENT_SUFFIX)


def test_navigation_outside_allowed_hosts_is_cancelled_and_reported(off_site):
    out, done, received = off_site[True]
    assert [r.path for r in received if r.path.startswith("/elsewhere")] == []
    attempts = evidence(out)["safety"]["off_site_navigations"]
    assert [a["host"] for a in attempts] == ["localhost"]
    journey = results(out)["journeys"][0]
    assert journey["stages"][0]["url"].startswith("http://127.0.0.1")  # the browser stayed in the shop
    found = [f for f in journey["findings"] if f["detector"] == "off-site-navigation"]
    assert len(found) == 1 and "localhost" in found[0]["insight"]
