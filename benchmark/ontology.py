"""EventBench-DE ontology v1, declared once.

This module is the single machine-readable copy of ``shared/spec/ontology-v1.md``. Everything else
(the annotation checker, the submission validator, the dataset features, the guidelines test) reads
its inventory from here. A change to the inventory is a new ontology version, never an edit of v1.

>>> EVENT_TYPES["EXPORT"].family
'Industry'
>>> allowed_roles("MEETING")
('Participant', 'Time', 'Place')
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

ONTOLOGY_VERSION = "1"

GENERAL_ROLES: tuple[str, ...] = ("Time", "Place")


@dataclass(frozen=True)
class EventType:
    name: str
    family: str
    definition: str
    specific_roles: tuple[str, ...]
    trigger_examples: tuple[str, ...]
    ace2005: str
    plover: str

    @property
    def roles(self) -> tuple[str, ...]:
        """Every role the type takes: its own roles followed by Time and Place."""
        return self.specific_roles + GENERAL_ROLES


_TYPES = (
    EventType(
        "ORDER", "Directive",
        "An authority instructs a subordinate body or person to act (order, decree, directive, "
        "assignment of tasks)",
        ("Issuer", "Addressee", "Directive"),
        ("erlassen", "anordnen", "anweisen", "befehlen", "beauftragen", "auffordern (hierarchical)",
         "zuweisen", "Anordnung", "Befehl", "Weisung", "Dekret", "Erlass"),
        "—", "REQUEST when between states; none inside one state",
    ),
    EventType(
        "AUTHORIZATION", "Directive",
        "An authority permits an action (approval, licence, export permit)",
        ("Authorizer", "Permittee", "Artifact"),
        ("genehmigen", "billigen", "bewilligen", "freigeben", "erlauben", "Genehmigung", "Freigabe",
         "Ausfuhrgenehmigung"),
        "—", "—",
    ),
    EventType(
        "MEASURE", "Directive",
        "An authority adopts or introduces a named programme, emergency measure or policy instrument",
        ("Agent", "Measure", "Target"),
        ("einführen", "ergreifen (Maßnahmen)", "beschließen", "verabschieden", "Notmaßnahmen",
         "Prämienprogramm"),
        "—", "—",
    ),
    EventType(
        "ESTABLISH_ORG", "Directive",
        "A body, commission, working group or organisation is created",
        ("Founder", "Organization", "Member"),
        ("bilden", "gründen", "einrichten", "einsetzen", "Gründung", "Einrichtung"),
        "Business:Start-Org", "—",
    ),
    EventType(
        "MEETING", "Diplomacy",
        "Two or more parties meet, visit each other or hold talks (in person, by phone or video)",
        ("Participant",),
        ("treffen", "zusammenkommen", "besuchen", "empfangen", "verhandeln", "Treffen", "Gipfel",
         "Besuch", "Gespräch", "Verhandlungen"),
        "Contact:Meet", "CONSULT (040–046)",
    ),
    EventType(
        "AGREEMENT", "Diplomacy",
        "Parties conclude, sign, ratify, reject or break a formal agreement",
        ("Party", "Agreement"),
        ("vereinbaren", "unterzeichnen", "sich einigen", "ratifizieren", "aufkündigen", "Abkommen",
         "Vertrag", "Einigung"),
        "—", "SUPPORT (057), AGREE (03x)",
    ),
    EventType(
        "COOPERATION", "Diplomacy",
        "Parties carry out, start or intensify cooperation (military, technological, economic) "
        "without a specific transfer",
        ("Partner",),
        ("zusammenarbeiten", "kooperieren", "Zusammenarbeit", "Kooperation", "Partnerschaft"),
        "—", "COOPERATE (061/062)",
    ),
    EventType(
        "PRODUCTION", "Industry",
        "Manufacture or development of goods or technology, including changes of output or capacity",
        ("Producer", "Artifact", "Quantity", "Facility"),
        ("produzieren", "herstellen", "fertigen", "entwickeln", "Produktion", "Waffenproduktion",
         "Produktionskapazitäten"),
        "— (Rich ERE Manufacture.Artifact)", "—",
    ),
    EventType(
        "EXPORT", "Industry",
        "Transfer of ownership of goods across a border (sale, aid, licence deal), or export policy",
        ("Supplier", "Recipient", "Artifact", "Quantity", "Value"),
        ("exportieren", "ausführen", "verkaufen", "Export", "Ausfuhr", "Waffenexport",
         "Rüstungsexport", "Waffengeschäft"),
        "Transaction:Transfer-Ownership", "AID (072) or COOPERATE (061)",
    ),
    EventType(
        "DELIVERY", "Industry",
        "Physical shipment or arrival of goods at a recipient",
        ("Deliverer", "Recipient", "Artifact", "Quantity", "Origin", "Destination"),
        ("liefern", "ausliefern", "verschiffen", "schicken", "Lieferung", "Munitionslieferungen",
         "Waffenlieferungen"),
        "Movement:Transport", "AID (072)",
    ),
    EventType(
        "PAYMENT", "Industry",
        "Money or funds are paid, granted or obtained",
        ("Payer", "Payee", "Money"),
        ("zahlen", "finanzieren", "überweisen", "Zahlung", "Finanzierung", "Hilfszahlungen"),
        "Transaction:Transfer-Money", "AID (071)",
    ),
    EventType(
        "MOBILIZATION", "Security",
        "Raising readiness or mobilising troops, weapons, industry or resources, short of combat",
        ("Agent", "Resource"),
        ("mobilisieren", "aufrüsten", "einberufen", "Mobilisierung", "Mobilmachung", "Aufrüstung"),
        "—", "MOBILIZE (150–154)",
    ),
    EventType(
        "DEPLOYMENT", "Security",
        "Sending or stationing troops or personnel to another place or country",
        ("Sender", "Personnel", "Origin", "Destination"),
        ("entsenden", "stationieren", "verlegen", "Entsendung", "Stationierung", "Einsatz"),
        "Movement:Transport (persons)", "MOBILIZE (154)",
    ),
    EventType(
        "SANCTION", "Security",
        "Imposing, extending, tightening or lifting sanctions, embargoes or export bans",
        ("Imposer", "Target", "Measure"),
        ("verhängen", "verschärfen", "aufheben", "Sanktionen", "Embargo", "Waffenembargo",
         "Strafmaßnahmen"),
        "—", "SANCTION (16x)",
    ),
    EventType(
        "ATTACK", "Security",
        "Use of armed force: an attack, battle, bombardment or war",
        ("Attacker", "Target", "Instrument"),
        ("angreifen", "beschießen", "bombardieren", "kämpfen", "Angriff", "Krieg", "Luftangriff",
         "Offensive"),
        "Conflict:Attack", "ASSAULT (19x)",
    ),
)

EVENT_TYPES: MappingProxyType[str, EventType] = MappingProxyType({t.name: t for t in _TYPES})
TYPE_NAMES: tuple[str, ...] = tuple(t.name for t in _TYPES)
FAMILIES: tuple[str, ...] = tuple(dict.fromkeys(t.family for t in _TYPES))

#: Every role name of the ontology, in first-use order.
ROLE_NAMES: tuple[str, ...] = tuple(
    dict.fromkeys(role for t in _TYPES for role in t.specific_roles + GENERAL_ROLES)
)

MODALITY: tuple[str, ...] = ("ASSERTED", "PLANNED", "POSSIBLE", "NEGATED", "GENERIC")
EVIDENTIALITY: tuple[str, ...] = ("DIRECT", "REPORTED", "ALLEGED")
CHANGE: tuple[str, ...] = ("NONE", "INCREASE", "DECREASE")

#: Attribute name → allowed values, and the value a missing attribute defaults to.
ATTRIBUTES: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {"modality": MODALITY, "evidentiality": EVIDENTIALITY, "change": CHANGE}
)
ATTRIBUTE_DEFAULTS: MappingProxyType[str, str] = MappingProxyType(
    {"modality": "ASSERTED", "evidentiality": "DIRECT", "change": "NONE"}
)

#: Roles whose argument carries a normalised ``value`` (TIMEX3).
VALUED_ROLES: frozenset[str] = frozenset({"Time"})


def allowed_roles(event_type: str) -> tuple[str, ...]:
    """The roles an event of ``event_type`` may take (raises KeyError for an unknown type)."""
    return EVENT_TYPES[event_type].roles


def as_dict() -> dict:
    """The ontology as plain data (written next to the built dataset)."""
    return {
        "ontology_version": ONTOLOGY_VERSION,
        "event_types": [
            {
                "name": t.name,
                "family": t.family,
                "definition": t.definition,
                "roles": list(t.roles),
                "trigger_examples": list(t.trigger_examples),
                "ace2005": t.ace2005,
                "plover": t.plover,
            }
            for t in _TYPES
        ],
        "attributes": {name: list(values) for name, values in ATTRIBUTES.items()},
        "attribute_defaults": dict(ATTRIBUTE_DEFAULTS),
        "valued_roles": sorted(VALUED_ROLES),
    }
