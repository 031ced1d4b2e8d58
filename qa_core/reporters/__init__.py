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

    #: a reporter that can write its output piece by piece overrides `write_to`; tqa then
    #: streams a file output through it instead of rendering the whole text first
    def write_to(self, report: Report, stream) -> None:
        """Write what `render` returns to the binary `stream`, in pieces where the format allows."""
        content = self.render(report)
        stream.write(content if isinstance(content, bytes) else content.encode("utf-8"))

    @classmethod
    def streams(cls) -> bool:
        return cls.write_to is not Reporter.write_to
