"""The rules of a safe walk, without a browser: hosts, block lists, card numbers, redaction, the scenario keys,
the off-site finding and the score of a walk stopped before the order."""

from __future__ import annotations

import json
import zipfile

import pytest

from walkthroughs.friction.base import DetectorConfig, JourneyEvidence
from walkthroughs.friction.detectors import off_site_navigation
from walkthroughs.friction.scoring import score_journey
from walkthroughs.results import DeviceInfo, JourneyRecord, StageRecord, StepRecord
from walkthroughs.safety import (
    REDACTED,
    BlockList,
    Secrets,
    blocked_url_patterns,
    host_allowed,
    is_card_number,
    policy_for,
    trackers,
)
from walkthroughs.safety.tracing import redact_zip
from walkthroughs.scenario import ScenarioError, load_scenarios


@pytest.mark.parametrize("host, allowed", [("shop.example.com", True), ("www.shop.example.com", True),
                                           ("example.com", False), ("evilshop.example.com", False),
                                           ("pay.example.net", True), ("PAY.example.net.", True)])
def test_a_host_allows_itself_and_its_subdomains(host, allowed):
    assert host_allowed(host, ("shop.example.com", "*.pay.example.net", "pay.example.net")) is allowed


@pytest.mark.parametrize("url, blocked", [
    ("https://www.google-analytics.com/g/collect?v=2", True), ("https://www.googletagmanager.com/gtm.js", True),
    ("https://connect.facebook.net/en_US/fbevents.js", True), ("https://www.facebook.com/tr?id=1&ev=PageView", True),
    ("https://www.facebook.com/trailhead", False), ("https://www.facebook.com/shop", False),
    ("http://tracker.localhost:8123/t.js", True), ("https://shop.example.com/api/collect?x=1", True),
    ("https://shop.example.com/cart", False), ("https://notgoogle-analytics.com/", False),
    ("https://static.hotjar.com/c/hotjar-1.js", True), ("https://www.clarity.ms/tag/abc", True),  # list, addition
    ("https://bat.bing.com/bat.js", True), ("https://cdn.taboola.com/libtrc/loader.js", True),
    ("https://apple-pay-gateway.apple.com/paymentservices/startSession", False),  # exceptions: payment, maps, forms
    ("https://www.bing.com/api/maps/mapcontrol", False), ("https://static.klaviyo.com/onsite/js/klaviyo.js", False),
    ("https://js.stripe.com/v3", False),
])
def test_the_block_list(url, blocked):
    assert BlockList(blocked_url_patterns(["tracker.localhost", "*/collect?*"])).blocks(url) is blocked


def test_the_maintained_tracker_list_comes_from_the_pinned_npm_install():
    assert trackers.maintained_list_file().parts[-4:] == ("node_modules", "third-party-web", "dist", "entities.json")
    hosts = trackers.maintained_hosts()
    assert len(hosts) > 300 and "google-analytics.com" in hosts and "doubleclick.net" in hosts
    assert len(trackers.maintained_hosts(min_sites=0)) > 3 * len(hosts)  # the rarely seen services are left out
    assert "apple.com" not in hosts and not any(h.endswith(".apple.com") for h in hosts)  # kept open by `@@apple.com`
    assert not any(h.endswith(".google-analytics.com") for h in hosts)  # the parent host covers its subdomains
    patterns = blocked_url_patterns()
    assert "*://google-analytics.com/*" in patterns and "*://*.google-analytics.com/*" in patterns
    assert "*://facebook.com/tr?*" in patterns  # the hand-kept additions follow
    assert len(patterns) == len(set(patterns)) < 1200  # each pattern costs Chromium a match on every request
    old_hand_list = ("plausible.io", "awin1.com", "posthog.com", "mouseflow.com", "luckyorange.com", "matomo.cloud")
    assert all(BlockList(patterns).blocks(f"https://cdn.{host}/t.js") for host in old_hand_list)


def test_without_the_maintained_list_the_walk_says_so_and_blocks_the_additions(tmp_path, monkeypatch):
    monkeypatch.setenv(trackers.ENV_TRACKER_LIST, str(tmp_path / "missing.json"))
    trackers.maintained_hosts.cache_clear()
    trackers._maintained_patterns.cache_clear()
    try:
        with pytest.warns(trackers.TrackerListMissing, match="third-party-web"):
            patterns = blocked_url_patterns()
        assert BlockList(patterns).blocks("https://connect.facebook.net/fbevents.js")
        assert not BlockList(patterns).blocks("https://www.google-analytics.com/g/collect")
    finally:
        monkeypatch.undo()
        trackers.maintained_hosts.cache_clear()
        trackers._maintained_patterns.cache_clear()


@pytest.mark.parametrize("value, card", [("4242 4242 4242 4242", True), ("4000-0566-5566-5556", True),
                                         ("4242 4242 4242 4241", False), ("10115", False), ("+49 30 1234567", False)])
def test_card_numbers_by_luhn(value, card):
    assert is_card_number(value) is card


