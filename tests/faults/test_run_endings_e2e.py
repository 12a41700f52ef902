"""Runs that end early — a signal, a browser that dies, a disk that fills up — and secrets the shop gives back: each
ends with what was measured kept and the report written (or, when the tool's own output cannot be written, a
one-line run error with exit 2 and no finding against the shop)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import yaml
from fault_walks import ROOT, SCENE_TIMEOUT, STEP_TIMEOUT_S, walk

pytestmark = pytest.mark.e2e


def slow_scenario(folder: Path, shop, name: str = "slow") -> Path:
    """Two devices, each spending a few seconds in stage `slow` (a page that takes 4 s to come), time to stop it."""
    scenario = {"name": name, "base_url": shop.url, "devices": ["desktop", "mobile"], "stages": [
        {"name": "start", "steps": [{"goto": "/", "timeout": SCENE_TIMEOUT}]},
        {"name": "slow", "steps": [{"goto": "/slow", "timeout": SCENE_TIMEOUT}]},
        {"name": "after", "steps": [{"goto": "/fine", "timeout": SCENE_TIMEOUT}]},
    ]}
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(scenario, sort_keys=False), encoding="utf-8")
    return path


def start(scenario: Path, out: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "walkthroughs", "run", str(scenario), "--out", str(out),
                             "--timeout", f"{STEP_TIMEOUT_S}s", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)


def wait_until_walking(out: Path, stage: str, device: str | None = None, timeout_s: float = 180) -> dict:
    """results.json once a journey (of `device`, or any) is walking `stage`."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            results = json.loads((out / "latest" / "results.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            results = None
        for journey in (results or {}).get("journeys", []):
            if device in (None, journey["device"]["name"]) and any(
                    s["name"] == stage and s["status"] == "running" for s in journey["stages"]):
                return results
        time.sleep(0.1)
    pytest.fail(f"no journey reached stage {stage!r} in {timeout_s} s")


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def browser_process(pid: int) -> int:
    """The Chromium browser process the walk `pid` started (not one of its renderers or helpers)."""
    for child in descendants(pid):
        try:
            command = (Path("/proc") / str(child) / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"chrom" in Path(command[0].decode(errors="replace")).name.encode() and not any(
                part.startswith(b"--type=") for part in command):
            return child
    pytest.fail("the walk's browser process was not found")


def finished(process: subprocess.Popen, timeout_s: float = 120) -> tuple[int, str, str]:
    stdout, stderr = process.communicate(timeout=timeout_s)
    return process.returncode, stdout, stderr


def read_results(out: Path) -> dict:
    return json.loads((out / "latest" / "results.json").read_text(encoding="utf-8"))


def test_a_browser_killed_mid_walk_fails_its_journey_and_the_run_goes_on_in_a_new_one(tmp_path, fault_shop):
    out = tmp_path / "out"
    process = start(slow_scenario(tmp_path, fault_shop), out, "--workers", "1")
    wait_until_walking(out, "slow", "desktop")
    os.kill(browser_process(process.pid), signal.SIGKILL)
    code, stdout, stderr = finished(process)
    assert code == 1, stdout + stderr
    assert "Traceback" not in stderr, stderr
    assert "started again: the browser crashed" in stdout
    results = read_results(out)
    desktop, mobile = results["journeys"]
    assert desktop["status"] == "error" and desktop["error"] == "the browser crashed"
    assert [s["status"] for s in desktop["stages"]] == ["passed", "failed", "not_reached"]
    assert (out / "latest" / desktop["stages"][0]["screenshot"]).exists()  # what was measured is kept
    assert desktop["stages"][1]["steps"][0]["error"]["kind"] == "crashed"
    evidence = json.loads((out / "latest" / desktop["evidence"]).read_text(encoding="utf-8"))
    assert evidence["stages"][1]["gather_errors"]["layout"] == "not gathered: the browser crashed"  # not "nothing"
    assert mobile["status"] == "completed"
    report = (out / "latest" / "report" / "index.html").read_text(encoding="utf-8")
    assert "the browser crashed" in report


def test_sigterm_ends_the_walk_with_its_report(tmp_path, fault_shop):
    out = tmp_path / "out"
    process = start(slow_scenario(tmp_path, fault_shop), out, "--workers", "2")
    wait_until_walking(out, "slow", "desktop")
    wait_until_walking(out, "slow", "mobile")
    signalled = time.monotonic()
    process.send_signal(signal.SIGTERM)
    returncode, stdout, stderr = finished(process)
    assert returncode == 143, stdout + stderr
    assert time.monotonic() - signalled < 60
    assert "Traceback" not in stderr, stderr
    results = read_results(out)
    assert results["status"] == "interrupted"
    for journey in results["journeys"]:
        assert journey["status"] == "interrupted"
        first = journey["stages"][0]
        assert first["status"] == "passed" and (out / "latest" / first["screenshot"]).exists()
    assert "interrupted" in (out / "latest" / "report" / "index.html").read_text(encoding="utf-8")


def test_sighup_is_a_stop_too_and_a_second_signal_stops_at_once(tmp_path, fault_shop):
    """SIGHUP takes SIGTERM's way (above) with its own exit code (not the -1 of a process it killed); the second one
    does not wait for the report."""
    out = tmp_path / "out"
    process = start(slow_scenario(tmp_path, fault_shop), out, "--workers", "2")
    wait_until_walking(out, "slow")
    process.send_signal(signal.SIGHUP)
    time.sleep(0.2)
    signalled = time.monotonic()
    process.send_signal(signal.SIGHUP)
    returncode, stdout, stderr = finished(process)
    assert returncode == 129, stdout + stderr
    assert time.monotonic() - signalled < 5
    results = read_results(out)
    assert results["status"] == "interrupted"
    assert all(s["status"] != "running" for journey in results["journeys"] for s in journey["stages"])


def _mount(target: Path, options: str) -> None:
    target.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"a small file system cannot be mounted here: {mounted.stderr.decode().strip()}")


