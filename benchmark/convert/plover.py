"""Gold documents → PLOVER-style dyadic event records, for political-science users (one way).

One JSON object per event:

``doc_id``, ``event_id``
``event``           the PLOVER category from the ontology mapping (``shared/spec/ontology-v1.md``);
                    where the mapping names several (``AID (072) or COOPERATE (061)``) the first one;
                    ``plover_mapping`` carries the mapping text with its conditions (e.g. ORDER is
                    REQUEST only between states). Types without a category (AUTHORIZATION, MEASURE,
                    ESTABLISH_ORG, PRODUCTION) are left out and counted.
``actor``           the first argument, in annotation order, with an agent-like role (:data:`ACTOR_ROLES`)
``recipient``       the first argument with a target-like role (:data:`RECIPIENT_ROLES`); for the
                    symmetric types (MEETING, AGREEMENT, COOPERATION) the second Participant, Party
                    or Partner
``date``            the TIMEX3 value of the first Time argument (``date_text`` its words)
``place``           the first Place argument
``trigger``         the trigger text; ``eventbench_type`` the EventBench-DE type
``mode``/``context``  PLOVER's own mode and context vocabularies are event-specific; here they carry
                    the event's modality (``ASSERTED``, ``PLANNED``, ``NEGATED``…) and
                    evidentiality (``DIRECT``, ``REPORTED``, ``ALLEGED``); ``change`` as well.

Why one way: a dyadic record keeps two participants and a date as strings, without offsets, without
the other arguments and without the text, so no gold document can be rebuilt from it.

>>> from benchmark.schema import Argument, Document, Event, Span
>>> doc = Document("d", "authored", "CC-BY-4.0", "de", None, None, "Kim traf Putin.",
...     (Event("E1", "MEETING", Span(4, 8, "traf"), (Argument("Participant", Span(0, 3, "Kim")),
...      Argument("Participant", Span(9, 14, "Putin")))),))
>>> rec = document_to_plover(doc, ConversionReport("plover"))[0]
>>> rec["event"], rec["actor"], rec["recipient"]
('CONSULT', 'Kim', 'Putin')
"""

from __future__ import annotations

import re
from typing import Any

from ..ontology import EVENT_TYPES
from ..schema import Document
from .common import ConversionReport, event_where

ACTOR_ROLES = ("Issuer", "Authorizer", "Agent", "Founder", "Participant", "Party", "Partner",
               "Producer", "Supplier", "Deliverer", "Payer", "Sender", "Imposer", "Attacker")
RECIPIENT_ROLES = ("Addressee", "Permittee", "Target", "Recipient", "Payee", "Member")
#: Types whose actor role is symmetric: the second filler is the recipient.
SYMMETRIC_ROLES = {"MEETING": "Participant", "AGREEMENT": "Party", "COOPERATION": "Partner"}


def plover_category(event_type: str) -> str | None:
    """The first PLOVER category named by the ontology mapping of ``event_type``, or None.

    >>> plover_category("EXPORT"), plover_category("PRODUCTION")
    ('AID', None)
    """
    match = re.match(r"[A-Z]{3,}", EVENT_TYPES[event_type].plover)
    return match.group() if match else None


def document_to_plover(doc: Document, report: ConversionReport) -> list[dict[str, Any]]:
    """The dyadic records of one gold document."""
    report.document(doc)
    records = []
    for event in doc.events:
        where = event_where(doc, event)
        category = plover_category(event.type)
        if category is None:
            report.drop("event.no_plover_category", where)
            continue
        actor = next((a for a in event.arguments if a.role in ACTOR_ROLES), None)
        symmetric = SYMMETRIC_ROLES.get(event.type)
        if symmetric:
            fillers = [a for a in event.arguments if a.role == symmetric]
            recipient = fillers[1] if len(fillers) > 1 else None
        else:
            recipient = next((a for a in event.arguments if a.role in RECIPIENT_ROLES), None)
        if actor is None:
            report.drop("event.no_actor", where)
        time = next((a for a in event.arguments if a.role == "Time"), None)
        place = next((a for a in event.arguments if a.role == "Place"), None)
        records.append({
            "doc_id": doc.doc_id,
            "event_id": event.id,
            "event": category,
            "plover_mapping": EVENT_TYPES[event.type].plover,
            "actor": actor.span.text if actor else None,
            "recipient": recipient.span.text if recipient else None,
            "date": time.value if time else None,
            "date_text": time.span.text if time else None,
            "place": place.span.text if place else None,
            "trigger": event.trigger.text,
            "eventbench_type": event.type,
            "mode": event.modality,
            "context": event.evidentiality,
            "change": event.change,
            "dct": doc.dct,
        })
    return records
