from __future__ import annotations

import pytest

from benchmark.timex import is_valid_timex


@pytest.mark.parametrize("value", ["2024", "2024-10", "2024-10-02", "2024-10-11T14:49", "2024-Q4",
                                   "2024-W41", "2024-H1", "2024-SU", "XXXX-06", "XXXX-XX-XX",
                                   "201X", "P3Y", "PT5H", "PRESENT_REF", "PAST_REF", "FUTURE_REF"])
def test_valid(value):
    assert is_valid_timex(value)


@pytest.mark.parametrize("value", ["", "2024-13", "2024-10-32", "24-10", "Juni", "2024-Q5",
                                   "2024-W54", "NOW", None, 2024, "2024-10-02T25:00"])
def test_invalid(value):
    assert not is_valid_timex(value)
