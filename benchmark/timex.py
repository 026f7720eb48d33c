"""Validation of normalised TIMEX3 values as used by Time arguments.

Accepted forms (``X`` marks an unknown digit):

* calendar dates of growing precision: ``2024``, ``2024-10``, ``2024-10-02``, ``2024-10-02T14:49``,
  decades and centuries as ``201X`` / ``20XX``, unknown years as ``XXXX-06``;
* ``2024-Q4`` (quarter), ``2024-H1`` (half year), ``2024-W41`` (ISO week), ``2024-SU`` (season:
  SP, SU, FA, WI);
* durations ``P3Y``, ``P2M``, ``P6W``, ``P10D``, ``PT5H``, ``PXY`` (a number of units unknown);
* ``PRESENT_REF``, ``PAST_REF``, ``FUTURE_REF``.

>>> is_valid_timex("2024-Q4"), is_valid_timex("XXXX-06"), is_valid_timex("2024-13")
(True, True, False)
"""

from __future__ import annotations

import re

_YEAR = r"(?:\d{4}|\d{3}X|\d{2}XX|XXXX)"
_MONTH = r"(?:0[1-9]|1[0-2]|XX)"
_DAY = r"(?:0[1-9]|[12]\d|3[01]|XX)"
_TIME = r"(?:T(?:[01]\d|2[0-3]):[0-5]\d)"
_PATTERNS = (
    rf"{_YEAR}(?:-{_MONTH}(?:-{_DAY}{_TIME}?)?)?",
    rf"{_YEAR}-Q[1-4X]",
    rf"{_YEAR}-H[12X]",
    rf"{_YEAR}-W(?:0[1-9]|[1-4]\d|5[0-3]|XX)",
    rf"{_YEAR}-(?:SP|SU|FA|WI)",
    r"P(?:\d+(?:\.\d+)?|X)(?:Y|M|W|D)",
    r"PT(?:\d+|X)(?:H|M)",
    r"PRESENT_REF|PAST_REF|FUTURE_REF",
)
_TIMEX = re.compile("|".join(f"(?:{p})" for p in _PATTERNS))

TIMEX_FORMS_HELP = (
    "a TIMEX3 value such as 2024-10-02, 2024-10, 2024, 2024-Q4, 2024-W41, 2024-H1, XXXX-06, "
    "P3Y, PRESENT_REF, PAST_REF or FUTURE_REF"
)


def is_valid_timex(value: object) -> bool:
    """Whether ``value`` is a string in one of the accepted TIMEX3 forms."""
    return isinstance(value, str) and _TIMEX.fullmatch(value) is not None
