"""Aligning a document with its translation: paragraphs (or sentences) of the two
sides joined by 1-1, 1-2, 2-1, 2-2, 1-0 and 0-1 links, from a length model
calibrated per language pair and anchors that cross languages. See
docs/alignment.md for the method and its measured quality."""

__all__ = ["AlignOptions", "Alignment", "AnchorKey", "Link", "align"]


def __getattr__(name: str):
    # the aligner (and numpy) load on first use: checks that only need the package's
    # light modules (anchors, lexicon tokens, lengths) keep `tqa check` quick to start
    if name in __all__:
        from qa_core.align import aligner

        return getattr(aligner, name)
    raise AttributeError(f"module 'qa_core.align' has no attribute {name!r}")
