"""Glossaries that ship with tqa (installed as the `tqa_glossary` package)."""


def path(name: str):
    """A shipped glossary file by name, as an importlib.resources Traversable."""
    from importlib import resources  # imported here: the terminology check reads this package's folder on every run

    return resources.files(__name__).joinpath(name)
