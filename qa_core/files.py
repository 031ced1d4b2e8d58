"""Writing files whole or not at all, and never over an input.

Every output of every command goes through `output_file` (or `write_output`):
- a regular file (or a new name) is written to a `.tqa-*.part` temporary beside it and
  renamed over it at the end, so a reader never sees half a report and two runs
  writing the same path leave one complete report;
- a symbolic link is followed: its target is replaced that way and the link stays;
- anything else (a pipe, a device such as /dev/stdout or /dev/full, a process
  substitution) is written through, never replaced;
- `-` is standard output;
- a folder, a missing folder, a read-only place or a full disk is a one-line
  `OutputError` naming the path the user gave and what to do.

`refuse_inputs` compares outputs with inputs after resolving links. Temporaries are
kept in a registry and removed on SIGTERM and SIGHUP (the handler chains to the one
it replaces, so it composes with the runner's own handling) and at exit.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import os
import signal
import stat
import sys
import threading
from typing import IO, Iterable, Iterator

from qa_core.errors import TqaError, UsageError


class OutputError(TqaError):
    """An output that cannot be written: names the path the user gave."""

    def __init__(self, path: str, message: str) -> None:
        self.path = str(path)
        self.message = message
        super().__init__(f"{path}: {message}")

    def __reduce__(self):
        return (OutputError, (self.path, self.message))


# ---------------------------------------------------------------------------
# Temporaries: a registry, removed on SIGTERM/SIGHUP and at exit
# ---------------------------------------------------------------------------

_PENDING: set[str] = set()
_LOCK = threading.Lock()
_INSTALLED: dict[int, object] = {}


def _remove_pending() -> None:
    with _LOCK:
        pending = list(_PENDING)
        _PENDING.clear()
    for path in pending:
        with contextlib.suppress(OSError):
            os.unlink(path)


def _on_signal(signum, frame) -> None:
    _remove_pending()
    previous = _INSTALLED.get(signum)
    if callable(previous):
        previous(signum, frame)
        return
    if previous == signal.SIG_IGN:
        return
    # the default action: end the way the signal would have ended us
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _install_handlers() -> None:
    """Chain our cleanup before whatever handles SIGTERM/SIGHUP now (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is None:
            continue
        current = signal.getsignal(number)
        if current is _on_signal:
            continue
        with contextlib.suppress(ValueError, OSError):
            signal.signal(number, _on_signal)
            _INSTALLED[number] = current


atexit.register(_remove_pending)


def pending_temporaries() -> frozenset[str]:
    """The temporaries being written now (for tests and the runner)."""
    with _LOCK:
        return frozenset(_PENDING)


# ---------------------------------------------------------------------------
# Outputs against inputs
# ---------------------------------------------------------------------------


def same_file(a: str, b: str) -> bool:
    """Whether two paths name one file, after resolving links (also for paths that do
    not exist yet: a dangling link to an input is the input)."""
    if not a or not b or a == "-" or b == "-":
        return False
    try:
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.realpath(a) == os.path.realpath(b)


def refuse_inputs(outputs: Iterable[tuple[str, str]], inputs: Iterable[str]) -> None:
    """`outputs` are (option, path) pairs; refuse any that is one of `inputs`, and any
    two outputs that are one file."""
    inputs = [path for path in inputs if path and path != "-"]
    outputs = [(option, path) for option, path in outputs if path and path != "-"]
    for option, path in outputs:
        for source in inputs:
            if same_file(path, source):
                raise UsageError(f"'{option} {path}' is an input ({source}): tqa never overwrites its inputs; choose another file")
    for index, (option, path) in enumerate(outputs):
        for other_option, other in outputs[index + 1 :]:
            if same_file(path, other):
                raise UsageError(f"'{option} {path}' and '{other_option} {other}' are the same file: give each output its own")


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def _explain(path: str, error: OSError) -> OutputError:
    code = error.errno
    if code == errno.ENOSPC or code == errno.EDQUOT:
        return OutputError(path, "cannot write: no space left on the device (free some space or write elsewhere)")
    if code in (errno.EACCES, errno.EPERM):
        return OutputError(path, "cannot write: permission denied (write to a folder you may write to, or fix its permissions)")
    if code == errno.EROFS:
        return OutputError(path, "cannot write: the file system is read-only (write elsewhere)")
    if code == errno.EISDIR:
        return OutputError(path, "is a folder: give a file name for the output")
    if code == errno.ENOENT or code == errno.ENOTDIR:
        return OutputError(path, "cannot write here: the folder does not exist (create it first)")
    if code == errno.EPIPE:
        return OutputError(path, "cannot write: nobody reads the pipe any more")
    reason = (error.strerror or type(error).__name__).replace("\n", " ")
    return OutputError(path, f"cannot write: {reason}")


@contextlib.contextmanager
def output_file(path: str, binary: bool = True) -> Iterator[IO]:
    """A stream for the output `path` (see the module's docstring). Any OSError while
    opening, writing or closing becomes an `OutputError` naming `path`."""
    if path == "-":
        stream = sys.stdout.buffer if binary else sys.stdout
        try:
            yield stream
            stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise _explain("standard output", error) from None
        return
    resolved = os.path.realpath(path)
    try:
        mode = os.stat(resolved).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise _explain(path, error) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(path, "is a folder: give a file name for the output")
    if mode is not None and not stat.S_ISREG(mode):
        # a pipe, a device, a socket: write through, never replace
        try:
            raw = open(resolved, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": "\n"}))
        except OSError as error:
            raise _explain(path, error) from None
        try:
            with raw:
                yield raw
        except OSError as error:
            raise _explain(path, error) from None
        return
    with _atomic(path, resolved, binary, mode) as stream:
        yield stream


@contextlib.contextmanager
def _atomic(path: str, target: str, binary: bool, mode: int | None) -> Iterator[IO]:
    folder = os.path.dirname(target) or "."
    if not os.path.isdir(folder):
        raise OutputError(path, "cannot write here: the folder does not exist (create it first)")
    _install_handlers()
    try:
        import tempfile  # only a report written to a file needs it (its import costs ~3 ms)

        handle, temporary = tempfile.mkstemp(prefix=".tqa-", suffix=".part", dir=folder)
    except OSError as error:
        raise _explain(path, error) from None
    with _LOCK:
        _PENDING.add(temporary)
    try:
        if binary:
            stream = os.fdopen(handle, "wb")
        else:
            stream = os.fdopen(handle, "w", encoding="utf-8", newline="\n")
        try:
            with stream:
                yield stream
            # mkstemp makes the file private (0600); give it the usual mode
            os.chmod(temporary, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
            os.replace(temporary, target)
        except OSError as error:
            raise _explain(path, error) from None
    finally:
        with _LOCK:
            _PENDING.discard(temporary)
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def atomic_file(path: str, binary: bool = True):
    """Kept for the writers that used it: the same as `output_file`."""
    return output_file(path, binary=binary)


def write_output(path: str, content: str | bytes, slice_size: int = 1 << 20) -> None:
    """Write `content` whole to the output `path` (see `output_file`)."""
    with output_file(path, binary=isinstance(content, bytes)) as handle:
        if isinstance(content, str):
            # a slice at a time: writing a 200-MB report whole would encode it whole first
            for start in range(0, len(content), slice_size):
                handle.write(content[start : start + slice_size])
        else:
            handle.write(content)


_UMASK: int | None = None


def _umask() -> int:
    global _UMASK
    if _UMASK is None:
        current = os.umask(0)
        os.umask(current)
        _UMASK = current
    return _UMASK
