"""tqa: translation quality assurance for bilingual files and parallel documents.

Plugin authors need only what this module exports: `hookimpl` to implement hooks,
`Check`, `Rule`, `Severity` and `Option` to declare checks, and the data model.
"""

from __future__ import annotations

__version__ = "0.1.0"

import gc as _gc

# Importing the engine makes ~15,000 objects that live as long as the process and
# little garbage: the cyclic collector, which would look at all of them again at each
# of its collections, is off until these imports are done (as the CLI keeps it off for
# the plugins' imports, qa_core/cli.py)
_collecting = _gc.isenabled()
_gc.disable()
try:
    from qa_core.lazy import generated_code as _generated_code
    from qa_core.lazy import warm_patterns_early as _warm_patterns_early

    # the patterns an earlier run compiled, put in `re`'s cache before these imports
    # compile theirs (qa_core/lazy.py; the CLI records the run's new ones at its end)
    _warm_patterns_early()

    import pluggy

    hookimpl = pluggy.HookimplMarker("tqa")

    # the dataclasses of these modules get their generated methods from code kept by an
    # earlier run (qa_core/lazy.py: ~40 ms of compiling at every start-up)
    with _generated_code():
        from qa_core.check import Check, CheckContext, Option
        from qa_core.errors import ConfigError, InputError, TqaError, UsageError
        from qa_core.findings import Finding, Location, SideLocation, Span
        from qa_core.formats import Format, ReadOptions
        from qa_core.model import (
            Code,
            CodeKind,
            Content,
            Document,
            File,
            Locator,
            Note,
            Position,
            Segment,
            Unit,
        )
        from qa_core.rules import Rule, Severity
finally:
    if _collecting:
        _gc.enable()
    del _collecting

__all__ = [
    "__version__",
    "hookimpl",
    "Check",
    "CheckContext",
    "Code",
    "CodeKind",
    "ConfigError",
    "Content",
    "Document",
    "File",
    "Finding",
    "Format",
    "InputError",
    "Location",
    "Locator",
    "Note",
    "Option",
    "Position",
    "ReadOptions",
    "Rule",
    "Segment",
    "Severity",
    "SideLocation",
    "Span",
    "TqaError",
    "Unit",
    "UsageError",
]
