"""failed-requests: judged by what the shopper loses — the shop's own files and APIs are major; beacons, telemetry and
other sites' files the page fell back from or works without are info, and say so."""

import pytest
from detector_cases import evidence, journey, judge, scenario, stage, step

from walkthroughs.friction.parties import Parties, site_of
from walkthroughs.friction.registry import known_detectors
from walkthroughs.scenario import ScenarioError, load_scenario

SHOP = "http://127.0.0.1:8000"


def request(url, kind="fetch", status=None, failure=None, stage_index=0, t_ms=10.0, method="GET"):
    entry = {"stage": stage_index, "step": 0, "t_ms": t_ms, "url": url, "method": method, "resource_type": kind}
    return {**entry, "status": status} if status else {**entry, "failure": failure}


def walked(*stages, **signals):
    record = journey(*(stages or [stage("cart", url=f"{SHOP}/cart")]))
    return record, evidence(record, signals=signals), scenario(record).model_copy(update={"base_url": SHOP})


def test_the_shops_own_api_answering_500_is_major_and_a_broken_image_too():
    record, found, info = walked(http_errors=[request(f"{SHOP}/api/cart", status=500),
                                              request(f"{SHOP}/img/shoe.jpg", "image", status=404)])
    judged = judge("failed-requests", record, found, info)
    assert sorted((f.title, f.severity, f.evidence.value) for f in judged.findings) == [
        ("A request the page makes fails", "major", 500), ("Broken image", "major", 404)]


def test_the_shops_own_script_and_stylesheet_are_major_even_where_nothing_else_broke():
    record, found, info = walked(failed_requests=[
        request(f"{SHOP}/static/app.js", "script", failure="net::ERR_CONNECTION_RESET"),
        request(f"{SHOP}/static/shop.css", "stylesheet", failure="net::ERR_CONNECTION_RESET")])
    judged = judge("failed-requests", record, found, info).findings
    assert [(f.title, f.severity) for f in judged] == [("A script fails", "major"), ("A stylesheet fails", "major")]
    assert all("The page needs it" in f.insight for f in judged)


def test_telemetry_and_beacons_are_info_whoever_they_go_to():
    record, found, info = walked(failed_requests=[
        request("https://o4507.ingest.telemetry.invalid/api/4507/envelope/?sentry_key=__KEY__", method="POST",
                failure="net::ERR_NAME_NOT_RESOLVED"),
        request("https://rum.telemetry.invalid/v1/collect?token=__TOKEN__", method="POST",
                failure="net::ERR_NAME_NOT_RESOLVED"),
        request(f"{SHOP}/beacon", "ping", failure="net::ERR_FAILED")])
    judged = judge("failed-requests", record, found, info)
    assert [(f.severity, f.title) for f in judged.findings] == [("info", "A measuring request fails")] * 3
    assert all("shoppers lose nothing" in f.insight for f in judged.findings)


def test_a_cdn_script_the_page_replaced_with_its_local_copy_is_info_and_says_so():
    cdn = "https://cdn.grindhouse-assets.invalid/npm/htm@3.1.1/dist/htm.umd.js"
    record, found, info = walked(
        failed_requests=[request(cdn, "script", failure="net::ERR_NAME_NOT_RESOLVED", t_ms=100)],
        loaded=[{"stage": 0, "step": 0, "t_ms": 150.0, "url": f"{SHOP}/static/vendor/htm.umd.js",
                 "resource_type": "script"}])
    [found_] = judge("failed-requests", record, found, info).findings
    assert found_.severity == "info" and "the page loaded its local copy" in found_.insight.lower()
    assert f"{SHOP}/static/vendor/htm.umd.js" in found_.insight


def test_another_sites_file_is_info_where_the_page_works_without_it_and_major_where_it_broke():
    font_css = "https://reviews.widgets.example/stars.css"  # a reviews widget's look
    widget = "https://widgets.payments.example/sdk.js"
    record, found, info = walked(
        stage("product list", url=f"{SHOP}/"), stage("checkout", url=f"{SHOP}/checkout", status="failed"),
        failed_requests=[request(font_css, "stylesheet", failure="net::ERR_NAME_NOT_RESOLVED"),
                         request(widget, "script", failure="net::ERR_NAME_NOT_RESOLVED", stage_index=1)],
        page_errors=[{"stage": 1, "step": 0, "t_ms": 20.0, "message": "Payments is not defined"}])
    judged = {f.evidence.url: f for f in judge("failed-requests", record, found, info).findings}
    assert judged[font_css].severity == "info" and "the page worked without it" in judged[font_css].insight
    assert judged[widget].severity == "major" and "the page needs it" in judged[widget].insight


