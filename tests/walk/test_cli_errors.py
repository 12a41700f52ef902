"""Bad input is a one-line error naming file, line and column, and exit code 2 — never a traceback."""

from __future__ import annotations

import socket

import pytest

CASES = {
    "bad-yaml": ("name: x\nstages:\n  - name: a\n    steps: [{goto: /}\n", ":4:"),
    "unknown-step": ("name: x\nstages:\n  - name: a\n    steps:\n      - clik: '#buy'\n", "did you mean 'click'"),
    "wrong-type": ("name: x\nstages:\n  - name: a\n    budget: fast\n    steps:\n      - goto: /\n", ":4:"),
    "missing-stage-name": ("name: x\nstages:\n  - phase: awareness\n    steps:\n      - goto: /\n", ":3:"),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("command", ["validate", "run"])
def test_a_malformed_scenario_is_named_by_file_and_line(tmp_path, cli, case, command):
    text, expected = CASES[case]
    path = tmp_path / f"{case}.yaml"
    path.write_text(text)
    completed = cli(command, path)
    assert completed.returncode == 2, completed.stdout + completed.stderr
    assert f"{case}.yaml" in completed.stderr and expected in completed.stderr
    assert "Traceback" not in completed.stderr


@pytest.mark.subprocess
def test_validate_accepts_the_demo_scenario(walkthrough, demo_scenario):
    """The one run of `validate` as its own process."""
    completed = walkthrough("validate", demo_scenario, timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert "5 stages" in completed.stdout


def test_an_unknown_device_is_bad_input(tmp_path, cli):
    scenario = tmp_path / "phone.yaml"
    scenario.write_text("name: x\ndevices: [Pixel 77]\nstages:\n  - name: a\n    steps:\n      - goto: /\n")
    completed = cli("run", scenario, "--base-url", "http://127.0.0.1:9")
    assert completed.returncode == 2
    assert "unknown device 'Pixel 77'" in completed.stderr and "Traceback" not in completed.stderr


def test_an_unreachable_shop_is_bad_input(cli, demo_scenario):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    completed = cli("run", demo_scenario, "--base-url", f"http://127.0.0.1:{port}")
    assert completed.returncode == 2
    assert f"cannot reach the shop at http://127.0.0.1:{port}" in completed.stderr
    assert "Traceback" not in completed.stderr
