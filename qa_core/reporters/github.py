"""GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per
finding, which GitHub shows as an annotation on the pull request's diff.

The command follows the run's `--fail-on`: findings that fail the run are errors,
the others warnings, `info` findings notices. Values are escaped as the workflow
command syntax requires (`%`, CR and LF everywhere; `:` and `,` in properties too).
GitHub shows at most 10 annotations of each kind per step: use SARIF for all of them.

GitHub places an annotation by its `file` relative to the repository's root, not to
the step's working folder: a step with `working-directory: locales` that printed
`file=vi.po` would annotate a `vi.po` at the root, or nothing. So a file is named from
`GITHUB_WORKSPACE` (the checkout, which Actions sets) when it lies there, else by its
path from the project root (qa_core.project: the git work tree when no configuration
file says otherwise), else as displayed. Run at the root, all three are the same.
"""

from __future__ import annotations

import os

from qa_core import hookimpl
from qa_core.findings import Finding
from qa_core.project import ProjectPaths, below
from qa_core.report import Report
from qa_core.reporters import Reporter
from qa_core.reporters.common import level, primary, secondary

_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def repository_path(path: str, paths: ProjectPaths | None = None, workspace: str | None = None) -> str:
    """The path GitHub places an annotation by (see the module's docstring): from
    `workspace` when the file is there, else from the project root of `paths`, else
    `path` as displayed; '/'-separated."""
    if paths is None:
        return path.replace("\\", "/")
    if workspace:
        inside = below(os.path.normpath(os.path.join(paths.folder, path)), os.path.abspath(workspace))
        if inside is not None:
            return inside
    return paths.of(path)


def annotation(finding: Finding, fail_on: str, paths: ProjectPaths | None = None, workspace: str | None = None) -> str:
    """One workflow command for `finding`; `paths` and `workspace` as `repository_path`
    takes them (without `paths`, the path as displayed)."""
    where = primary(finding)
    props = [("file", repository_path(where.path, paths, workspace))]
    if where.line is not None:
        props.append(("line", str(where.line)))
        end_line = where.end_line if where.end_line is not None else where.line
        props.append(("endLine", str(end_line)))
        # GitHub uses columns only for annotations on a single line
        if where.column is not None and end_line == where.line:
            props.append(("col", str(where.column)))
            if where.end_column is not None and where.end_column > where.column:
                props.append(("endColumn", str(where.end_column)))
    props.append(("title", f"{finding.rule_id} {finding.rule_name} ({finding.severity.value})"))
    message = finding.message
    other = secondary(finding)
    if other is not None and other.line is not None and other.end_line is not None and other.end_line > other.line:
        # one annotation has one place: the span of the other side goes in the text
        message += f" [{other.side}: {repository_path(other.path, paths, workspace)} lines {other.line}-{other.end_line}]"
    if finding.location.unit_id:
        message += f" [unit {finding.location.unit_label}]"
    if finding.suggestion:
        message += f"\nSuggestion: {finding.suggestion}"
    command = _COMMAND[level(finding.severity, fail_on)]
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{command} {rendered}::{escape_data(message)}"


class GithubReporter(Reporter):
    name = "github"
    description = "GitHub Actions annotations (::error file=…,line=…::message), error/warning/notice by --fail-on."
    extension = ".txt"

    def render(self, report: Report) -> str:
        paths, workspace = report.project_paths(), os.environ.get("GITHUB_WORKSPACE") or None
        lines = [annotation(finding, report.fail_on, paths, workspace) for finding in report.findings]
        return "".join(line + "\n" for line in lines)


@hookimpl
def tqa_register_reporters():
    return [GithubReporter]
