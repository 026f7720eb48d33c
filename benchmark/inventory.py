"""Checks of labels against the ontology, shared by the annotation checker and the validator.

Each check returns a list of :class:`~benchmark.errors.Issue`. Codes are ``<prefix><number>``: the
annotation checker uses prefix ``A`` and the submission validator ``S``, and the same number means
the same problem in both (``A301`` and ``S301`` are both an unknown event type).
"""

from __future__ import annotations

from .errors import Issue, did_you_mean
from .ontology import ATTRIBUTES, EVENT_TYPES, ROLE_NAMES, TYPE_NAMES, VALUED_ROLES
from .timex import TIMEX_FORMS_HELP, is_valid_timex

UNKNOWN_TYPE = "301"
UNKNOWN_ROLE = "302"
ROLE_NOT_ALLOWED = "303"
BAD_ATTRIBUTE = "304"
BAD_TIME_VALUE = "305"
VALUE_NOT_ALLOWED = "306"


def check_type(event_type: object, loc: str, prefix: str) -> list[Issue]:
    if isinstance(event_type, str) and event_type in EVENT_TYPES:
        return []
    return [Issue(prefix + UNKNOWN_TYPE, loc,
                  f"unknown event type {event_type!r}; {did_you_mean(str(event_type), TYPE_NAMES)} "
                  "(types of ontology v1)")]


def check_role(event_type: object, role: object, loc: str, prefix: str) -> list[Issue]:
    if not isinstance(role, str) or role not in ROLE_NAMES:
        allowed = EVENT_TYPES[event_type].roles if event_type in EVENT_TYPES else ROLE_NAMES
        return [Issue(prefix + UNKNOWN_ROLE, loc,
                      f"unknown role {role!r}; {did_you_mean(str(role), allowed)}")]
    if event_type in EVENT_TYPES and role not in EVENT_TYPES[event_type].roles:
        return [Issue(prefix + ROLE_NOT_ALLOWED, loc,
                      f"role {role!r} is not allowed for {event_type}; "
                      f"{event_type} takes {', '.join(EVENT_TYPES[event_type].roles)}")]
    return []


def check_attribute(name: str, value: object, loc: str, prefix: str) -> list[Issue]:
    allowed = ATTRIBUTES[name]
    if isinstance(value, str) and value in allowed:
        return []
    return [Issue(prefix + BAD_ATTRIBUTE, loc,
                  f"bad {name} value {value!r}; {did_you_mean(str(value), allowed)}")]


def check_value(role: object, value: object, loc: str, prefix: str, *, required: bool) -> list[Issue]:
    """A Time argument needs a TIMEX3 value (when ``required``); other roles take none."""
    if role in VALUED_ROLES:
        if value is None and not required:
            return []
        if is_valid_timex(value):
            return []
        got = "no value" if value is None else f"{value!r}"
        return [Issue(prefix + BAD_TIME_VALUE, loc,
                      f"a Time argument needs {TIMEX_FORMS_HELP}; got {got}")]
    if value is not None:
        return [Issue(prefix + VALUE_NOT_ALLOWED, loc,
                      f"only Time arguments carry a value; remove value {value!r} from this "
                      f"{role} argument")]
    return []
