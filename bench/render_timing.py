"""How long the report of one run takes to draw from scratch: imports and rendering timed apart, as JSON.

The benchmark copies a finished run folder without its report/ (so every thumbnail is made again) and runs this in
a fresh process. Run: .venv/bin/python bench/render_timing.py RUN_DIR
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main() -> int:
    run_dir = Path(sys.argv[1])
    wall, cpu = time.perf_counter(), time.process_time()
    from walkthroughs.report.render import render_report
    from walkthroughs.results import load_results

    imported_wall, imported_cpu = time.perf_counter(), time.process_time()
    render_report(run_dir)
    done_wall, done_cpu = time.perf_counter(), time.process_time()
    journeys = len(load_results(run_dir / "results.json").journeys)
    print(json.dumps({"journeys": journeys, "import_s": imported_wall - wall, "import_cpu_s": imported_cpu - cpu,
                      "render_s": done_wall - imported_wall, "render_cpu_s": done_cpu - imported_cpu}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
