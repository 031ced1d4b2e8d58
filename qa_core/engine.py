"""The engine's own plugin: the rules the runner reports under (a check that crashed,
an input the reader tolerated) and the default of `tqa_process_findings`."""

from __future__ import annotations

from qa_core import hookimpl
from qa_core.check import Check
from qa_core.rules import Rule, Severity


class Engine(Check):
    """Problems of the run itself rather than of the translation."""

    name = "engine"
    rules = (
        Rule("TQA001", "check-failed", Severity.MAJOR, "Other/Internal error",
             "A check raised an error on this unit; the run went on without it."),
        Rule("TQA002", "input-warning", Severity.MINOR, "Other",
             "The reader accepted something in the input that the format does not allow."),
        Rule("TQA003", "unit-not-checked", Severity.MAJOR, "Other",
             "A unit over the limits (characters, inline codes) was read but not checked."),
    )


@hookimpl
def tqa_register_checks():
    return [Engine]


@hookimpl(trylast=True)
def tqa_process_findings(document, findings, config):
    return findings
