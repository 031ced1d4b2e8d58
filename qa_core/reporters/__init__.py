"""Reporters: one class per output format, each rendering the same `Report`."""

from __future__ import annotations

from typing import ClassVar

from qa_core.report import Report


class Reporter:
    """Subclass with a `name` (the `--format` value), a `description` and the usual
    file `extension`; `render` returns the whole output as text (or bytes)."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    extension: ClassVar[str] = ".txt"
    #: names this format accepts in `--report-option NAME=VALUE` (read from `self.options`)
    option_names: ClassVar[tuple[str, ...]] = ()

    def __init__(self, color: bool = False, options: dict | None = None) -> None:
        self.color = color
        self.options = options or {}

    def render(self, report: Report) -> str | bytes:
        raise NotImplementedError
