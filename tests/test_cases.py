"""Every rule's case file: each case's findings must be exactly what it expects."""

from pathlib import Path

import pytest

from qa_core.testing import assert_case, cases

CASES = Path(__file__).parent / "cases"


@pytest.mark.parametrize("case", cases(CASES), ids=str)
def test_case(case):
    assert_case(case)
