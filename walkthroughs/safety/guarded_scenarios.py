"""Before a walk: does the scenario say, or let the walk see, where the shopper commits?

A journey that reaches the purchase phase should have a step that places the order (or pays, subscribes) in
that stage or after it: one marked `commit:`, or one whose element the words name (`click: {role: button, name:
Place order}`). Without one, a production walk rests on recognising the button on the page as it goes and on the
network guard, so `validate` warns and `run --environment production` refuses unless told `--allow-unguarded`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from ..scenario import model as m
from ..walk.describe import step_target
from .committing_actions import how_it_acts
from .policy import commit_word_files
from .vocabulary import CommitWordsError, Vocabulary, vocabulary

PURCHASE = "purchase"


@dataclass(frozen=True)
class Unguarded:
    """A purchase-phase stage with no committing step in it or after it, where the file says so."""

    file: str | None
    line: int | None
    column: int | None
    stage: str
    path: str | None  # the scenario's path it is met on; None: the main journey

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.file, self.line, self.column) if part is not None)
        journey = f" on path “{self.path}”" if self.path else ""
        return (f"{where + ': ' if where else ''}stage “{self.stage}” (purchase){journey} and the stages after it have "
                "no step the walk recognises as placing the order, paying or subscribing, and none is marked "
                "`commit: true`; in production that rests on recognising the button on the page")


class UnguardedScenario(InputError):
    """`run` in production of a scenario whose committing step is neither marked nor recognisable."""

    def __init__(self, problems: list[Unguarded]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"{problem} — refused in production: mark the step that commits with "
                                   "`commit: true`, or run with --allow-unguarded" for problem in problems))


def named_commit(step: m._StepBase, words: Vocabulary) -> bool:
    """Whether the scenario itself says the step commits: marked `commit:`, or acting on an element whose words do."""
    if step.commit is not None:
        return True
    target = step_target(step)
    if how_it_acts(step) is None or target is None:
        return False
    texts = [getattr(target, kind) for kind in ("name", *m.LOCATOR_KINDS) if getattr(target, kind) is not None]
    return any(words.name_commits(text) for text in texts)  # a css `#place-order` reads "place order" too


def unguarded(scenario: m.Scenario) -> list[Unguarded]:
    """Every purchase-phase stage (of the main journey and of each path) with no committing step from it on."""
    written = scenario.as_written
    words = words_for(written)
    journeys: list[tuple[str | None, list[tuple[m.Stage, tuple]]]] = [
        (None, [(stage, ("stages", index)) for index, stage in enumerate(written.stages)])]
    known = {stage.name: (stage, ("stages", index)) for index, stage in enumerate(written.stages)}
    for name, path in written.paths.items():
        for index, item in enumerate(path.stages):
            if isinstance(item, m.NewStage):
                known.setdefault(item.stage.name, (item.stage, ("paths", name, "stages", index, "stage")))
    for name, path in written.paths.items():
        walked = []
        for index, item in enumerate(path.stages):
            if isinstance(item, m.NewStage):
                walked.append((item.stage, ("paths", name, "stages", index, "stage")))
            else:
                walked += [known[used] for used in item.use if used in known]
        journeys.append((name, walked))
    found: dict[tuple, Unguarded] = {}
    for path_name, stages in journeys:
        first = next((i for i, (stage, _) in enumerate(stages) if stage.phase == PURCHASE), None)
        if first is None:
            continue
        if any(named_commit(step, words) for stage, _ in stages[first:] for step in stage.steps):
            continue
        stage, at = stages[first]
        if at not in found:
            line, column = _position(written, (*at, "phase"))
            found[at] = Unguarded(str(written.source) if written.source else None, line, column, stage.name, path_name)
    return list(found.values())


def words_for(scenario: m.Scenario) -> Vocabulary:
    """The scenario's words; a commit-words file it names that cannot be read is an error at its `commit_words`."""
    try:
        return vocabulary(commit_word_files(scenario))
    except CommitWordsError as error:
        line, column = _position(scenario.as_written, ("commit_words",))
        source = scenario.as_written.source
        where = ":".join(str(part) for part in (source, line, column) if part is not None)
        raise CommitWordsError(f"{where}: commit_words: {error}" if where else str(error)) from None


def refuse_unguarded(scenarios: list[m.Scenario], environment: str | None) -> None:
    """Raise UnguardedScenario for the production scenarios with an unguarded purchase stage."""
    problems = [problem for scenario in scenarios if (environment or scenario.environment) == "production"
                for problem in unguarded(scenario)]
    if problems:
        raise UnguardedScenario(problems)


def _position(scenario: m.Scenario, path: tuple) -> tuple[int | None, int | None]:
    positions = scenario.positions
    node = positions.value(path) if positions is not None else None
    if node is None:
        return None, None
    return node.start_mark.line + 1, node.start_mark.column + 1
