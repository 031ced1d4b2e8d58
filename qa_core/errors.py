"""Errors that end a run with exit code 2 and a one-line message."""

from __future__ import annotations


def raised_at(error: BaseException) -> str:
    """" (file.py:LINE)" of the innermost frame `error` was raised in, "" without a
    traceback: where a crash of a check or a worker happened, for its one-line message."""
    if error.__traceback__ is None:
        return ""
    import os
    import traceback  # a crash only (traceback imports textwrap and compiles its patterns)

    frame = traceback.extract_tb(error.__traceback__)[-1]
    return f" ({os.path.basename(frame.filename)}:{frame.lineno})"


class TqaError(Exception):
    """Base of errors shown to the user as one line, without a traceback."""

    exit_code = 2


class UsageError(TqaError):
    """A command line or configuration that cannot be acted on."""


class InputError(TqaError):
    """An input that cannot be read: names the file and, where known, the place."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        place = self.path
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        return f"{place}: {self.message}"

    def __reduce__(self):  # keep the fields across worker processes
        return (InputError, (self.path, self.message, self.line, self.column))


class ConfigError(InputError):
    """A configuration or glossary file that is not valid."""

    def __reduce__(self):
        return (ConfigError, (self.path, self.message, self.line, self.column))
