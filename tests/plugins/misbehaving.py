"""A third-party-style plugin used by the tests of interrupted and broken runs: its
check misbehaves on a unit whose source holds a marker word, and records that it
started (a file named by TQA_TEST_MARKS, one line per process) so a test knows when
the workers are busy.

- HANG: loops forever (pure Python); SLEEP: sleeps forever (a blocking call);
- EXIT: raises SystemExit; OSEXIT: calls os._exit; KILL: the process kills itself.
"""

from __future__ import annotations

import os
import signal
import time

from qa_core import Check, Rule, Severity, hookimpl


def _mark(word: str) -> None:
    marks = os.environ.get("TQA_TEST_MARKS")
    if marks:
        with open(marks, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {word}\n")


class Hostile(Check):
    """Misbehaves on marker words (tests the runner's handling of broken plugins)."""

    name = "hostile"
    rules = (Rule("TST901", "hostile-rule", Severity.MINOR, "Other", "Test rule."),)

    def check_unit(self, unit, ctx):
        text = unit.source.text
        if "HANG" in text:
            _mark("HANG")
            while True:
                pass
        if "SLEEP" in text:
            _mark("SLEEP")
            time.sleep(10_000)
        if "EXIT" in text and "OSEXIT" not in text:
            raise SystemExit(0)
        if "OSEXIT" in text:
            os._exit(0)
        if "KILL" in text:
            os.kill(os.getpid(), signal.SIGKILL)
        return ()


@hookimpl
def tqa_register_checks():
    return [Hostile]
