"""The MQM core typology: the categories a finding may carry, and their ITS 2.0
Localization Quality Issue types for XLIFF write-back.

Categories are written "Dimension/Subtype"; a bare dimension is allowed when no
subtype fits. The names follow the MQM core typology (themqm.org), with "Locale
convention" as the dimension name reviewers use in tqa's reports.
"""

from __future__ import annotations

from qa_core.errors import UsageError

# dimension -> subtypes, each with the ITS 2.0 locQualityIssueType it maps to
TYPOLOGY: dict[str, dict[str, str]] = {
    "Terminology": {
        "": "terminology",
        "Inconsistent with termbase": "terminology",
        "Inconsistent use of terminology": "inconsistency",
        "Wrong term": "terminology",
    },
    "Accuracy": {
        "": "mistranslation",
        "Mistranslation": "mistranslation",
        "Overtranslation": "mistranslation",
        "Undertranslation": "mistranslation",
        "Addition": "addition",
        "Omission": "omission",
        "Do not translate": "non-conformance",
        "Untranslated": "untranslated",
    },
    "Linguistic conventions": {
        "": "grammar",
        "Grammar": "grammar",
        "Punctuation": "typographical",
        "Spelling": "misspelling",
        "Unintelligible": "other",
        "Character encoding": "characters",
        "Textual conventions": "typographical",
    },
    "Style": {
        "": "style",
        "Organizational style": "style",
        "Third-party style": "style",
        "Inconsistent with external reference": "inconsistency",
        "Language register": "register",
        "Awkward style": "style",
        "Unidiomatic style": "style",
        "Inconsistent style": "inconsistency",
    },
    "Locale convention": {
        "": "locale-violation",
        "Number format": "numbers",
        "Currency format": "locale-violation",
        "Measurement format": "locale-violation",
        "Time format": "locale-violation",
        "Date format": "locale-violation",
        "Address format": "locale-violation",
        "Telephone format": "locale-violation",
        "Shortcut key": "locale-violation",
    },
    "Audience appropriateness": {
        "": "locale-specific-content",
        "Culture-specific reference": "locale-specific-content",
        "Offensive": "legal",
    },
    "Design and markup": {
        "": "formatting",
        "Layout": "formatting",
        "Markup tag": "markup",
        "Truncation/text expansion": "length",
        "Missing text": "omission",
        "Link/cross-reference": "other",
    },
    "Other": {
        "": "other",
        "Internal error": "other",
    },
}


def split(category: str) -> tuple[str, str]:
    dimension, _, subtype = category.partition("/")
    return dimension, subtype


def is_category(category: str) -> bool:
    dimension, subtype = split(category)
    return subtype in TYPOLOGY.get(dimension, {})


def validate(category: str) -> str:
    if not is_category(category):
        raise UsageError(f"'category' must be an MQM core category such as 'Accuracy/Omission' (got {category!r})")
    return category


def its_type(category: str) -> str:
    """The ITS 2.0 locQualityIssueType for an MQM category."""
    dimension, subtype = split(category)
    return TYPOLOGY.get(dimension, {}).get(subtype, "other")


def dimensions() -> list[str]:
    return list(TYPOLOGY)


def all_categories() -> list[str]:
    return [f"{d}/{s}" if s else d for d, subs in TYPOLOGY.items() for s in subs]
