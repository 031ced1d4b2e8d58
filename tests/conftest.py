"""Shared fixtures: the project's own test files (tests/data) and the third-party
files in ../shared/data (read in place, never copied; tests skip without them)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from qa_core.formats import ReadOptions
from qa_core.manager import load_plugins
from qa_core.runner import open_document

DATA = Path(__file__).resolve().parent / "data"
SHARED = Path(os.environ.get("TQA_SHARED_DATA") or Path(__file__).resolve().parents[1].parent / "shared" / "data")


@pytest.fixture(scope="session")
def plugins():
    return load_plugins(entry_points=False)


@pytest.fixture(scope="session")
def open_doc(plugins):
    def opener(path, format=None, **options):
        return open_document(str(path), plugins, ReadOptions(**options), format)

    return opener


def shared(*parts: str) -> Path:
    """A folder of ../shared/data, or a skip saying it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data {path} is absent (set TQA_SHARED_DATA or put shared/ beside the repo)")
    return path
