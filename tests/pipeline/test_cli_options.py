"""`walkthrough run`'s options as a pipeline owner types them, without a browser: the grouped help with examples,
pytest-playwright's names, the refusal of other browsers, and an empty shard that passes when told to."""

from __future__ import annotations

import json

from click.testing import CliRunner
from junitparser import JUnitXml

from walkthroughs.cli import main

SCENARIO = """\
name: two-devices
base_url: http://127.0.0.1:9
devices: [desktop, mobile]
stages:
  - name: ad landing
    steps:
      - goto: /landing/trail-runner
"""


def walkthrough(*args) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(arg) for arg in args])
    return result.exit_code, result.output


def test_run_help_groups_the_options_and_ends_with_examples():
    code, out = walkthrough("run", "--help")
    assert code == 0
    groups = ["What to walk:", "Evidence:", "Page speed:", "CI:", "Production:", "Examples:"]
    assert [out.index(group) for group in groups] == sorted(out.index(group) for group in groups)
    for name in ("--output, --out", "--device, --devices", "--tracing, --trace", "--screenshot, --screenshots",
                 "--browser", "--lighthouse-port", "--demo-port", "--junit-granularity", "--pass-with-no-journeys"):
        assert name in out, name


def test_other_browsers_are_refused_in_one_line(tmp_path):
    (tmp_path / "s.yaml").write_text(SCENARIO)
    code, out = walkthrough("run", tmp_path / "s.yaml", "--browser", "firefox")
    assert code == 2
    assert out.strip() == ("error: --browser firefox: walkthroughs walks in Chromium only (it measures pages through "
                           "the Chrome DevTools Protocol); use --browser chromium or leave it out")


def test_an_empty_shard_passes_with_pass_with_no_journeys_and_writes_an_empty_run(tmp_path):
    (tmp_path / "s.yaml").write_text(SCENARIO)
    code, out = walkthrough("run", tmp_path / "s.yaml", "--shard", "3/3", "--output", tmp_path / "out")
    assert code == 2 and "shard 3/3 has no journey to walk" in out and "--pass-with-no-journeys" in out
    code, out = walkthrough("run", tmp_path / "s.yaml", "--shard", "3/3", "--pass-with-no-journeys",
                            "--output", tmp_path / "out", "--junit", tmp_path / "junit.xml")
    assert code == 0, out
    results = json.loads((tmp_path / "out" / "latest" / "results.json").read_text())
    assert results["journeys"] == [] and results["status"] == "completed"
    assert JUnitXml.fromfile(str(tmp_path / "junit.xml")).tests == 0


def test_demo_options_need_demo(tmp_path):
    (tmp_path / "s.yaml").write_text(SCENARIO)
    code, out = walkthrough("run", tmp_path / "s.yaml", "--demo-port", "8000")
    assert code == 2 and "--demo-port needs --demo" in out