def test_another_sites_text_font_is_info_even_where_the_stage_failed_but_an_icon_font_is_not():
    fonts = "https://fonts.googleapis.com/css2?family=Fraunces:wght@600&display=swap"
    font_file = "https://fonts.gstatic.com/s/fraunces/v31/6NUh8FyLNQOQZAnv9bYEvDiIdE9Ea92uemAk.woff2"
    icons = "https://fonts.googleapis.com/css2?family=Material+Symbols+Outlined"
    record, found, info = walked(
        stage("checkout", url=f"{SHOP}/checkout", status="failed"),
        failed_requests=[request(fonts, "stylesheet", failure="net::ERR_NAME_NOT_RESOLVED"),
                         request(font_file, "font", failure="net::ERR_NAME_NOT_RESOLVED"),
                         request(icons, "stylesheet", failure="net::ERR_NAME_NOT_RESOLVED")])
    judged = {f.evidence.url: f for f in judge("failed-requests", record, found, info).findings}
    assert judged[fonts].severity == judged[font_file].severity == "info"
    assert "fallback typeface" in judged[fonts].insight
    assert judged[icons].severity == "major", "icons are a button's only label: the stage failed after them"


def test_first_party_hosts_named_by_the_scenario_are_the_shops_own():
    image = "https://images.shopcdn.example/p/mug.jpg"
    record, found, info = walked(http_errors=[request(image, "image", status=404)])
    assert judge("failed-requests", record, found, info).findings[0].severity == "minor"
    again = judge("failed-requests", record, found, info, overrides={"first_party": ["shopcdn.example"]})
    assert [(f.title, f.severity) for f in again.findings] == [("Broken image", "major")]


def test_first_party_is_by_registrable_domain():
    parties = Parties(["https://www.shop.co.uk/"])
    assert parties.first_party("https://img.shop.co.uk/a.jpg") and not parties.first_party("https://other.co.uk/")
    assert site_of("127.0.0.1") == "127.0.0.1" and site_of("localhost") == "localhost"
    assert site_of("cdn.grindhouse-assets.invalid") == "grindhouse-assets.invalid"


def test_ignore_takes_hosts_globs_paths_and_regular_expressions():
    urls = {"host": "https://rum.telemetry.invalid/v1/collect", "glob": f"{SHOP}/static/app.js.map",
            "path": f"{SHOP}/favicon.ico", "regex": f"{SHOP}/api/health?probe=1", "kept": f"{SHOP}/api/cart"}
    record, found, info = walked(http_errors=[request(url, status=503) for url in urls.values()])
    judged = judge("failed-requests", record, found, info, overrides={
        "ignore": ["telemetry.invalid", "/static/*.map", "/favicon.ico", "/health\\?probe/"]})
    assert [f.evidence.url for f in judged.findings] == [urls["kept"]]


def test_blocked_trackers_and_cancelled_requests_are_not_failures():
    record, found, info = walked(failed_requests=[
        request("http://ads/x.js", "script", failure="net::ERR_BLOCKED_BY_CLIENT"),
        request(f"{SHOP}/next", "document", failure="net::ERR_ABORTED")])
    assert judge("failed-requests", record, found, info).findings == []


def test_the_same_address_failing_on_every_stage_is_one_cause():
    url = f"{SHOP}/api/stock"
    record, found, info = walked(stage("product", url=f"{SHOP}/p"), stage("cart", url=f"{SHOP}/cart"),
                                 http_errors=[request(url, status=500, stage_index=i) for i in (0, 1)])
    first, second = judge("failed-requests", record, found, info).findings
    assert (first.stage, second.stage) == ("product", "cart") and first.cause == second.cause


def test_a_wrong_ignore_entry_is_refused_at_its_line(tmp_path):
    path = tmp_path / "shop.yaml"
    path.write_text("name: shop\nbase_url: http://127.0.0.1:8000\ndetectors:\n  failed-requests:\n"
                    "    ignore: ['/(unclosed/']\nstages:\n  - name: home\n    steps: [{goto: /}]\n")
    with pytest.raises(ScenarioError) as error:
        load_scenario(path, environ={}, detectors=known_detectors())
    assert "shop.yaml:5" in str(error.value) and "not a regular expression" in str(error.value)


def test_its_stage_steps_are_named():
    record, found, info = walked(stage("cart", step("Open the cart"), url=f"{SHOP}/cart"),
                                 http_errors=[request(f"{SHOP}/api/cart", status=500)])
    assert "during “Open the cart”" in judge("failed-requests", record, found, info).findings[0].insight
