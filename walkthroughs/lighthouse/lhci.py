"""Lighthouse CI on the collected reports: `lhci assert` for the scenario's assertions, `lhci upload` to a server.

lhci reads reports from `.lighthouseci/lhr-<n>.json` under its working folder, so each call gets a
temporary folder holding exactly the reports it should judge or send.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .tools import NodeTools

LHCI_TIMEOUT_S = 120
ASSERTION_KEYS = ("auditId", "auditProperty", "auditTitle", "name", "operator", "expected", "actual", "values",
                  "level", "url", "message")


class LhciFailed(RuntimeError):
    """lhci could not judge or send the reports (not: an assertion failed)."""


def _what_went_wrong(output: str) -> str:
    """lhci's own words: its `...Error:` line rather than the stack below it."""
    lines = [line.strip() for line in output.splitlines() if line.strip() and not line.strip().startswith("at ")]
    errors = [line for line in lines if "Error" in line.split(":")[0]]
    if errors:
        return errors[0][:300]
    return (lines[-1] if lines else "no message")[:300]


async def _lhci(tools: NodeTools, folder: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    if tools.lhci is None:
        raise LhciFailed("the lhci command (Lighthouse CI) was not found; run `bash scripts/setup.sh`")
    process = await asyncio.create_subprocess_exec(
        tools.node, str(Path(tools.lhci).resolve()), *args, cwd=folder, env={**os.environ, **(env or {})},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    try:
        output, _ = await asyncio.wait_for(process.communicate(), LHCI_TIMEOUT_S)
    except asyncio.TimeoutError:
        process.kill()
        await process.wait()
        raise LhciFailed(f"lhci {args[0]} took longer than {LHCI_TIMEOUT_S} s") from None
    return process.returncode or 0, output.decode("utf-8", "replace")


def _stage_reports(reports: list[Path]) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="walkthroughs-lhci-"))
    (folder / ".lighthouseci").mkdir()
    for index, report in enumerate(reports, start=1):
        shutil.copyfile(report, folder / ".lighthouseci" / f"lhr-{index}.json")
    return folder


async def assert_reports(tools: NodeTools, reports: list[Path], assert_config: dict[str, Any]) -> list[dict[str, Any]]:
    """The assertions that failed on these reports (one stage's runs), in lhci's own words and figures; `assert_config`
    is Lighthouse CI's `ci.assert` (assertions, assertMatrix, budgetsFile with an absolute path, aggregationMethod)."""
    folder = _stage_reports(reports)
    try:
        (folder / "lighthouserc.json").write_text(json.dumps({"ci": {"assert": assert_config}}))
        _, output = await _lhci(tools, folder, "assert", "--config=lighthouserc.json")
        results_file = folder / ".lighthouseci" / "assertion-results.json"
        if not results_file.exists():
            raise LhciFailed(f"lhci assert could not check the assertions: {_what_went_wrong(output)}")
        results = json.loads(results_file.read_text(encoding="utf-8"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [{key: result[key] for key in ASSERTION_KEYS if key in result} for result in results
            if not result.get("passed")]


async def upload_reports(tools: NodeTools, reports: list[Path], upload: dict[str, Any], run_id: str) -> None:
    """Send the run's reports with `lhci upload`, given Lighthouse CI's `ci.upload` (serverBaseUrl, target, token,
    outputDir, …: every upload option lhci knows); the token may come from LHCI_TOKEN instead."""
    folder = _stage_reports(reports)
    settings = {"target": "lhci", **upload}
    if settings.get("outputDir"):
        settings["outputDir"] = str(Path(settings["outputDir"]).resolve())
    (folder / "lighthouserc.json").write_text(json.dumps({"ci": {"upload": settings}}))
    args = ["upload", "--config=lighthouserc.json"]
    env = await _build_context(run_id)
    try:
        code, output = await _lhci(tools, folder, *args, env=env)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if code != 0:
        raise LhciFailed(f"lhci upload failed: {_what_went_wrong(output)}")


async def _build_context(run_id: str) -> dict[str, str]:
    """lhci names a build by its git commit: point it at the checkout we run in, or name the run instead."""
    try:
        process = await asyncio.create_subprocess_exec("git", "rev-parse", "--absolute-git-dir",
                                                       stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL)
        try:
            git_dir = (await asyncio.wait_for(process.communicate(), 10))[0].decode().strip()
        except asyncio.TimeoutError:
            process.kill()
            git_dir = ""
        if process.returncode == 0 and git_dir:
            return {"GIT_DIR": git_dir}
    except OSError:
        pass  # no git: name the run
    made_up = {"LHCI_BUILD_CONTEXT__CURRENT_HASH": hashlib.sha1(run_id.encode()).hexdigest(),
               "LHCI_BUILD_CONTEXT__CURRENT_BRANCH": "walkthroughs",
               "LHCI_BUILD_CONTEXT__COMMIT_MESSAGE": f"walkthroughs run {run_id}",
               "LHCI_BUILD_CONTEXT__COMMIT_TIME": datetime.now(timezone.utc).isoformat(),
               "LHCI_BUILD_CONTEXT__AUTHOR": "walkthroughs <walkthroughs@localhost>"}
    return {key: value for key, value in made_up.items() if key not in os.environ}
