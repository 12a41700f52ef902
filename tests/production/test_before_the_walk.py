"""What is refused before any browser starts: a production walk that does not know where the shopper commits,
and addresses that are not web pages (`goto: file:///…`, `javascript:`, a shop without a scheme)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
ORDERS = Path(__file__).parent / "orders"


@pytest.fixture
def command(cli):
    """The command line in-process, its lines unwrapped: none of these start a browser."""
    return lambda *args: cli(*args, env={"NO_COLOR": "1", "COLUMNS": "400"})


def test_validate_warns_of_a_purchase_stage_without_a_committing_step(command):
    done = command("validate", ORDERS / "unmarked.yaml")
    assert done.returncode == 0, done.stderr
    assert f"warning: {ORDERS / 'unmarked.yaml'}:15:12: stage “checkout” (purchase)" in done.stderr
    assert "`run --environment production` refuses it" in done.stderr


def test_the_shipped_scenario_marks_its_order_step(command):
    done = command("validate", ROOT / "scenarios" / "demo-shop.yaml")
    assert done.returncode == 0 and "warning" not in done.stderr, done.stderr
    assert "commit: true" in (ROOT / "scenarios" / "demo-shop.yaml").read_text()


def test_a_production_run_of_it_is_refused_in_one_line_naming_file_and_line(command):
    done = command("run", ORDERS / "unmarked.yaml", "--environment", "production", "--base-url", "http://127.0.0.1:9")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {ORDERS / 'unmarked.yaml'}:15:12: stage “checkout”")
    assert "--allow-unguarded" in lines[0] and "Traceback" not in done.stderr


@pytest.mark.parametrize("verb", ["validate", "run"])
def test_goto_opens_web_pages_only(command, tmp_path, verb):
    gotos = ["file:///etc/passwd", "javascript:alert(document.cookie)", "data:text/html,<h1>x"]
    scenario = tmp_path / "journey.yaml"
    scenario.write_text("name: x\nbase_url: http://127.0.0.1:9\nstages:\n  - name: a\n    steps:\n"
                        + "".join(f"      - goto: {goto!r}\n" for goto in [*gotos, "/cart", "https://shop.example/"]))
    done = command(verb, scenario)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"{scenario}:{line}:9: goto opens web pages only — an http(s) address or a path on the shop — not {goto!r}"
        for line, goto in enumerate(gotos, 6)]


def test_the_shop_is_an_absolute_web_address(command, tmp_path):
    scenario = tmp_path / "journey.yaml"
    scenario.write_text("name: x\nbase_url: shop.example.com\nstages:\n  - name: a\n    steps:\n      - goto: /\n")
    done = command("validate", scenario)
    assert done.returncode == 2 and done.stderr.startswith(f"{scenario}:2:1: base_url must be an absolute http(s)")
    scenario.write_text("name: x\nstages:\n  - name: a\n    steps:\n      - goto: /\n")
    done = command("run", scenario, "--base-url", "127.0.0.1:8000")
    assert done.returncode == 2 and "--base-url must be an absolute http(s) address" in done.stderr
