"""What is installed, read cheaply from the `*.dist-info` folders on `sys.path`.

`importlib.metadata` answers the same questions but costs ~25 ms of a ~0.3 s start-up
(it imports the e-mail parser, csv and zipfile and parses every distribution's
metadata). These helpers read folder names and `entry_points.txt` only; where they
cannot be sure (a zip file or an egg on `sys.path`, an import hook that finds
distributions of its own), they say so and the caller asks `importlib.metadata`.
"""

from __future__ import annotations

import os
import re
import sys
from functools import lru_cache

_SUFFIXES = (".dist-info", ".egg-info")


def _normal(name: str) -> str:
    """PEP 503 normalised project name ('Babel' -> 'babel', 'zope.interface' -> 'zope-interface')."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _folders() -> tuple[tuple[str, ...], bool]:
    """(metadata folders on sys.path in path order, whether the scan saw everything)."""
    import importlib.machinery

    folders, complete = _scan(tuple(sys.path))
    # an import hook that finds distributions of its own: only importlib.metadata asks it
    # (the importlib_metadata backport, which dask's distributed imports, takes over
    # PathFinder's find_distributions with a finder that reads the same sys.path folders)
    others = any(hasattr(finder, "find_distributions") for finder in sys.meta_path
                 if finder is not importlib.machinery.PathFinder and not _backport_path_finder(finder))
    return folders, complete and not others


def _backport_path_finder(finder) -> bool:
    kind = type(finder)
    return kind.__module__ == "importlib_metadata" and kind.__name__ == "MetadataPathFinder"


@lru_cache(maxsize=4)
def _scan(paths: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
    found: list[str] = []
    complete = True
    for entry in paths:
        path = entry or os.getcwd()
        if path.lower().endswith(".egg"):
            complete = False  # an egg keeps its metadata in EGG-INFO: only importlib.metadata reads it
            continue
        try:
            with os.scandir(path) as listing:
                names = sorted(item.name for item in listing if item.name.endswith(_SUFFIXES))
        except NotADirectoryError:
            complete = False  # a zip file on sys.path: only importlib.metadata reads inside it
            continue
        except OSError:
            continue
        found.extend(os.path.join(path, name) for name in names)
    return tuple(found), complete


def version(project: str) -> str | None:
    """The installed version of `project` from its dist-info folder's name, or None."""
    wanted = _normal(project)
    for folder in _folders()[0]:
        stem = os.path.basename(folder).rsplit(".", 1)[0]
        name, _, found = stem.partition("-")
        if found and _normal(name) == wanted:
            return found
    return None


def may_have_entry_points(group: str) -> bool:
    """False only when no installed distribution declares an entry point of `group`
    (then loading them can be skipped); True when one does or the scan cannot tell."""
    folders, complete = _folders()
    if not complete:
        return True
    header = f"[{group}]"
    for folder in folders:
        try:
            with open(os.path.join(folder, "entry_points.txt"), encoding="utf-8", errors="replace") as handle:
                if any(line.strip() == header for line in handle):
                    return True
        except OSError:
            continue
    return False
