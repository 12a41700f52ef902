"""What walkthroughs raises on purpose, and how any exception is said in one line.

    WalkthroughsError           anything the tool raises for a person to read; str() is ready to print
    ├── InputError              bad input — a scenario, a saved run, a history, settings, a command-line
    │   │                       value — exit 2 (also a ValueError)
    │   ├── ScenarioError       problems at file:line:column (scenario.errors)
    │   │   ├── UnknownVariable
    │   │   ├── UnknownDevice
    │   │   └── RecordingError  a Recorder export that cannot be read (recording.replay_format)
    │   ├── UnknownName         --paths / --personas naming nothing (scenario.paths)
    │   ├── UnknownLighthouseStage (lighthouse.settings)
    │   ├── ResultsVersionError a results.json this version cannot read (results)
    │   ├── HistoryVersionError (watch.history)
    │   ├── ScheduleError       (watch.schedule)
    │   ├── AlertConfigError    (watch.alerts)
    │   ├── ReportUrlError      (watch.links)
    │   └── MergeError          (ci.merge)
    ├── UsageError              options that cannot go together, or ask for nothing — exit 2
    └── RunError                the tool's own surroundings failed, not the shop — exit 2 (also a RuntimeError)
        ├── BrowserNotFound     (walk.browser)
        ├── BrowserFailed       the browser would not start (walk.browser)
        ├── OutputUnwritable    the run's folder cannot be written: disk full, read-only, no permission
        ├── NodeToolsMissing    (lighthouse.tools)
        ├── NoDisplay           no screen for `walkthrough record` (recording.recorder)
        └── DraftInvalid        a scenario written from a recording does not load: a fault of ours (recording)

The front doors catch `WalkthroughsError` in one place each (the CLI's command group, the pytest plugin) and
print `str(error)` and exit with `error.exit_code`. Failures of the shop are never errors: they are evidence.
"""

from __future__ import annotations

import errno
import os
import re

# The exit codes of a walk stopped by a signal (128 + SIGHUP, SIGINT, SIGTERM): its report was written. Read by the
# command line, which exits with them, and by the watch, which runs walks as processes.
INTERRUPTED_CODES = (129, 130, 143)


class WalkthroughsError(Exception):
    """Base of every error walkthroughs raises for a person to read."""

    exit_code = 2


class InputError(WalkthroughsError, ValueError):
    """Something the user gave cannot be used: the message names it and what was expected."""


class UsageError(WalkthroughsError):
    """The command line asks for something that cannot be done as asked."""


class RunError(WalkthroughsError, RuntimeError):
    """The tool could not do its own work (no browser, a missing tool, a full disk): not the shop's fault."""


class OutputUnwritable(RunError):
    """The tool cannot write where it was told to: its own fault, never a finding against the shop."""


_FREE, _ELSEWHERE = "free some space or write elsewhere (--out)", "write elsewhere (--out)"
_UNWRITABLE = {
    errno.ENOSPC: ("the disk is full", _FREE), errno.EDQUOT: ("the disk quota is used up", _FREE),
    errno.EFBIG: ("a file grew past the size allowed", _FREE), errno.EROFS: ("the file system is read-only", _ELSEWHERE),
    errno.EACCES: ("the tool may not write there", _ELSEWHERE), errno.EPERM: ("the tool may not write there", _ELSEWHERE),
}
_CODE_IN_TEXT = re.compile(r"\b(ENOSPC|EDQUOT|EFBIG|EROFS|EACCES|EPERM)\b")  # Node's words, from Playwright's driver


def unwritable(error: BaseException, path: object) -> OutputUnwritable | None:
    """The run error for a failed write to `path` when the cause is the place written to (full, read-only, not
    allowed), else None. Knows Python's OSError and the codes Playwright's driver quotes (`ENOSPC: no space…`)."""
    code = error.errno if isinstance(error, OSError) else None
    if code not in _UNWRITABLE:
        found = _CODE_IN_TEXT.search(str(error))
        code = getattr(errno, found.group(1)) if found else None
    if code not in _UNWRITABLE:
        return None
    cause, advice = _UNWRITABLE[code]
    return OutputUnwritable(f"cannot write {path}: {cause} ({os.strerror(code)}); {advice}")


def one_line(error: BaseException, limit: int = 200) -> str:
    """`TypeName: first line of the message`; an exception with an empty message gives its type name alone."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0][:limit]}" if lines else type(error).__name__
