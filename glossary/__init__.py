"""Glossaries that ship with tqa (installed as the `tqa_glossary` package)."""

from importlib import resources


def path(name: str):
    """A shipped glossary file by name, as an importlib.resources Traversable."""
    return resources.files(__name__).joinpath(name)
