"""One module per friction detector; the file name is the detector's id (see `friction/registry.py`)."""