def test_redaction_covers_the_ways_a_secret_is_written():
    secrets = Secrets(["p&ss word!"])
    secrets.add("4000 0566 5566 5556")
    text = "q=p%26ss%20word%21 p&amp;ss word! 4000056655665556 4000+0566+5566+5556 p&ss word! 123"
    assert secrets.redact(text) == " ".join(["q=" + REDACTED] + [REDACTED] * 4 + ["123"])
    record = {"steps": [{"label": "Fill", "url": "https://x/?pw=p%26ss%20word%21"}], "n": 3}
    assert secrets.scrub(record) == {"steps": [{"label": "Fill", "url": f"https://x/?pw={REDACTED}"}], "n": 3}


def test_short_secrets_are_masked_but_not_redacted_in_text():
    secrets = Secrets(["123"])
    assert secrets.redact("€123.00") == "€123.00"


def test_a_saved_trace_is_redacted_but_its_pictures_are_left_alone(tmp_path):
    trace = tmp_path / "trace.zip"
    with zipfile.ZipFile(trace, "w") as archive:
        archive.writestr("trace.network", json.dumps({"postData": "password=hunter2-secret&card=1"}))
        archive.writestr("screencast/frame.jpeg", b"\xff\xd8hunter2-secret")
    redact_zip(trace, Secrets(["hunter2-secret"]))
    with zipfile.ZipFile(trace) as archive:
        assert json.loads(archive.read("trace.network")) == {"postData": f"password={REDACTED}&card=1"}
        assert archive.read("screencast/frame.jpeg") == b"\xff\xd8hunter2-secret"


def write_scenario(tmp_path, extra: str) -> list:
    path = tmp_path / "live.yaml"
    path.write_text("name: live\nbase_url: https://shop.example.com\n" + extra +
                    "stages:\n  - name: pay\n    steps:\n      - click: {role: button, name: Pay}\n        commit: true\n")
    return load_scenarios([path])


def test_the_policy_comes_from_the_scenario_and_the_command_line(tmp_path, monkeypatch):
    monkeypatch.setenv("SHOP_PASSWORD", "from-the-environment")
    (scenario,) = write_scenario(tmp_path, "environment: production\nallowed_hosts: [pay.example.net]\n"
                                           "secrets: [SHOP_PASSWORD]\nblock: [chat.example.org]\n")
    policy = policy_for(scenario)
    assert policy.production and policy.stops_before(scenario.stages[0].steps[0])
    assert policy.secret_values == ("from-the-environment",)
    assert policy.may_navigate("https://www.shop.example.com/x") and policy.may_navigate("https://pay.example.net/3ds")
    assert not policy.may_navigate("https://elsewhere.example.org/")
    assert policy.blocked.blocks("https://chat.example.org/widget.js")
    staging = policy_for(scenario, environment="staging", base_url="http://127.0.0.1:8000")
    assert not staging.stops_before(scenario.stages[0].steps[0])
    assert staging.may_navigate("http://127.0.0.1:8000/cart")  # the shop walked is always allowed
    (open_scenario,) = write_scenario(tmp_path, "")
    assert policy_for(open_scenario).may_navigate("https://anywhere.example/")


def test_a_secret_must_come_from_the_environment(tmp_path):
    with pytest.raises(ScenarioError, match="SHOP_PASSWORD is a secret: it comes from the environment"):
        write_scenario(tmp_path, "variables: {SHOP_PASSWORD: hunter2}\nsecrets: [SHOP_PASSWORD]\n")


def journey(statuses: list[str]) -> JourneyRecord:
    return JourneyRecord(id="live--desktop", scenario="live", device=DeviceInfo(name="desktop", device_class="desktop"),
                         status="completed", stopped_before="placing the order",
                         stages=[StageRecord(name=f"s{i}", status=status, steps=[StepRecord(index=0, verb="goto", label="Open /")])
                                 for i, status in enumerate(statuses)])


def test_stages_stopped_before_the_order_do_not_lower_the_score():
    record = journey(["passed", "passed", "stopped"])
    score_journey(record)
    assert record.score == 100 and record.stages[2].friction_score is None


def test_the_off_site_finding_says_where_and_what_to_do():
    record = journey(["passed", "passed"])
    evidence = {"safety": {"allowed_hosts": ["shop.example.com"], "off_site_navigations": [
        {"url": "https://pay.example.net/checkout", "host": "pay.example.net", "stage": 1, "step": 0}]}}
    (found,) = off_site_navigation.detect(JourneyEvidence(record, evidence, None), DetectorConfig(defaults={}))
    assert (found.severity, found.stage, found.evidence.url) == ("major", "s1", "https://pay.example.net/checkout")
    assert found.insight.startswith("At “Open /”, the browser was sent to https://pay.example.net/checkout")
    assert "add the host to `allowed_hosts`" in found.insight
    assert off_site_navigation.detect(JourneyEvidence(record, {}, None), DetectorConfig(defaults={})) == []
