"""Keep the disk bounded: the newest `keep` walks keep their whole run folder (report, screenshots, traces);
older ones keep only results.json and evidence.json, and their rows in the history stay."""

from __future__ import annotations

from pathlib import Path

from .history import History

DEFAULT_KEEP = 50
KEPT_FILES = ("results.json", "evidence.json")


def prune_folder(run_dir: Path) -> int:
    """Delete everything but the JSON records from a run folder; the bytes freed."""
    freed = 0
    for path in sorted(run_dir.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_symlink() or path.is_file():
            if path.name not in KEPT_FILES:
                freed += path.lstat().st_size
                path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return freed


def prune_old_runs(history: History, keep: int = DEFAULT_KEEP) -> tuple[int, int]:
    """Prune the run folders of all but the newest `keep` walks; (folders pruned, bytes freed)."""
    pruned = freed = 0
    for walk in history.walks_with_files()[keep:]:
        run_dir = Path(walk.run_dir)
        if run_dir.is_dir():
            freed += prune_folder(run_dir)
            pruned += 1
        history.mark_pruned(walk.id)
    return pruned, freed
