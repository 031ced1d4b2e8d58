"""A unit's own placeholder styles answered from the default styles' answer (speed only):
the same placeholders as a search for those styles alone."""

from __future__ import annotations

import pytest

from qa_core.text import FLAG_STYLES, _find_placeholders, placeholders

TEXTS = [
    "%s of %d files",
    "%1.",
    "{url:%E1%BA%A1}",
    "%1. then %s",  # qt's %1 is found only without printf beside it
    "{url:%E1%BA%A1} %s",  # a URL escape inside a brace
    "%name% and %s",
    "{0} and %s",
    "{n, plural, one {%s} other {#}}",
    "%%s %{x} %<a>d",
    "${a} %d {{b}}",
    "100% sure, 50 % off",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("styles", sorted(set(FLAG_STYLES.values()), key=sorted))
@pytest.mark.parametrize("c_format", [False, True])
def test_styles_answer_as_searched_alone(text, styles, c_format):
    placeholders(text)  # the default answer first, as another check would ask
    expected = _find_placeholders(text, c_format=c_format and " " in text, styles=styles)
    got = placeholders(text, c_format=c_format, styles=styles)
    assert got == expected
