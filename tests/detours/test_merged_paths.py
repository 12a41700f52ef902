"""Shards that walked different paths of one scenario merge into one run that knows every path's stages."""

from __future__ import annotations

from walkthroughs.ci.merge import merge_runs
from walkthroughs.results import (
    DeviceInfo,
    JourneyRecord,
    RunResult,
    ScenarioInfo,
    ScenarioStage,
    save_results,
)


def shard(folder, path: str | None, stages: list[str]):
    journey = JourneyRecord(id="shop--" + (f"{path}--" if path else "") + "desktop", scenario="shop", path=path,
                            device=DeviceInfo(name="desktop", device_class="desktop"))
    result = RunResult(run_id=folder.name, tool_version="0", started_at="2026-11-23T12:00:00+00:00", status="completed",
                       scenarios=[ScenarioInfo(name="shop", stages=[ScenarioStage(name=s) for s in stages],
                                               paths={"search": "search instead"})],
                       journeys=[journey])
    folder.mkdir()
    save_results(result, folder / "results.json")
    return folder


def test_merged_shards_keep_every_path_and_its_stages(tmp_path):
    search = shard(tmp_path / "b", "search", ["search", "cart"])
    main = shard(tmp_path / "a", None, ["product", "cart"])
    merged = merge_runs([search, main], tmp_path / "out").result
    assert [s.name for s in merged.scenarios[0].stages] == ["search", "cart", "product"]
    assert [j.id for j in merged.journeys] == ["shop--desktop", "shop--search--desktop"]
