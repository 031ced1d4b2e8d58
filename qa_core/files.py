"""Writing files whole or not at all."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from typing import IO, Iterator

from qa_core.errors import InputError


@contextlib.contextmanager
def atomic_file(path: str, binary: bool = True) -> Iterator[IO]:
    """Open a temporary file beside `path` for writing; on success it replaces
    `path` (keeping the mode of the file it replaces, or the mode a new file would
    get), on any error it is removed and `path` is untouched."""
    target = os.path.abspath(path)
    folder = os.path.dirname(target) or "."
    if not os.path.isdir(folder):
        raise InputError(path, "cannot write here: the folder does not exist")
    handle, temporary = tempfile.mkstemp(prefix=".tqa-", suffix=".part", dir=folder)
    try:
        if binary:
            stream = os.fdopen(handle, "wb")
        else:
            stream = os.fdopen(handle, "w", encoding="utf-8", newline="\n")
        with stream:
            yield stream
        # mkstemp makes the file private (0600); give it the usual mode
        os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode) if os.path.exists(target) else 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
