"""`walkthrough run`'s options as a pipeline owner types them, without a browser: the grouped help with examples,
pytest-playwright's names, the refusal of other browsers, and an empty shard that passes when told to."""

from __future__ import annotations

import json

from junitparser import JUnitXml
from user_project import AD_LANDING, scenario

SCENARIO = scenario("two-devices", "desktop, mobile", AD_LANDING)


def test_run_help_groups_the_options_and_ends_with_examples(cli):
    shown = cli("run", "--help")
    assert shown.returncode == 0
    out = shown.stdout
    groups = ["What to walk:", "Evidence:", "Page speed:", "CI:", "Production:", "Examples:"]
    assert [out.index(group) for group in groups] == sorted(out.index(group) for group in groups)
    for name in ("--output, --out", "--device, --devices", "--tracing, --trace", "--screenshot, --screenshots",
                 "--browser", "--lighthouse-port", "--demo-port", "--junit-granularity", "--pass-with-no-journeys"):
        assert name in out, name


def test_other_browsers_are_refused_in_one_line(tmp_path, cli):
    (tmp_path / "s.yaml").write_text(SCENARIO)
    refused = cli("run", tmp_path / "s.yaml", "--browser", "firefox")
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.strip() == ("error: --browser firefox: walkthroughs walks in Chromium only (it measures "
                                      "pages through the Chrome DevTools Protocol); use --browser chromium or leave it "
                                      "out")


def test_an_empty_shard_passes_with_pass_with_no_journeys_and_writes_an_empty_run(tmp_path, cli):
    (tmp_path / "s.yaml").write_text(SCENARIO)
    empty = cli("run", tmp_path / "s.yaml", "--shard", "3/3", "--output", tmp_path / "out")
    assert empty.returncode == 2
    assert "shard 3/3 has no journey to walk" in empty.stderr and "--pass-with-no-journeys" in empty.stderr
    passed = cli("run", tmp_path / "s.yaml", "--shard", "3/3", "--pass-with-no-journeys",
                 "--output", tmp_path / "out", "--junit", tmp_path / "junit.xml")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    results = json.loads((tmp_path / "out" / "latest" / "results.json").read_text())
    assert results["journeys"] == [] and results["status"] == "completed"
    assert JUnitXml.fromfile(str(tmp_path / "junit.xml")).tests == 0


def test_demo_options_need_demo(tmp_path, cli):
    (tmp_path / "s.yaml").write_text(SCENARIO)
    refused = cli("run", tmp_path / "s.yaml", "--demo-port", "8000")
    assert refused.returncode == 2 and "--demo-port needs --demo" in refused.stderr
