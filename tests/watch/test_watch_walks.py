"""`walkthrough watch` and `run --history` against the demo shop: walks on a schedule, a hung walk stopped and recorded,
history and retention, alerts that start, remind and recover (a webhook receiver and an SMTP server on loopback),
and a clean Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from loopback import HttpRecorder, SmtpRecorder

from walkthroughs.demo_shop import DemoShop
from walkthroughs.demo_shop.frictions import check_ids
from walkthroughs.watch.alerts import AlertConfig, EmailSettings, Webhook
from walkthroughs.watch.history import History
from walkthroughs.watch.loop import WatchPlan, watch
from walkthroughs.watch.regressions import Thresholds
from walkthroughs.watch.schedule import Schedule

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).parents[2]
SCENARIO = Path(__file__).with_name("short.yaml")


def walkthrough(*args, env: dict | None = None, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "walkthroughs", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def shop():
    with DemoShop(port=0) as shop:
        yield shop


@pytest.fixture
def switch(shop):
    """Turn the shop's friction switches for every browser, between walks; all off again after the test."""
    def turn(*ids: str) -> None:
        shop.frictions = check_ids(ids)
    yield turn
    turn()


@pytest.fixture
def silent_shop():
    """A server that accepts connections and never answers: every walk against it hangs."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


def test_watch_walks_on_schedule_records_history_and_prunes(shop, tmp_path):
    out = tmp_path / "reports"
    done = walkthrough("watch", SCENARIO, "--every", "1s", "--max-walks", "3", "--keep", "2", "--devices", "desktop",
                       "--base-url", shop.url, "--out", out)
    assert done.returncode == 0, done.stdout + done.stderr
    assert [line.split(" ")[1] for line in done.stdout.splitlines() if line.startswith("walk ")] == ["1", "2", "3"]
    with History(out / "history.sqlite") as history:
        walks = history.recent_walks(10)[::-1]
        assert [w.status for w in walks] == ["completed"] * 3
        assert [w.pruned for w in walks] == [True, False, False]
        stages = history.stages([walks[-1].id])
        assert [(s.stage, s.status) for s in stages] == [("ad landing", "passed"), ("product", "passed")]
        assert all(s.duration_ms and s.lcp_ms for s in stages)
    starts = [time.mktime(time.strptime(w.started_at[:19], "%Y-%m-%dT%H:%M:%S")) for w in walks]
    assert all(later > earlier for earlier, later in zip(starts, starts[1:]))
    oldest = Path(walks[0].run_dir)
    assert not list(oldest.rglob("*.jpg")) and (oldest / "results.json").exists()
    assert list(Path(walks[-1].run_dir).rglob("*.jpg"))
    report = (Path(walks[-1].run_dir) / "report" / "index.html").read_text()
    assert 'id="trends"' in report and "3 of 3 walks got through (100%)" in report
    assert "Time per stage · quick-look on desktop" in report

    table = walkthrough("history", "--history", out / "history.sqlite", "--last", "5", env={"COLUMNS": "200"})
    assert table.returncode == 0, table.stderr
    assert "Last 3 walks — 100% got through" in table.stdout
    assert "ad landing" in table.stdout and "product" in table.stdout


def test_a_hung_walk_is_stopped_recorded_as_failed_and_the_schedule_goes_on(silent_shop, tmp_path):
    out = tmp_path / "reports"
    started = time.monotonic()
    done = walkthrough("watch", SCENARIO, "--every", "1s", "--max-walks", "2", "--time-limit", "3s",
                       "--base-url", silent_shop, "--out", out, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert time.monotonic() - started < 60
    with History(out / "history.sqlite") as history:
        walks = history.recent_walks(10)
        assert [w.status for w in walks] == ["failed", "failed"]
        assert all("longer than its time limit of 3.0 s" in w.reason for w in walks)
        assert [r["kind"] for r in history.regressions(walks[0].id)] == ["walk-failed"]
        assert len(history.open_incidents()) == 1  # one incident for both walks
    assert "failed — the walk took longer than its time limit of 3.0 s and was stopped" in done.stdout


def test_alerts_start_once_remind_and_recover(shop, switch, tmp_path):
    with HttpRecorder() as hooks, SmtpRecorder() as mail:
        config = AlertConfig(webhooks=(Webhook(f"http://127.0.0.1:{hooks.port}/slack", "slack"),
                                       Webhook(f"http://127.0.0.1:{hooks.port}/json", "json")),
                             email=EmailSettings(host="127.0.0.1", port=mail.port, recipients=("qa@example.com",)),
                             thresholds=Thresholds(slower_min_ms=60_000))  # a busy test machine is no slow shop
        plan = WatchPlan(run_args=(str(SCENARIO), "--base-url", shop.url, "--timeout", "2s"),
                         out_dir=tmp_path / "reports", schedule=Schedule(every=1), time_limit_s=120,
                         history=tmp_path / "history.sqlite", alerts=config, scenarios=("quick-look",), max_walks=1)
        said: list[str] = []
        sent = []
        hour, now = timedelta(hours=1), timedelta(0)
        for frictions, remind_every in (((), hour), (("dead-buy-button",), hour), (("dead-buy-button",), hour),
                                        (("dead-buy-button",), now), ((), hour)):
            switch(*frictions)
            assert watch(replace(plan, alerts=replace(config, remind_every=remind_every)), said.append) == 0
            sent.append((len([r for r in hooks.requests if r.path == "/slack"]), len(mail.messages)))
        assert sent == [(0, 0), (1, 1), (1, 1), (2, 2), (3, 3)], said

    slack = [json.loads(r.body)["text"] for r in hooks.requests if r.path == "/slack"]
    assert "🔴 Started [broken]: quick-look on desktop broke at “product”" in slack[0]
    assert "Still open [broken] (since" in slack[1] and "recovered" in slack[2].splitlines()[0]
    notices = [json.loads(r.body)["notices"] for r in hooks.requests if r.path == "/json"]
    assert [{n["event"] for n in walk} for walk in notices] == [{"started"}, {"reminder"}, {"recovered"}]
    assert {n["kind"] for n in notices[0]} >= {"journey-broken"}
    assert {n["incident"] for n in notices[0]} == {n["incident"] for n in notices[2]}  # the same incidents recover
    assert "new problem" in mail.messages[0]["Subject"] and mail.envelopes[0]["to"] == ["qa@example.com"]
    assert "Recovered: quick-look on desktop broke" in mail.messages[2].get_content()


def test_a_walk_with_a_new_major_finding_is_degraded_and_alerted_apart_with_hosted_report_links(shop, switch, tmp_path):
    with HttpRecorder() as hooks:
        config = AlertConfig(webhooks=(Webhook(f"http://127.0.0.1:{hooks.port}/slack", "slack"),
                                       Webhook(f"http://127.0.0.1:{hooks.port}/json", "json")),
                             thresholds=Thresholds(slower_min_ms=60_000))  # a busy test machine is no slow shop
        plan = WatchPlan(run_args=(str(SCENARIO), "--base-url", shop.url), out_dir=tmp_path / "reports",
                         schedule=Schedule(every=1), time_limit_s=120, history=tmp_path / "history.sqlite",
                         alerts=config, scenarios=("quick-look",), max_walks=1, report_url="https://reports.example.com/qa")
        said: list[str] = []
        alive: list[tuple[float, str | None]] = []
        # The walk gets through, then with a new major finding; the product page answers after 3 s both times, so
        # the walk is still running at a heartbeat after its first stage's line (a quick walk can end between two).
        for frictions in (("slow-product",), ("slow-product", "broken-image")):
            switch(*frictions)
            assert watch(plan, said.append, lambda seconds, line: alive.append((seconds, line))) == 0
    with History(plan.history) as history:
        first, second = history.recent_walks(2)[::-1]
        assert (first.status, second.status) == ("completed", "degraded")
        assert [r["kind"] for r in history.regressions(second.id)] == ["new-finding"]
    assert sum(line.startswith("started walking at ") for line in said) == 2
    assert any(line and "quick-look" in line for _, line in alive), alive  # the walk's own progress, while it runs
    hosted = f"https://reports.example.com/qa/{Path(second.run_dir).name}/report/index.html"
    assert any(line.startswith(f"walk {second.id} (") and ": degraded in " in line and line.endswith(hosted)
               for line in said), said
    (slack,) = [json.loads(r.body)["text"] for r in hooks.requests if r.path == "/slack"]
    assert slack.splitlines()[0].startswith("walkthroughs — quick-look: degraded: ") and "🔴" not in slack
    assert "🟡 Started [degraded]: new major finding on quick-look (desktop), at “product”: Broken image" in slack
    assert slack.endswith(f"degraded. Report: {hosted}")
    (payload,) = [json.loads(r.body) for r in hooks.requests if r.path == "/json"]
    assert payload["walk"]["status"] == "degraded" and payload["walk"]["report"] == hosted
    assert {n["state"] for n in payload["notices"]} == {"degraded"}
    trends = json.loads((Path(second.run_dir) / "trends.json").read_text())
    assert [w["status"] for w in trends["walks"]] == ["completed", "degraded"]
    assert trends["walks"][0]["report"].startswith("https://reports.example.com/qa/")
    report = (Path(second.run_dir) / "report" / "index.html").read_text()
    assert 'class="walk-degraded"' in report and f'<a href="{trends["walks"][0]["report"]}">' in report


def test_run_with_history_alone_suits_system_cron(shop, switch, tmp_path):
    history_file = tmp_path / "history.sqlite"
    switch("dead-buy-button")
    with HttpRecorder() as hooks:
        env = {"WALKTHROUGHS_HISTORY": str(history_file), "WALKTHROUGHS_WEBHOOK_URL": f"http://127.0.0.1:{hooks.port}/hook",
               "WALKTHROUGHS_WEBHOOK_FORMAT": "json"}
        done = walkthrough("run", SCENARIO, "--base-url", shop.url, "--out", tmp_path / "reports", "--timeout", "2s", env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "started: quick-look on desktop broke at “product”" in done.stdout
    assert [{n["event"] for n in json.loads(r.body)["notices"]} for r in hooks.requests] == [{"started"}]
    with History(history_file) as history:
        (walk,) = history.recent_walks(5)
        assert walk.status == "broken" and Path(walk.report).exists()
    listed = walkthrough("history", "--history", history_file, "--since", "1h", "--json", "--report-url",
                         "https://reports.example.com")
    assert listed.returncode == 0, listed.stderr
    (row,) = json.loads(listed.stdout)["walks"]
    assert row["status"] == "broken" and row["report"].startswith("https://reports.example.com/")
    assert row["where_it_broke"].startswith("product (desktop): ")  # the stage, then the failed step's own words


def test_ctrl_c_stops_the_walk_and_the_watch(shop, switch, tmp_path):
    switch("slow-product")  # the walk is still going when Ctrl-C comes
    out = tmp_path / "reports"
    watcher = subprocess.Popen([sys.executable, "-m", "walkthroughs", "watch", str(SCENARIO), "--every", "1m",
                                "--base-url", shop.url, "--out", str(out)], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        walker = None
        deadline = time.monotonic() + 60
        while walker is None and time.monotonic() < deadline:
            ps = subprocess.run(["ps", "-eww", "-o", "pid=,args="], capture_output=True, text=True).stdout
            walker = next((int(line.split()[0]) for line in ps.splitlines()
                           if "walkthroughs run" in line and str(out) in line), None)
            time.sleep(0.2)
        assert walker is not None, "the watch started no walk"
        while time.monotonic() < deadline and not (browsers := browsers_of(walker)):
            time.sleep(0.2)
        assert browsers, "the walk started no browser"
        watcher.send_signal(signal.SIGINT)
        output, _ = watcher.communicate(timeout=60)
    finally:
        if watcher.poll() is None:
            watcher.kill()
    assert watcher.returncode == 130, output
    assert "interrupted: the walk was stopped" in output
    assert still_running(browsers) == []  # the walk's browser went with it


def browsers_of(session: int) -> list[int]:
    """The browsers a walk's processes started (Playwright gives each browser a session of its own)."""
    rows = [line.split() for line in subprocess.run(["ps", "-e", "-o", "pid=,ppid=,sid=,comm="], capture_output=True,
                                                    text=True).stdout.splitlines()]
    walk = {row[0] for row in rows if row[2] == str(session)}
    return [int(row[0]) for row in rows if row[1] in walk and "chrom" in row[3].lower()]


def still_running(pids: list[int]) -> list[int]:
    time.sleep(1)
    alive = subprocess.run(["ps", "-e", "-o", "pid="], capture_output=True, text=True).stdout.split()
    return [pid for pid in pids if str(pid) in alive]
