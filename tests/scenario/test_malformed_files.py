"""A corpus of malformed and hostile scenario files (tests/scenario/malformed/): each one is refused with exit code 2
and one `file:line:col: message` line per problem — never a traceback, never a hang, never a memory blow-up."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from walkthroughs.cli import main
from walkthroughs.scenario import ScenarioError, load_scenario
from walkthroughs.scenario.yaml_limits import MAX_BYTES

CORPUS = Path(__file__).parent / "malformed"
ROOT = Path(__file__).parents[2]

# file → (line, words the message must hold) for each problem, in the order they are printed.
EXPECTED = {
    "billion-laughs.yaml": [(6, "YAML bomb")],
    "deep-nesting.yaml": [(2, "nests lists and mappings more than 64 deep")],
    "recursive-alias.yaml": [(4, "the alias *stages is inside the value it names")],
    "nul-byte.yaml": [(3, "a NUL character (U+0000) is not allowed")],
    "control-character.yaml": [(3, "an ESC character (U+001B) is not allowed")],
    "escaped-control-character.yaml": [(3, "this value holds a control character")],
    "utf-16.yaml": [(1, "not UTF-8 text (byte 0xff) (it looks like UTF-16)")],
    "latin-1.yaml": [(3, "not UTF-8 text (byte 0xfc)")],
    "undefined-alias.yaml": [(4, "found undefined alias 'common'")],
    "six-bad-durations.yaml": [(3, "got -1"), (4, "got nan"), (5, "got inf"), (6, "got 0"), (7, "got '-5s'"),
                               (11, "got 0")],
    "timeout-too-long.yaml": [(6, "a step's timeout is at most 10 min; 5000 is read as seconds (83 min) — did you mean "
                                  "5000ms?")],
    "duplicate-key-beside-merge.yaml": [(6, "'budget' appears twice")],
    "playwright-verbs.yaml": [(5, "unknown step 'tap' — did you mean 'click'?"),
                              (6, "unknown step 'wait_for_selector' — did you mean 'wait_for'?"),
                              (7, "unknown step 'dblclick' — did you mean 'click'?"),
                              (8, "unknown step 'navigate' — did you mean 'goto'?"),
                              (9, "unknown step 'type_text' — did you mean 'type'?")],
    "bad-regex.yaml": [(5, "is not a valid regular expression")],
    "unknown-role.yaml": [(5, "unknown role 'buton' — did you mean 'button'?")],
    "any-with-nth.yaml": [(5, "`any` lists whole locators; put `nth` inside the alternative")],
    "type-delay-in-milliseconds.yaml": [(5, "the pause between keys is at most 2 s; 100 is read as seconds (2 min) — "
                                            "did you mean 100ms?")],
    "value-without-field.yaml": [(5, "`value` goes with `in`")],
}
HOSTILE = ["billion-laughs.yaml", "deep-nesting.yaml", "recursive-alias.yaml", "nul-byte.yaml"]
ONE_PROBLEM = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<message>\S.*)$")


def validate(*paths: Path):
    return CliRunner().invoke(main, ["validate", *map(str, paths)])


def test_the_corpus_is_the_one_the_table_describes():
    assert sorted(path.name for path in CORPUS.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_malformed_file_is_exit_2_with_file_line_and_column(name):
    path = CORPUS / name
    result = validate(path)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    lines = result.stderr.splitlines()
    problems = [ONE_PROBLEM.match(line) for line in lines]
    assert all(problems), f"not file:line:col: message: {lines}"
    assert [(p["file"], int(p["line"])) for p in problems] == [(str(path), line) for line, _ in EXPECTED[name]]
    for problem, (_, words) in zip(problems, EXPECTED[name]):
        assert words in problem["message"], problem["message"]


def test_a_file_beyond_the_size_limit_is_refused_where_it_passes_it(tmp_path):
    path = tmp_path / "huge.yaml"
    header, line = "name: huge\nstages:\n", "  - {name: a, steps: [back]}\n"
    path.write_text(header + line * (MAX_BYTES // len(line) + 10))
    result = validate(path)
    assert result.exit_code == 2
    expected_line = 2 + (MAX_BYTES - len(header)) // len(line) + 1  # the line holding the first byte too many
    assert result.stderr.startswith(f"{path}:{expected_line}:1: the scenario is larger than 256 kB"), result.stderr


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_file_is_refused_within_a_second_and_a_few_megabytes(name):
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ScenarioError):
        load_scenario(CORPUS / name)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 1.0, f"{elapsed:.2f} s"
    assert peak < 20_000_000, f"{peak / 1e6:.1f} MB"


@pytest.mark.subprocess
def test_the_command_refuses_a_billion_laughs_without_growing(tmp_path):
    """The real command in its own process: one line, exit 2, and the process stays far below 200 MB. The peak is
    the child's own (VmHWM of its memory after exec, written at exit): a spawned child's rusage also counts the
    test process it was forked from."""
    peak = tmp_path / "peak-kb"
    code = ("import atexit, runpy, sys; out = sys.argv.pop(1); atexit.register(lambda: open(out, 'w').write("
            "open('/proc/self/status').read().split('VmHWM:')[1].split()[0])); "
            "runpy.run_module('walkthroughs', run_name='__main__')")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code, str(peak), "validate", str(CORPUS / "billion-laughs.yaml")],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    elapsed = time.monotonic() - started
    stderr = done.stderr
    assert done.returncode == 2, stderr
    assert stderr.splitlines() == [stderr.strip()] and ONE_PROBLEM.match(stderr.strip()) and "Traceback" not in stderr
    assert int(peak.read_text()) * 1024 < 200_000_000, f"{int(peak.read_text()) / 1024:.0f} MB"
    assert elapsed < 30, f"{elapsed:.1f} s"  # the interpreter's start-up; the file itself is refused in milliseconds


def test_merge_keys_work_as_yaml_defines_them(tmp_path):
    path = tmp_path / "merged.yaml"
    path.write_text("name: merged\n"
                    "x-stage: &stage\n"
                    "  name: base\n"
                    "  budget: 5s\n"
                    "  steps: [{goto: /}, {click: {role: link, name: Cart}}]\n"
                    "stages:\n"
                    "  - <<: *stage\n"
                    "    name: cart\n"
                    "  - <<: *stage\n"
                    "    name: cart again\n"
                    "    budget: 8s\n")
    scenario = load_scenario(path, environ={})
    assert [(stage.name, stage.budget) for stage in scenario.stages] == [("cart", 5000), ("cart again", 8000)]
    assert [step.line for step in scenario.stages[1].steps] == [5, 5]  # where the merged steps are written
