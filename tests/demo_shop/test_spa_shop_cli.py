"""Choosing the single-page shop on the command line, and its scenario walked on the clean shop."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from walkthroughs.cli.walking import demo_option_args
from walkthroughs.demo_shop.spa import FRICTIONS

ROOT = Path(__file__).parents[2]


def test_demo_alone_means_the_classic_shop_and_a_name_after_it_chooses_one():
    assert demo_option_args(["--demo", "scenarios/demo-shop.yaml"]) == ["--demo=classic", "scenarios/demo-shop.yaml"]
    assert demo_option_args(["--demo", "spa", "s.yaml"]) == ["--demo=spa", "s.yaml"]
    assert demo_option_args(["s.yaml", "--demo"]) == ["s.yaml", "--demo=classic"]
    assert demo_option_args(["--demo", "--devices", "mobile", "s.yaml"]) == [
        "--demo=classic", "--devices", "mobile", "s.yaml"]
    assert demo_option_args(["--demo-friction", "spa", "--demo=spa", "s.yaml"]) == [
        "--demo-friction", "spa", "--demo=spa", "s.yaml"]
    assert demo_option_args(["s.yaml", "--", "--demo"]) == ["s.yaml", "--", "--demo"]


def test_the_shops_switches_are_listed_and_a_wrong_one_is_refused_in_one_line(cli):
    listed = cli("demo-shop", "--shop", "spa", "--list-frictions", env={"COLUMNS": "400"})
    assert listed.returncode == 0, listed.stderr
    assert all(friction.id in listed.stdout for friction in FRICTIONS)
    assert "slow-product" not in listed.stdout  # the classic shop's
    wrong = cli("run", "--demo", "spa", "--demo-friction", "slow-product", "scenarios/spa-shop.yaml")
    assert wrong.returncode == 2
    assert wrong.stderr.strip().splitlines() == [
        "error: unknown demo friction 'slow-product'; `walkthrough demo-shop --shop spa --list-frictions` lists them"]
    calibrate = cli("calibrate", "--shop", "spa", "--switch", "slow-product", "scenarios/spa-shop.yaml")
    assert calibrate.returncode == 2 and "demo-shop --shop spa --list-frictions" in calibrate.stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.subprocess
def test_demo_shop_serves_the_single_page_shop_until_stopped():
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "walkthroughs", "demo-shop", "--shop", "spa", "--port", str(port),
                               "--friction", "alert-on-sort"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/__frictions", timeout=2) as response:
                    assert json.load(response)["active"] == ["alert-on-sort"]
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/products/travel-mug", timeout=5) as response:
            assert '<div id="app"' in response.read().decode()
    finally:
        os.kill(server.pid, signal.SIGINT)
        out, err = server.communicate(timeout=15)
    assert server.returncode == 0, err
    assert "Grindhouse Coffee Supply" in out


@pytest.mark.e2e
def test_run_demo_spa_walks_the_clean_shop_green(walkthrough, read_results, tmp_path):
    """On a phone (the cart icon, the menu); `pytest` walks scenarios/spa-shop.yaml on all three devices as items."""
    done = walkthrough("run", "--demo", "spa", "scenarios/spa-shop.yaml", "--devices", "mobile", "--out", tmp_path,
                       timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Demo shop spa: http://127.0.0.1:" in done.stdout
    journeys = read_results(tmp_path)["journeys"]
    assert [journey["device"]["name"] for journey in journeys] == ["mobile"]
    for journey in journeys:
        assert journey["status"] == "completed"
        assert [stage["status"] for stage in journey["stages"]] == ["passed"] * 5
        assert not [f for f in journey["findings"] if f["severity"] == "blocker"]
        assert "/order/GH-" in journey["stages"][-1]["steps"][-1]["url"]  # the order was placed
