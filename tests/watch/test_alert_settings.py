"""Alert settings from a TOML or YAML file and the environment, the apprise URLs they make, what the messages say,
and deliveries (retried) to receivers on loopback."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from loopback import HttpRecorder, SmtpRecorder

from walkthroughs.watch.alerts import (
    AlertConfig,
    AlertConfigError,
    EmailSettings,
    WalkSummary,
    Webhook,
    deliver,
    json_payload,
    load_alert_config,
    message_text,
)
from walkthroughs.watch.incidents import Notice

TOML = """
remind_every = "2h"
[[webhook]]
url = "https://hooks.example.com/slack"
[[webhook]]
url = "https://example.com/hook"
format = "json"
[email]
host = "smtp.example.com"
port = 587
starttls = true
username = "alerts"
password_env = "MY_SMTP_PASSWORD"
from = "watch@example.com"
to = ["team@example.com"]
[regressions]
slower_by = "50%"
slower_min = "1s"
baseline_walks = 7
"""


def test_a_toml_file(tmp_path):
    path = tmp_path / "alerts.toml"
    path.write_text(TOML)
    config = load_alert_config(path, {"MY_SMTP_PASSWORD": "pw"})
    assert config.webhooks == (Webhook("https://hooks.example.com/slack", "slack"), Webhook("https://example.com/hook", "json"))
    assert config.email.password == "pw" and config.email.starttls and config.email.port == 587
    assert config.remind_every == timedelta(hours=2)
    assert (config.thresholds.slower_by, config.thresholds.slower_min_ms, config.thresholds.baseline_walks) == (0.5, 1000, 7)


def test_a_yaml_file_and_the_environment_together(tmp_path):
    path = tmp_path / "alerts.yaml"
    path.write_text("webhook: https://hooks.example.com/a\n")
    config = load_alert_config(path, {"WALKTHROUGHS_WEBHOOK_URL": "https://example.com/b", "WALKTHROUGHS_WEBHOOK_FORMAT": "json",
                                      "WALKTHROUGHS_SMTP_HOST": "127.0.0.1", "WALKTHROUGHS_SMTP_TO": "a@x, b@x"})
    assert [w.format for w in config.webhooks] == ["slack", "json"]
    assert config.email.recipients == ("a@x", "b@x") and config.email.port == 25
    assert config.channels == ["webhook (slack)", "webhook (json)", "e-mail"]


def test_nothing_configured_means_no_channels():
    assert load_alert_config(None, {}).channels == []


@pytest.mark.parametrize("text, message", [
    ('[[webhook]]\nurl = "https://x"\nformat = "teams"\n', "webhook format 'teams': expected slack or json"),
    ('urls = ["teams-please://x"]\n', "alert url 'teams-please://x': not an address apprise can send to"),
    ('retries = 99\n', "retries = 99: expected a number from 0 to 10"),
    ('retry_wait = "soon"\n', "expected a duration"),
    ('[[webhook]]\nurl = "hooks.example.com"\n', "expected an http:// or https:// address"),
    ('[email]\nhost = "smtp"\n', "e-mail alerts need recipients"),
    ('remind_every = "soon"\n', "expected an interval"),
    ("remind_every = \n", "cannot read the alerts file"),
])
def test_bad_settings_name_the_setting(tmp_path, text, message):
    path = tmp_path / "alerts.toml"
    path.write_text(text)
    with pytest.raises(AlertConfigError, match=message):
        load_alert_config(path, {})


def test_one_message_lists_every_notice():
    notices = [Notice("started", "journey-broken", "shop on mobile broke at “cart”", "2026-01-01T03:00:00+00:00", 1),
               Notice("reminder", "slower", "“checkout” took 4.0s, usually 2.0s", "2026-01-01T01:00:00+00:00", 2),
               Notice("recovered", "walk-failed", "the walk could not finish", "2026-01-01T00:00:00+00:00", 3)]
    walk = WalkSummary(9, "2026-01-01T03:00:00+00:00", "broken", "shop", "/reports/x/report/index.html")
    text = message_text(notices, walk)
    assert text.splitlines()[0] == "walkthroughs — shop: 1 new problem, 1 still open, 1 recovered"
    assert "🔴 Started [broken]: shop on mobile broke" in text
    assert "🟡 Still open [degraded] (since 2026-01-01 01:00 UTC): “checkout” took 4.0s" in text
    assert "✅ Recovered: the walk could not finish" in text
    assert text.endswith("Report: /reports/x/report/index.html")
    payload = json_payload(notices, walk)
    assert [(n["event"], n["state"]) for n in payload["notices"]] == [
        ("started", "broken"), ("reminder", "degraded"), ("recovered", "recovered")]
    assert payload["walk"]["scenarios"] == ["shop"]


def test_a_degraded_walk_is_told_apart_from_a_broken_one():
    walk = WalkSummary(4, "2026-01-01T03:00:00+00:00", "degraded", "shop", None)
    slower = [Notice("started", "slower", "“checkout” took 4.0s, usually 2.0s", "2026-01-01T03:00:00+00:00", 1)]
    assert message_text(slower, walk).splitlines()[0] == "walkthroughs — shop: degraded: 1 new"
    assert "🟡 Started [degraded]" in message_text(slower, walk) and "🔴" not in message_text(slower, walk)


def test_old_settings_become_apprise_urls_and_any_apprise_url_is_a_channel(tmp_path):
    path = tmp_path / "alerts.toml"
    path.write_text('urls = ["discord://1234/abcd", "https://hooks.slack.com/services/T0/B0/XYZ"]\n' + TOML)
    teams = "workflows://prod-1.westeurope.logic.azure.com:443/abc/sig1"
    config = load_alert_config(path, {"MY_SMTP_PASSWORD": "p@ss", "WALKTHROUGHS_ALERT_URLS": f"{teams}, json://h/x"})
    assert config.channels == ["webhook (slack)", "webhook (json)", "e-mail", "Discord", "Slack",
                               "Power Automate / Workflows (for MSTeams)", "JSON"]
    slack, json_hook, mail = (t.url for t in config.targets[:3])
    assert slack.startswith("jsons://hooks.example.com/slack?") and "%3Amessage=text" in slack  # {"text": …}
    assert json_hook == "wtjsons://example.com/hook"
    assert mail.startswith("mailtos://alerts:p%40ss@smtp.example.com:587?") and "mode=starttls" in mail
    native = Webhook("https://hooks.slack.com/services/T0/B0/XYZ")  # apprise knows Slack's own address
    assert native.apprise_url() == native.url


def test_every_channel_gets_the_alert_and_a_failing_one_is_retried_then_reported():
    notices = [Notice("started", "journey-broken", "shop on mobile broke at “cart”", "2026-01-01T03:00:00+00:00", 1)]
    walk = WalkSummary(9, "2026-01-01T03:00:00+00:00", "broken", "shop", "https://reports.example.com/r/report/index.html")
    with HttpRecorder(failures=2) as flaky, HttpRecorder() as hooks, SmtpRecorder() as mail:
        config = AlertConfig(webhooks=(Webhook(f"http://127.0.0.1:{hooks.port}/slack?token=t1"),
                                       Webhook(f"http://127.0.0.1:{hooks.port}/json", "json")),
                             email=EmailSettings(host="127.0.0.1", port=mail.port, recipients=("qa@example.com",)),
                             urls=(f"json://127.0.0.1:{flaky.port}/apprise", "json://127.0.0.1:9/nobody-listens"),
                             retries=2, retry_wait_s=0.05)
        reached, problems = deliver(notices, walk, config)
    assert reached == 4
    assert len(problems) == 1 and problems[0].startswith("the JSON alert was not delivered after 3 tries:")
    assert [r.path for r in flaky.requests] == ["/apprise"] * 3  # two refusals, then taken
    assert json.loads(flaky.requests[-1].body)["title"] == "walkthroughs — shop: 1 new problem"
    by_path = {r.path: json.loads(r.body) for r in hooks.requests}
    assert by_path["/slack?token=t1"]["text"].startswith("walkthroughs — shop: 1 new problem\n🔴 Started [broken]")
    assert by_path["/json"]["walk"]["report"] == "https://reports.example.com/r/report/index.html"
    assert mail.envelopes[0]["to"] == ["qa@example.com"] and "Report: https://reports.example.com" in (
        mail.messages[0].get_content())
