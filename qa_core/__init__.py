"""tqa: translation quality assurance for bilingual files and parallel documents.

Plugin authors need only what this module exports: `hookimpl` to implement hooks,
`Check`, `Rule`, `Severity` and `Option` to declare checks, and the data model.
"""

from __future__ import annotations

__version__ = "0.1.0"

import pluggy

hookimpl = pluggy.HookimplMarker("tqa")

from qa_core.lazy import generated_code as _generated_code  # noqa: E402

# the dataclasses of these modules get their generated methods from code kept by an
# earlier run (qa_core/lazy.py: ~40 ms of compiling at every start-up)
with _generated_code():
    from qa_core.check import Check, CheckContext, Option  # noqa: E402
    from qa_core.errors import ConfigError, InputError, TqaError, UsageError  # noqa: E402
    from qa_core.findings import Finding, Location, SideLocation, Span  # noqa: E402
    from qa_core.formats import Format, ReadOptions  # noqa: E402
    from qa_core.model import (  # noqa: E402
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
    from qa_core.rules import Rule, Severity  # noqa: E402

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
