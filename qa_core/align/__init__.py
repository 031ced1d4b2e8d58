"""Aligning a document with its translation: paragraphs (or sentences) of the two
sides joined by 1-1, 1-2, 2-1, 2-2, 1-0 and 0-1 links, from a length model
calibrated per language pair and anchors that cross languages. See
docs/alignment.md for the method and its measured quality."""

from qa_core.align.aligner import AlignOptions, Alignment, AnchorKey, Link, align

__all__ = ["AlignOptions", "Alignment", "AnchorKey", "Link", "align"]
