"""The CLI in a CI pipeline: shards walked apart and merged, JUnit and GitHub annotations, a remote browser server."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from junitparser import JUnitXml
from user_project import AD_LANDING, HEADING_SEEN, SHOP_NOW_CLICKED, scenario

pytestmark = pytest.mark.e2e

SCENARIO = scenario("ad-to-product", "desktop, mobile", AD_LANDING, HEADING_SEEN, SHOP_NOW_CLICKED)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scenario") / "ad-to-product.yaml"
    path.write_text(SCENARIO)
    return path


GITHUB = {"GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "shop/checkout",
          "GITHUB_RUN_ID": "4242"}
OLD_NAMES = ("--out", "--devices", "desktop,mobile", "--trace", "retain-on-failure", "--screenshots", "stage",
             "--junit-granularity", "stage")
NEW_NAMES = ("--output", "--device", "desktop", "--device", "mobile", "--tracing", "retain-on-failure", "--screenshot",
             "only-on-failure", "--browser", "chromium")


@pytest.fixture(scope="module")
def shards(scenario, tmp_path_factory, walkthrough) -> Path:
    """The scenario walked as two shards, as two CI machines would, with “Shop now” broken in the shop: the first
    with the option names of earlier versions, the second with pytest-playwright's and `--json`."""
    root = tmp_path_factory.mktemp("shards")
    for index, names in ((1, OLD_NAMES), (2, (*NEW_NAMES, "--json"))):
        summary = root / f"summary-{index}.md"
        run = walkthrough("run", "--demo", scenario, "--demo-friction", "dead-buy-button", "--shard", f"{index}/2",
                              *names[:1], root / f"shard-{index}", *names[1:], "--junit", root / f"junit-{index}.xml",
                              env={**GITHUB, "GITHUB_STEP_SUMMARY": str(summary)})
        (root / f"shard-{index}.log").write_text(run.stdout + run.stderr)
        (root / f"shard-{index}.stdout").write_text(run.stdout)
        assert run.returncode == 1, run.stdout + run.stderr  # a check fails on every device
    return root


def test_each_shard_walks_its_own_share(shards):
    walked = [json.loads((shards / f"shard-{i}" / "latest" / "results.json").read_text())["journeys"] for i in (1, 2)]
    assert [[j["id"] for j in journeys] for journeys in walked] == [["ad-to-product--desktop"], ["ad-to-product--mobile"]]


def test_a_walk_without_a_picture_of_every_step_keeps_the_traces_own_film(shards):
    [trace] = (shards / "shard-1" / "latest" / "journeys").glob("*/trace.zip")  # --screenshots stage, broken
    assert b'"screencast-frame"' in zipfile.ZipFile(trace).read("trace.trace")


def test_junit_has_a_case_per_stage_with_the_failure_at_its_scenario_line(shards, scenario):
    xml = JUnitXml.fromfile(str(shards / "junit-1.xml"))
    cases = {(case.classname, case.name): case for suite in xml for case in suite}
    journey = f"{str(scenario).replace('/', '.')}.ad-to-product[desktop]"
    assert sorted(cases) == [(journey, "ad landing"), (journey, "product")]
    assert cases[(journey, "ad landing")].is_passed
    [failure] = cases[(journey, "product")].result
    assert failure.type == "check" and "/product/trail-runner" in failure.message  # the walk went on
    product = ET.parse(shards / "junit-1.xml").getroot().find(".//testcase[@name='product']")
    assert (product.get("file"), product.get("line")) == (str(scenario), "12")  # the `expect: {url: …}` step


def test_github_annotations_point_at_the_scenario_line_and_the_summary_at_the_run(shards, scenario):
    log = (shards / "shard-2.log").read_text()
    assert f"::error file={scenario},line=12,title=Check failed at product (mobile)::" in log
    assert log.count("::error ") == 1 and "::notice" not in log  # the journey-broken finding is not told again
    # the terminal's top findings say the same, at the same line
    assert re.search(rf"✗ .*Check failed at product.*\({re.escape(str(scenario))}:12\)", log), log
    stdout = (shards / "shard-2.stdout").read_text()
    assert json.loads(stdout)["exit_code"] == 1 and "::error" not in stdout, "with --json, annotations go to stderr"
    summary = (shards / "summary-2.md").read_text()
    assert "Full report: [the artifacts of this workflow run](https://github.com/shop/checkout/actions/runs/4242)" in summary


def test_merge_makes_one_run_and_one_report_from_the_shards(shards, walkthrough):
    run = walkthrough("merge", shards / "shard-1", shards / "shard-2", "--out", shards / "merged",
                          "--junit", shards / "merged.xml")
    assert run.returncode == 1, run.stdout + run.stderr  # failed checks fail the merged run too
    merged = shards / "merged" / "latest"
    results = json.loads((merged / "results.json").read_text())
    assert [j["id"] for j in results["journeys"]] == ["ad-to-product--desktop", "ad-to-product--mobile"]
    for journey in results["journeys"]:
        assert (merged / journey["evidence"]).exists()
        for stage in journey["stages"]:
            assert stage["screenshot"] is None or (merged / stage["screenshot"]).exists()
    assert (merged / "report" / "index.html").exists()
    xml = JUnitXml.fromfile(str(shards / "merged.xml"))
    assert xml.tests == 2  # a case per journey, named as pytest names them
    attachments = re.findall(r"\[\[ATTACHMENT\|([^\]]+)\]\]", (shards / "merged.xml").read_text())
    assert attachments and all((shards / path).is_file() for path in attachments)  # relative to merged.xml


def test_merge_refuses_the_same_shard_twice(shards, walkthrough):
    run = walkthrough("merge", shards / "shard-1", shards / "shard-1", "--out", shards / "twice")
    assert run.returncode == 2 and "was walked in both" in run.stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def browser_server():
    """`playwright run-server` on loopback; --unsafe lets the client name the Chromium, as this machine has no Playwright build."""
    port = free_port()
    # Its own process group: `python -m playwright` starts the Node driver as a child, which must stop with it.
    server = subprocess.Popen([sys.executable, "-m", "playwright", "run-server", "--port", str(port), "--host", "127.0.0.1",
                               "--unsafe"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield f"ws://127.0.0.1:{port}/"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


def test_connect_walks_in_a_remote_browser_server(browser_server, scenario, shards, tmp_path, walkthrough):
    """Also compared, as a release pipeline would, with the earlier run whose “Shop now” was broken."""
    from playwright.sync_api import sync_playwright

    from walkthroughs.walk.browser import choose_browser

    with sync_playwright() as playwright:
        chromium = choose_browser(playwright).executable  # type: ignore[arg-type]
    args = ["--remote-executable", chromium] if chromium else []
    run = walkthrough("run", "--demo", scenario, "--devices", "desktop", "--connect", browser_server, *args,
                          "--out", tmp_path, "--baseline", shards / "shard-1" / "latest")
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads((tmp_path / "latest" / "results.json").read_text())
    assert results["browser"]["source"] == "remote"
    assert [j["status"] for j in results["journeys"]] == ["completed"]
    summary = (tmp_path / "latest" / "report" / "summary.md").read_text()
    resolved = re.search(r"(\d+) resolved", summary)
    assert "### Compared with run" in summary and resolved and int(resolved.group(1)) >= 1, summary
