"""Alert settings from a TOML or YAML file and the environment, and what the messages say."""

from __future__ import annotations

from datetime import timedelta

import pytest

from walkthroughs.watch.alerts import (
    AlertConfigError,
    WalkSummary,
    Webhook,
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
    ('[[webhook]]\nurl = "https://x"\nformat = "teams"\n', "webhook format 'teams'"),
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
    notices = [Notice("started", "journey-broken", "shop on mobile broke at “cart”", "2026-01-01T03:00:00", 1),
               Notice("reminder", "slower", "“checkout” took 4.0s, usually 2.0s", "2026-01-01T01:00:00", 2),
               Notice("recovered", "walk-failed", "the walk could not finish", "2026-01-01T00:00:00", 3)]
    walk = WalkSummary(9, "2026-01-01T03:00:00", "broken", "shop", "/reports/x/report/index.html")
    text = message_text(notices, walk)
    assert text.splitlines()[0] == "walkthroughs — shop: 1 new problem, 1 still open, 1 recovered"
    assert "Still open (since 2026-01-01T01:00:00): “checkout” took 4.0s" in text
    assert text.endswith("Report: /reports/x/report/index.html")
    payload = json_payload(notices, walk)
    assert [n["event"] for n in payload["notices"]] == ["started", "reminder", "recovered"]
    assert payload["walk"]["scenarios"] == ["shop"]
