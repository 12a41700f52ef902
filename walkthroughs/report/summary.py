"""The Markdown summary beside the report, for CI logs and GitHub's job summary ($GITHUB_STEP_SUMMARY)."""

from __future__ import annotations

from .view import ReportView

STATUS_MARK = {"passed": "✅", "failed": "❌", "not_reached": "⬜", "running": "⏸", "stopped": "⏹"}
TONE_MARK = {"blocker": "🟥", "major": "🟧", "minor": "🟨", "info": "🟦"}
REPORT_LINE = "Full report: "  # the summary's last line says where the report is
VERDICT_MARK = {"lost": "❌", "checks_failed": "❗", "friction": "⚠️", "smooth": "✅", "interrupted": "⏸", "empty": "⬜"}


def escape(text: str | None) -> str:
    """Text from a shop's pages must not become Markdown or HTML in the summary, nor break a table row."""
    if not text:
        return ""
    text = " ".join(str(text).split())
    for char in "\\`*_[]<>|#!":
        text = text.replace(char, "\\" + char)
    return text


def cell_text(cell) -> str:
    if not cell.reached:
        if cell.status == "stopped":
            return f"{STATUS_MARK['not_reached']} {cell.status_label.lower()}"
        return f"{STATUS_MARK['not_reached']} not reached"
    text = f"{STATUS_MARK.get(cell.status, '')} {cell.duration}"
    if cell.stopped_here:
        text = f"{STATUS_MARK['stopped']} {cell.duration} **{cell.status_label.lower()}**"
    if cell.detour_from:
        text = f"↪ {text} (by a detour)"
    if cell.lost:
        text += " **lost here**"
    if cell.failed_checks:
        text += f" ❗ {cell.failed_checks} check{'s' if cell.failed_checks > 1 else ''} failed"
    if cell.findings:
        text += f" {TONE_MARK.get(cell.tone, '')} {cell.findings_label}"
    if cell.timing_change and cell.timing_change.regression:
        text += f" 🐢 {cell.timing_change.change}"
    return text


def summary_markdown(view: ReportView, report_path: str) -> str:
    lines = [f"## {escape(view.title)}", "", f"{VERDICT_MARK[view.verdict.level]} **{escape(view.verdict.headline)}**", ""]
    for point in view.verdict.lost:
        lines.append(f"- Lost at **{escape(point.stage)}** on {escape(point.devices)}: {escape(point.reason)}")
    for point in view.verdict.checks:
        lines.append(f"- Check failed at **{escape(point.stage)}** on {escape(point.devices)}: {escape(point.reason)}")
    if view.verdict.lost or view.verdict.checks:
        lines.append("")
    lines.append(" · ".join(f"{fact.label}: {escape(fact.value)}" for fact in view.facts))
    for journey_map in view.maps:
        lines += ["", f"### {escape(journey_map.scenario)}", ""]
        lines.append("| Stage | " + " | ".join(f"{escape(r.device)}" + (f" ({r.score})" if r.score else "")
                                               for r in journey_map.rows) + " |")
        lines.append("|---" * (len(journey_map.rows) + 1) + "|")
        for index, column in enumerate(journey_map.columns):
            phase = f" · {escape(column.phase)}" if column.phase else ""
            cells = [cell_text(row.cells[index]) if index < len(row.cells) else "" for row in journey_map.rows]
            lines.append(f"| {escape(column.name)}{phase} | " + " | ".join(cells) + " |")
    if view.top:
        lines += ["", "### Where customers get lost", ""]
        for number, top in enumerate(view.top, 1):
            where = f"{escape(top.stage)} on {escape(top.devices)}" if top.stage else escape(top.devices)
            new = " 🆕" if top.baseline == "new" else ""
            lines.append(f"{number}. **{top.severity_label}**{new} — {escape(top.title)} ({where}): {escape(top.insight)}")
    comparison = view.comparison
    if comparison:
        lines += ["", f"### Compared with run {escape(comparison.baseline_run)}", "",
                  f"{len(comparison.new)} new, {len(comparison.resolved)} resolved, {len(comparison.unchanged)} unchanged "
                  f"findings; {comparison.regressions} stage timing regressions."]
        for change in (t for t in comparison.timings if t.regression):
            lines.append(f"- 🐢 {escape(change.stage)} on {escape(change.device)}: {change.before} → {change.after} "
                         f"({change.change})")
    lines += ["", f"{REPORT_LINE}`{report_path}`", ""]
    return "\n".join(lines)


def with_report_link(summary: str, where: str) -> str:
    """The summary with its report line saying `where` (Markdown) instead of the local path, e.g. in a CI job's
    summary, where the run's folder is not at hand."""
    lines = summary.split("\n")
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].startswith(REPORT_LINE):
            lines[index] = REPORT_LINE + where
            break
    return "\n".join(lines)