@pytest.fixture
def small_disk(tmp_path):
    """A 64 KB file system: a walk fills it in its first stages."""
    disk = tmp_path / "disk"
    _mount(disk, "size=64k")
    yield disk
    subprocess.run(["umount", str(disk)], check=True)


@pytest.fixture
def read_only_disk(tmp_path):
    disk = tmp_path / "ro"
    _mount(disk, "ro,size=64k")
    yield disk
    subprocess.run(["umount", str(disk)], check=True)


def test_a_full_disk_is_a_run_error_not_a_finding(tmp_path, fault_shop, small_disk):
    run = walk(slow_scenario(tmp_path, fault_shop), small_disk / "reports", "--workers", "2")
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    (line,) = [line for line in run.stderr.splitlines() if line.strip()]
    assert line.startswith("error: cannot write ") and "the disk is full (No space left on device)" in line
    assert "Shoppers get lost" not in run.stdout and "blocker" not in run.stdout


def test_an_output_folder_that_cannot_be_written_is_a_run_error(tmp_path, fault_shop, read_only_disk):
    run = walk(slow_scenario(tmp_path, fault_shop), read_only_disk / "reports")
    assert run.returncode == 2, run.stdout + run.stderr
    (line,) = run.stderr.strip().splitlines()
    assert line.startswith(f"error: cannot write {read_only_disk / 'reports'}")
    assert line.endswith(": the file system is read-only (Read-only file system); write elsewhere (--out)")


def test_short_secrets_and_echoed_prefixes_of_long_ones_are_never_written(tmp_path, fault_shop):
    pin, token = "qz.x", "correct-horse-battery-staple"  # "." is in no base64 alphabet: no chance match
    scenario = {"name": "secrets", "base_url": fault_shop.url, "devices": ["desktop"], "secrets": ["PIN", "TOKEN"],
                "stages": [{"name": "echo", "steps": [
                    {"goto": "/echo?pin=${PIN}&token=${TOKEN}", "timeout": SCENE_TIMEOUT},
                    {"expect": {"text": "token: correct", "in": {"css": "body"}}, "timeout": SCENE_TIMEOUT}]}]}
    path = tmp_path / "secrets.yaml"
    path.write_text(yaml.safe_dump(scenario, sort_keys=False), encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "walkthroughs", "run", str(path), "--out", str(tmp_path / "out"), "--trace", "on"],
        capture_output=True, text=True, timeout=300, cwd=ROOT, env={**os.environ, "PIN": pin, "TOKEN": token})
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "the secret PIN of scenario 'secrets' is only 4 characters long" in completed.stderr
    texts = 0
    for file in (tmp_path / "out").rglob("*"):
        if not file.is_file() or file.suffix in (".jpg", ".jpeg", ".png", ".webp"):
            continue
        contents = [file.read_bytes()]
        if file.suffix == ".zip":
            with zipfile.ZipFile(file) as archive:
                contents = [archive.read(item) for item in archive.namelist()
                            if not item.endswith((".jpeg", ".jpg", ".png"))]
        for data in contents:
            texts += 1
            assert pin.encode() not in data, file
            assert token[:12].encode() not in data, file
    assert texts > 10


def test_a_stop_signal_ends_a_pytest_session_with_its_report(tmp_path, fault_shop):
    (tmp_path / "pytest.ini").write_text("[pytest]\nwalkthrough_scenarios = scenarios\nwalkthrough_out = reports\n"
                                         "addopts = -p no:cacheprovider\n")
    (tmp_path / "scenarios").mkdir()
    slow_scenario(tmp_path / "scenarios", fault_shop)
    process = subprocess.Popen([sys.executable, "-m", "pytest", "-q", "--base-url", fault_shop.url],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    wait_until_walking(tmp_path / "reports", "slow")
    process.send_signal(signal.SIGTERM)
    returncode, stdout, stderr = finished(process)
    assert returncode == 143, stdout + stderr
    results = read_results(tmp_path / "reports")
    assert results["status"] == "interrupted"
    assert results["journeys"][0]["stages"][0]["status"] == "passed"
    assert (tmp_path / "reports" / "latest" / "report" / "index.html").exists()


def test_a_browser_that_will_not_start_is_a_run_error(tmp_path, fault_shop):
    completed = subprocess.run(
        [sys.executable, "-m", "walkthroughs", "run", str(slow_scenario(tmp_path, fault_shop)), "--out",
         str(tmp_path / "out")], capture_output=True, text=True, timeout=120, cwd=ROOT,
        env={**os.environ, "WALKTHROUGHS_CHROMIUM": "/bin/false"})
    assert completed.returncode == 2, completed.stdout + completed.stderr
    (line,) = completed.stderr.strip().splitlines()
    assert line.startswith("error: the browser could not be started: ")
    assert "Shoppers get lost" not in completed.stdout
