"""Retention: the newest run folders stay whole, older ones keep only their JSON records and their history rows."""

from __future__ import annotations

from walk_records import run_result

from walkthroughs.watch.history import History
from walkthroughs.watch.retention import prune_old_runs


def make_run_folder(path):
    (path / "journeys" / "shop--desktop" / "01-landing").mkdir(parents=True)
    (path / "report").mkdir()
    (path / "results.json").write_text("{}")
    (path / "journeys" / "shop--desktop" / "evidence.json").write_text("{}")
    (path / "journeys" / "shop--desktop" / "trace.zip").write_bytes(b"z" * 1000)
    (path / "journeys" / "shop--desktop" / "01-landing" / "step-01.jpg").write_bytes(b"j" * 500)
    (path / "report" / "index.html").write_text("<html>")
    return path


def test_older_folders_lose_pictures_traces_and_reports(tmp_path):
    with History(tmp_path / "history.sqlite") as history:
        for number in range(4):
            folder = make_run_folder(tmp_path / f"run-{number}")
            history.record_run(run_result(f"run-{number}"), folder, folder / "report" / "index.html")
        pruned, freed = prune_old_runs(history, keep=2)
        assert (pruned, freed) == (2, 2 * (1000 + 500 + 6))
        for number in (0, 1):
            left = sorted(p.relative_to(tmp_path / f"run-{number}").as_posix() for p in (tmp_path / f"run-{number}").rglob("*"))
            assert left == ["journeys", "journeys/shop--desktop", "journeys/shop--desktop/evidence.json", "results.json"]
        assert (tmp_path / "run-3" / "journeys" / "shop--desktop" / "trace.zip").exists()
        assert len(history.recent_walks(10)) == 4  # the rows stay
        assert prune_old_runs(history, keep=2) == (0, 0)  # already pruned
