"""Shards split a run's journeys deterministically; merge puts shard runs back together with their files."""

from __future__ import annotations

import json

import pytest
from saved_runs import broken_journey, completed_journey, run_result, save_run

from walkthroughs.ci.merge import MergeError, find_run, merge_runs
from walkthroughs.ci.shard import Shard
from walkthroughs.results import load_results

UNITS = [f"{scenario}--{device}" for scenario in ("checkout", "search", "returns") for device in ("desktop", "tablet", "mobile")]


def test_shards_partition_the_units_the_same_way_every_time():
    picks = [Shard(i, 3).pick(UNITS, unit_id=str) for i in (1, 2, 3)]
    assert sorted(u for pick in picks for u in pick) == sorted(UNITS)
    assert [len(pick) for pick in picks] == [3, 3, 3]
    shuffled = list(reversed(UNITS))
    assert [sorted(Shard(i, 3).pick(shuffled, unit_id=str)) for i in (1, 2, 3)] == [sorted(p) for p in picks]
    assert Shard(2, 3).pick(UNITS, unit_id=str) == [u for u in UNITS if u in picks[1]]  # original order kept


@pytest.mark.parametrize("text, message", [("2", "form I/N"), ("0/3", "between 1 and N"), ("4/3", "between 1 and N"),
                                           ("a/b", "form I/N")])
def test_bad_shards_are_explained(text, message):
    with pytest.raises(ValueError, match=message):
        Shard.parse(text)
    assert Shard.parse(" 2 / 3 ") == Shard(2, 3)


def test_merge_combines_journeys_and_their_files(tmp_path):
    first = save_run(tmp_path / "shard-1", run_result([broken_journey("mobile")], run_id="20260102-100000-aaaa"))
    save_run(tmp_path / "shard-2", run_result([completed_journey("desktop")], run_id="20260102-100000-bbbb"))
    folder = merge_runs([first, tmp_path / "shard-2"], tmp_path / "merged")
    merged = load_results(folder.results_path)
    assert [j.id for j in merged.journeys] == ["checkout-journey--desktop", "checkout-journey--mobile"]
    assert merged.status == "broken" and merged.options["merged_from"] == ["20260102-100000-aaaa", "20260102-100000-bbbb"]
    assert [s.name for s in merged.scenarios] == ["checkout-journey"]
    for journey in merged.journeys:
        assert json.loads((folder.path / journey.evidence).read_text())["journey"] == journey.id
        assert (folder.path / "journeys" / journey.id / "01-ad-landing" / "step-01.jpg").read_bytes().endswith(journey.id.encode())
    assert (first / "journeys" / "checkout-journey--mobile" / "evidence.json").exists()  # the shards are left as they were
    assert find_run(tmp_path / "merged") == folder.path.resolve()


def test_merge_refuses_a_journey_walked_twice(tmp_path):
    save_run(tmp_path / "a", run_result([completed_journey()], run_id="20260102-100000-aaaa"))
    save_run(tmp_path / "b", run_result([completed_journey()], run_id="20260102-100000-bbbb"))
    with pytest.raises(MergeError, match="checkout-journey--desktop was walked in both"):
        merge_runs([tmp_path / "a", tmp_path / "b"], tmp_path / "merged")


def test_merge_names_a_folder_without_a_run(tmp_path):
    with pytest.raises(MergeError, match="holds no walkthroughs run"):
        merge_runs([tmp_path], tmp_path / "merged")
