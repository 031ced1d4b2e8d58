"""The project root, and each file's path relative to it: what a finding's fingerprint
and a baseline's entries name a file by, whatever folder tqa runs in and however the
path was spelt on the command line.

The root of a run is, in this order:
- the folder of the configuration file tqa found (`tqa.toml`, or `pyproject.toml` with
  a `[tool.tqa]` table, in the working folder or above it) or was given (`--config`);
- else the enclosing git work tree: the nearest folder, from the working folder up,
  that holds `.git` (a folder, or the file of a worktree or a submodule);
- else the working folder.

A file under the root is named by its path from the root, '/'-separated
(`locales/vi.po`, from the root, from `locales/` or from anywhere); a file outside it
keeps the path tqa displays (relative to the working folder, or absolute). When tqa
runs at the root, as CI usually does, that is the displayed path itself: the
fingerprints are those tqa made before it knew of roots.

Reports keep displaying paths relative to the working folder (what a terminal user
clicks); only fingerprints, baseline entries and SARIF's repository-relative URIs use
the project paths. The runner makes the root's paths current while it checks
(`current`), so that every finding made in a run, by any check or plugin, and a
finding remade with `dataclasses.replace`, gets its fingerprint from the project
path of its file; outside a run the displayed path is used, as before.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache


@lru_cache(maxsize=256)
def git_work_tree(folder: str) -> str | None:
    """The nearest folder from `folder` (absolute) up that holds `.git` (a folder, or the
    file a git worktree or submodule has instead), or None. Kept per folder."""
    if os.path.exists(os.path.join(folder, ".git")):
        return folder
    parent = os.path.dirname(folder)
    if parent == folder:
        return None
    return git_work_tree(parent)


def find_root(config_path: str | os.PathLike | None = None, start: str | os.PathLike = ".") -> str:
    """The project root (absolute): the configuration file's folder, else the git work
    tree that holds `start`, else `start` (see the module's docstring)."""
    if config_path:
        return os.path.dirname(os.path.abspath(config_path))
    folder = os.path.abspath(start)
    return git_work_tree(folder) or folder


class ProjectPaths:
    """The project paths of a root, as seen from one working folder: `of(displayed)`
    gives a file's path from the root, or its displayed path for a file outside it (each
    path worked out once)."""

    __slots__ = ("root", "folder", "_known", "_inside", "_real_root")

    def __init__(self, root: str, folder: str) -> None:
        self.folder = folder
        self.root = os.path.normpath(os.path.join(folder, root))
        self._known: dict[str, str] = {}
        self._inside: dict[str, str | None] = {}
        self._real_root: str | None = None

    def of(self, path: str) -> str:
        """The project path of the displayed `path`, or the displayed path ('/'-separated)
        for a file outside the root."""
        known = self._known.get(path)
        if known is None:
            inside = self.inside(path)
            known = self._known[path] = (inside if inside is not None else path).replace("\\", "/")
        return known

    def inside(self, path: str) -> str | None:
        """The path from the root of the displayed `path`, or None outside the root."""
        if path in self._inside:
            return self._inside[path]
        found = self._inside[path] = self._find(path)
        return found

    def _find(self, path: str) -> str | None:
        absolute = os.path.normpath(os.path.join(self.folder, path))
        inside = below(absolute, self.root)
        if inside is None:
            # spelt through a symbolic link (an absolute path written with $PWD, a root
            # found through links): compared once more with both sides resolved
            if self._real_root is None:
                self._real_root = os.path.realpath(self.root)
            inside = below(os.path.realpath(absolute), self._real_root)
        return inside.replace("\\", "/") if inside is not None else None


def below(path: str, root: str) -> str | None:
    """`path` relative to `root`, '/'-separated, or None when it is not below it."""
    try:
        relative = os.path.relpath(path, root)
    except ValueError:  # another drive (Windows)
        return None
    if relative == os.curdir or relative == os.pardir or relative.startswith(os.pardir + os.sep) or os.path.isabs(relative):
        return None
    return relative.replace(os.sep, "/")


@lru_cache(maxsize=32)
def project_paths(root: str, folder: str) -> ProjectPaths:
    """The (shared) `ProjectPaths` of `root` seen from `folder`."""
    return ProjectPaths(root, folder)


#: the project paths current in this thread (`current`): per thread, as a Dask worker
#: runs tasks in several (threading is imported anyway, contextvars would cost an import)
_CURRENT = threading.local()
_CURRENT.paths = None


class current:
    """`with current(root):` makes `root`'s project paths, seen from the working folder,
    the ones findings made in the block take their fingerprints from (the runner, around
    a document's checks, a split file's assembly and the run's cross-file checks); the
    ones current before come back after it."""

    __slots__ = ("paths", "_before")

    def __init__(self, root: str) -> None:
        self.paths = project_paths(root, os.getcwd())

    def __enter__(self) -> ProjectPaths:
        try:
            self._before = _CURRENT.paths
        except AttributeError:  # a thread that has not run a document before
            self._before = None
        _CURRENT.paths = self.paths
        return self.paths

    def __exit__(self, *exc) -> None:
        _CURRENT.paths = self._before


def project_file(path: str) -> str:
    """The project path of a displayed path under the current root (`current`); outside
    a run, the displayed path ('/'-separated)."""
    # (asked for every finding: an attribute read, where getattr with a default costs
    # twice as much, and the path looked up without a call when it is known)
    try:
        paths = _CURRENT.paths
    except AttributeError:  # a thread that has not run a document
        return path.replace("\\", "/")
    if paths is None:
        return path.replace("\\", "/")
    return paths._known.get(path) or paths.of(path)
