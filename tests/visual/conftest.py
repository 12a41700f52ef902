"""The visual checks' tests judge inline journeys with the detector tests' helpers (tests/friction/detectors)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "friction" / "detectors"))
