"""Selecting 10kGNAD articles for annotation: a transparent keyword score per event type.

Pure logic: no file is opened, nothing is printed. :func:`select_articles` takes the rows of the
10kGNAD test split (``(category, text)`` pairs, row index = position) and returns a
:class:`Selection`; :func:`render_selection_yaml` turns it into the text of
``annotations/selection.yaml``; the ``eventbench select`` command does the reading and writing.
The method is documented in ``annotations/SELECTION.md``.

How an article is scored:

* :data:`EVENT_LEXICON` lists, for each of the 15 event types, German stems and regular expressions
  with a weight: 3 = a clear in-domain trigger (``Luftangriff``, ``Sanktionen``, ``entsenden``),
  2 = a usual trigger that is sometimes used outside the domain (``Angriff``, ``Treffen``,
  ``Abkommen``), 1 = a weak or ambiguous one (``liefern``, ``zahlen``, ``Vertrag``).
* :data:`CONTEXT_TERMS` are domain signals that are not triggers (``Armee``, ``NATO``, ``Panzer``,
  ``IS``, ``Syrien``…), weight 1 each.
* Inside one type (and inside the context group) overlapping matches are resolved once: the
  heavier term wins, so ``Waffenlieferungen`` is one DELIVERY hit, not two. Different types may
  share a span (``Ausfuhrgenehmigung`` is AUTHORIZATION and EXPORT).
* ``hits[type]`` is the number of matches of the type; the score adds ``weight × min(count,
  term_cap)`` over all terms, so one word repeated twenty times cannot carry an article.

>>> s = score_text("Die Luftangriffe auf Aleppo gingen weiter; die Armee entsandte Truppen.")
>>> s.hits["ATTACK"], s.hits["DEPLOYMENT"], s.score  # 3 + 3 + context Aleppo, Armee, Truppen
(1, 1, 9)
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import NamedTuple

from .errors import BenchmarkError
from .ontology import TYPE_NAMES
from .sources import nfc, text_sha256

SELECTION_VERSION = 1
LEXICON_VERSION = 1

EVENT_RICH = "event-rich"
CONTROL = "control"
GROUPS = (EVENT_RICH, CONTROL)
MAIN_CATEGORIES: tuple[str, ...] = ("International", "Inland", "Wirtschaft")
OTHER_TOPIC = "other"


@dataclass(frozen=True)
class Term:
    """One lexicon entry: a human-readable label, a regular expression and its weight."""

    label: str
    pattern: str
    weight: int
    case_sensitive: bool = False
    regex: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        flags = 0 if self.case_sensitive else re.IGNORECASE
        object.__setattr__(self, "regex", re.compile(self.pattern, flags))


def _terms(*entries: tuple) -> tuple[Term, ...]:
    return tuple(Term(*entry) for entry in entries)


# fmt: off
#: Trigger lexicon per event type (ontology order). Patterns without a leading ``\b`` also match
#: inside compounds (``Waffenlieferung``, ``EU-Gipfel``); ``(?<!…)`` excludes look-alikes.
EVENT_LEXICON: Mapping[str, tuple[Term, ...]] = MappingProxyType({
    "ORDER": _terms(
        ("Dekret", r"dekret\w*", 3),
        ("Befehl/befehlen", r"befehl(?:e|en|es|s|igt|igte|igten)?\b|\bbef(?:ahl|ahlen|ohlen)\b", 2),
        ("anordnen/Anordnung", r"\b(?:anordn(?:en|et|ete|eten|ung|ungen)|angeordnet)\b", 2),
        ("Weisung/Anweisung", r"\ban?weisung(?:en)?\b", 2),
        ("Erlass/erlassen", r"\berl(?:ass|asse|asses|assen|ässt|ieß|ießen)\b", 1),
        ("beauftragen", r"\bbeauftrag(?:en|t|te|ten|ung)\b", 1),
        ("aufgefordert", r"\b(?:aufgefordert|aufforderung(?:en)?)\b", 1),
        ("Verordnung", r"\bverordnung(?:en)?\b", 1),
        ("zuweisen", r"\b(?:zugewiesen|zuweis(?:en|ung))\b", 1),
    ),
    "AUTHORIZATION": _terms(
        ("Ausfuhr-/Exportgenehmigung",
         r"(?:ausfuhr|export|lizenz)genehmigung\w*|(?:export|ausfuhr)lizenz\w*", 3),
        ("genehmigen/Genehmigung", r"genehmig\w*", 2),
        ("bewilligen", r"bewillig\w*", 2),
        ("billigen", r"\b(?:gebilligt|billigte|billigten|billigung)\b", 2),
        ("Freigabe/freigeben", r"\b(?:freigabe|freigegeben|freigeben)\b", 2),
        ("erlauben", r"\b(?:erlaub(?:t|te|ten|en)|erlaubnis)\b", 1),
        ("zustimmen", r"\b(?:zugestimmt|zustimm(?:en|t|te|ten|ung))\b", 1),
    ),
    "MEASURE": _terms(
        ("Notstand/Notmaßnahmen",
         r"notmaßnahme\w*|notstand\w*|ausnahmezustand\w*|notverordnung\w*", 3),
        ("Grenzkontrollen/Grenzzaun/Obergrenze",
         r"grenzkontrolle\w*|grenzzaun\w*|\bobergrenze\w*|grenzmanagement\w*", 2),
        ("Hilfs-/Sicherheitspaket",
         r"(?:hilfs|konjunktur|spar|reform|sicherheits|asyl|anti-terror)paket\w*", 2),
        ("Maßnahme", r"\bmaßnahme(?:n|npaket\w*)?\b", 1),
        ("beschließen/Beschluss",
         r"\b(?:beschließ(?:en|t)|beschloss(?:en)?|beschluss|beschlüsse)\b", 1),
        ("verabschieden", r"\b(?:verabschiedet|verabschieden)\b", 1),
        ("einführen", r"\b(?:eingeführt|einführen|einführung)\b", 1),
        ("ergreifen", r"\b(?:ergriffen|ergreif(?:en|t)|ergriff)\b", 1),
    ),
    "ESTABLISH_ORG": _terms(
        ("ins Leben rufen", r"ins\s+leben\s+(?:gerufen|rufen)", 2),
        ("Gründung", r"gründung\w*", 2),
        ("gründen", r"\b(?:gegründet|gründete|gründeten|gründet|gründen)\b", 2, True),
        ("einrichten", r"\b(?:eingerichtet|einricht(?:en|ung))\b", 1),
        ("Kommission/Arbeitsgruppe",
         r"\b(?:untersuchungsausschuss|untersuchungskommission|sonderkommission|arbeitsgruppe"
         r"|taskforce|expertenkommission)\w*", 1),
        ("bilden/Regierungsbildung", r"regierungsbildung|\bgebildet\b|\bbildet(?:e|en)?\b", 1),
    ),
    "MEETING": _terms(
        ("Gipfel", r"gipfel\w*", 3),
        ("Treffen", r"(?<!be)(?<!zu)(?<!über)(?<!ein)(?<!an)(?<!auf)(?<!ge)treffen\b", 2),
        ("Besuch", r"(?:\b|staats|arbeits|antritts|truppen)besuch(?:e|en|es|s|t|te|ten)?\b", 2),
        ("Verhandlungen", r"verhandl\w*|\bverhandel\w*", 2),
        ("Konferenz", r"(?<!presse)konferenz\w*", 2),
        ("telefonieren", r"\btelefon(?:at|ate|aten|iert|ierte|ierten|ieren|gespräch\w*)\b", 2),
        ("zusammenkommen", r"\b(?:zusammengekommen|zusammenkommen|zusammenkunft)\b", 2),
        ("traf/getroffen", r"\b(?:traf|trafen|trifft|getroffen)\b", 1),
        ("empfangen", r"\b(?:empfang(?:en)?|empfing|empfingen|empfängt)\b", 1),
        ("Gespräch", r"gespräch(?:e|en|s)?\b", 1),
        ("Beratungen", r"\bberatungen\b", 1),
        ("Sitzung", r"(?:\b|sonder|krisen|dringlichkeits)sitzung\w*", 1),
    ),
    "AGREEMENT": _terms(
        ("Abkommen", r"abkommen\w*", 3),
        ("Waffenstillstand/Waffenruhe", r"waffenstillstand\w*|waffenruhe\w*|feuerpause\w*", 3),
        ("ratifizieren", r"ratifizier\w*", 3),
        ("unterzeichnen", r"unterzeichn\w*|\bunterschrieb(?:en)?\b|\bunterschreiben\b", 2),
        ("vereinbaren", r"\bvereinbar(?:t|te|ten|en|ung|ungen)\b", 2),
        ("sich einigen/Einigung",
         r"\b(?:geeinigt|einigt|einigte|einigten)\b|einigung(?:en)?\b", 2),
        ("aufkündigen", r"aufgekündigt|aufkündig\w*", 2),
        ("Vertrag", r"vertr(?:ag|äge|ages|ags|ägen)\b", 1),
        ("Deal", r"\bdeal\b", 1),
    ),
    "COOPERATION": _terms(
        ("Zusammenarbeit", r"zusammenarbeit\w*|\bzusammengearbeitet\b", 2),
        ("Kooperation", r"kooperation\w*|\bkooperier\w*", 2),
        ("Ausbildungsmission", r"ausbildungsmission\w*", 2),
        ("Partnerschaft", r"partnerschaft\w*", 1),
        ("Bündnis/Allianz", r"\bbündnis\w*|\ballianz\w*", 1),
    ),
    "PRODUCTION": _terms(
        ("Rüstungs-/Waffenproduktion",
         r"(?:rüstungs|waffen|munitions|panzer)(?:produktion|herstellung|fabrik|werk)\w*"
         r"|rüstungs(?:industrie|konzern|firm|unternehm|schmiede)\w*|waffenschmiede\w*", 3),
        ("produzieren/Produktion", r"produktion\w*|\bproduzier\w*", 1),
        ("herstellen", r"\b(?:hergestellt|herstell(?:en|t|te|ten|ung))\b", 1),
        ("fertigen", r"\b(?:gefertigt|fertigung\w*)", 1),
        ("entwickeln", r"\b(?:entwickelt|entwickeln|entwickelte|entwickelten)\b", 1),
        ("Atom-/Raketenprogramm", r"(?:atom|raketen|nuklear)programm\w*|urananreicherung\w*", 1),
    ),
    "EXPORT": _terms(
        ("Waffen-/Rüstungsexport",
         r"(?:waffen|rüstungs|kriegsmaterial)(?:export|ausfuhr|geschäft|deal|handel|verkauf|verkäuf)"
         r"\w*|kriegsmaterial\w*|rüstungsgüter\w*", 3),
        ("Militärhilfe", r"militärhilfe\w*|waffenhilfe\w*", 2),
        ("Export/Ausfuhr", r"export\w*|ausfuhr\w*", 1),
        ("verkaufen", r"\b(?:verkauf(?:en|t|te|ten)?|verkäufe)\b", 1),
        ("Beschaffung", r"beschaffung\w*", 1),
    ),
    "DELIVERY": _terms(
        ("Waffen-/Munitionslieferung", r"(?:waffen|munitions|rüstungs|panzer|raketen)lieferung\w*", 3),
        ("Hilfs-/Gaslieferung",
         r"(?:hilfs|gas|öl|strom)lieferung\w*|hilfsgüter\w*|hilfskonvoi\w*|luftbrücke\w*", 2),
        ("verschiffen", r"verschiff\w*", 2),
        ("liefern/Lieferung",
         r"(?<!zu)(?<!über)liefer(?:t|te|ten|n|ung|ungen)\b|\bausliefer\w*", 1),
    ),
    "PAYMENT": _terms(
        ("Finanzhilfe/Hilfsgelder",
         r"(?:finanz|wirtschafts)hilfe\w*|hilfsgeld\w*|hilfsmilliarde\w*|milliardenhilfe\w*", 2),
        ("Lösegeld", r"lösegeld\w*", 2),
        ("zahlen (verb)",
         r"\b(?:zahlt|zahlte|zahlten|zahlen|zahle|gezahlt|bezahlt|bezahlen|bezahlte)\b", 1, True),
        ("Zahlung", r"zahlung(?:en)?\b", 1),
        ("finanzieren", r"finanzier(?:en|t|te|ten|ung|ungen)\b", 1),
        ("überweisen", r"\büberw(?:ies|iesen|eisen|eist|eisung\w*)\b", 1),
        ("Kredit", r"\bkredit(?:e|en|s)?\b", 1),
    ),
    "MOBILIZATION": _terms(
        ("mobilisieren/Mobilmachung", r"mobilisier\w*|mobilmachung\w*", 3),
        ("aufrüsten", r"aufrüst\w*|aufgerüstet", 3),
        ("rekrutieren", r"rekrutier\w*", 2),
        ("Manöver/Militärübung", r"manöver\w*|militärübung\w*|truppenübung\w*|großübung\w*", 2),
        ("Alarm-/Kampfbereitschaft",
         r"alarmbereitschaft|kampfbereitschaft|einsatzbereitschaft|\bin\s+bereitschaft", 2),
        ("Militär-/Verteidigungsbudget",
         r"(?:militär|verteidigungs|rüstungs|wehr|heeres)(?:budget|ausgaben|etat|haushalt)\w*", 2),
        ("einberufen", r"\beinberuf\w*", 1),
        ("Reservisten/Wehrpflicht", r"reservist\w*|wehrpflicht\w*", 1),
        ("aufstocken", r"\baufgestockt\b|\baufstock\w*|truppenverstärkung\w*", 1),
    ),
    "DEPLOYMENT": _terms(
        ("entsenden", r"entsend\w*|entsandt\w*", 3),
        ("stationieren", r"stationier\w*", 3),
        ("Truppenverlegung", r"truppenverlegung\w*", 3),
        ("Militär-/Auslandseinsatz",
         r"(?:militär|bundesheer|auslands|assistenz|kampf|boden|friedens|grenz|heeres|marine"
         r"|nato-|un-|uno-)eins(?:atz|ätze)\w*", 3),
        ("Soldaten schicken",
         r"\b(?:schick|sand|send)\w*\s+(?:\w+\s+){0,3}(?:soldaten|truppen|kampfjets|kriegsschiffe"
         r"|einheiten|bodentruppen|militärberater)\b"
         r"|\b(?:soldaten|truppen|einheiten|bodentruppen)\s+(?:\w+\s+){0,4}"
         r"(?:geschickt|gesandt|verlegt)\b", 2),
        ("Einsatz", r"\beins(?:atz|ätze)\w*", 1),
        ("verlegen", r"\bverleg(?:t|te|ten|en|ung)\b", 1),
        ("Abzug", r"truppenabzug\w*|\babzug\b", 1),
    ),
    "SANCTION": _terms(
        ("Sanktionen", r"sanktion\w*", 3),
        ("Embargo", r"embargo\w*", 3),
        ("Strafmaßnahmen", r"strafmaßnahme\w*", 3),
        ("Export-/Einreiseverbot/Strafzoll",
         r"(?:export|ausfuhr|einfuhr|import|einreise|handels|überflug)(?:verbot|stopp)\w*"
         r"|strafzöll\w*|strafzoll\w*", 2),
        ("einfrieren (Konten)", r"eingefroren|einfrier\w*|kontensperr\w*|vermögenssperr\w*", 2),
        ("verhängen", r"\bverh(?:ängt|ängte|ängten|ängen|ängung)\b", 1),
    ),
    "ATTACK": _terms(
        ("Luftangriff/Bombardement",
         r"luftangriff\w*|luftschl(?:ag|äge)\w*|bombardier\w*|bombardement\w*"
         r"|(?:bomben|raketen|drohnen|mörser|artillerie|selbstmord|terror|sprengstoff)"
         r"(?:angriff|anschlag|anschläge)\w*|(?:militär|vergeltungs)schl(?:ag|äge)\w*"
         r"|militäroperation\w*|militäraktion\w*", 3),
        ("beschießen/Beschuss", r"beschuss\w*|beschoss\w*|beschieß\w*", 3),
        ("Gefecht", r"gefecht\w*", 3),
        ("Angriff/angreifen", r"angriff\w*|angegriffen|\bangreif\w*", 2),
        ("Anschlag", r"anschl(?:ag|äge|ägen|ages|ags)\b", 2),
        ("Krieg", r"krieg(?:e|es|s|en|sführung|sparteien|szustand)?\b", 2),
        ("kämpfen/Kämpfe",
         r"\b(?:kämpfe|kämpfen|kämpft|kämpften|gekämpft)\b|kampfhandlung\w*"
         r"|(?:straßen|häuser|boden)kämpfe\w*", 2),
        ("Offensive", r"offensive\w*", 2),
        ("Invasion/Einmarsch/Eroberung", r"invasion\w*|einmarsch\w*|erober\w*", 2),
        ("töten", r"\b(?:getötet|tötet\w*|töteten)\b", 1),
        ("Schlacht", r"(?:\b|feld)schlacht\b", 1),
        ("Bombe/Sprengsatz", r"\bbomben?\b|autobombe\w*|sprengsatz\w*|sprengs[äa]tze\w*", 1),
    ),
})

#: Domain signals that are not triggers of one type (weight 1 each, same per-term cap).
CONTEXT_TERMS: tuple[Term, ...] = _terms(
    ("Militär", r"militär\w*", 1),
    ("Armee/Streitkräfte", r"armee\w*|streitkr(?:aft|äfte)\w*|luftwaffe\w*|\bmarine\b", 1),
    ("Soldaten/Truppen", r"soldat\w*|truppe\w*", 1),
    ("Bundesheer/Bundeswehr", r"bundesheer\w*|bundeswehr\w*", 1),
    ("NATO", r"\bnato\w*", 1),
    ("Waffe", r"waffe\w*", 1),
    ("Rüstung", r"rüstung\w*", 1),
    ("Panzer", r"panzer\w*", 1),
    ("Munition", r"munition\w*", 1),
    ("Kampfjet/Eurofighter",
     r"kampfjet\w*|kampfflugzeug\w*|eurofighter\w*|abfangjäger\w*|hubschrauber\w*", 1),
    ("Rakete/Drohne/Flugabwehr", r"rakete\w*|drohne\w*|flugabwehr\w*|luftabwehr\w*", 1),
    ("Kriegsschiff", r"kriegsschiff\w*|flugzeugträger\w*|fregatte\w*|u-boot\w*", 1),
    ("Miliz/Rebellen", r"miliz\w*|rebell\w*|aufständisch\w*|separatist\w*", 1),
    ("Kämpfer/Dschihadisten", r"kämpfer\w*|dschihad\w*|terrormiliz\w*|terrorist\w*", 1),
    ("IS/Islamischer Staat",
     r"\bIS\b|\bISIS\b|\bDaesh\b|[Ii]slamische[nrs]?\s+Staat\w*", 1, True),
    ("Taliban/Hisbollah/Hamas/PKK/Huthi/Al-Kaida",
     r"taliban|hisbollah|\bhamas\b|\bpkk\b|huthi\w*|houthi\w*|al-kaida|al-qaida|nusra"
     r"|boko\s+haram|schabab", 1),
    ("UNO/Sicherheitsrat", r"sicherheitsrat\w*|\buno\b|vereinte\w*\s+nationen|blauhelm\w*|\bosze\b", 1),
    ("Verteidigung", r"verteidigung\w*", 1),
    ("Außenminister/Diplomatie", r"außenminist\w*|diplomat\w*|botschafter\w*", 1),
    ("Konfliktregion",
     r"syrien\w*|syrisch\w*|\birak\w*|ukrain\w*|\bjemen\w*|\biran\b|\birans\b|iranisch\w*"
     r"|teheran|afghanistan\w*|libyen\w*|nordkorea\w*|donbass|donezk|luhansk|\bkrim\b|aleppo"
     r"|damaskus|mossul|\brakka\b|palmyra", 1),
)

#: Topics for ordering the list (not for scoring): an article's topic is the one with most matches.
TOPICS: Mapping[str, tuple[Term, ...]] = MappingProxyType({
    "syria-iraq-is": _terms(
        ("Syrien/Irak", r"syrien\w*|syrisch\w*|\birak\w*|assad\w*|aleppo|damaskus|mossul"
                        r"|\brakka\b|palmyra|kurd\w*", 1),
        ("IS", r"\bIS\b|\bISIS\b|[Ii]slamische[nrs]?\s+Staat\w*", 1, True),
    ),
    "ukraine-russia": _terms(
        ("Ukraine/Russland", r"ukrain\w*|kiew\w*|donbass|donezk\w*|luhansk\w*|\bkrim\b"
                             r"|russland\w*|russisch\w*|moskau\w*|kreml\w*|putin\w*", 1),
    ),
    "iran": _terms(("Iran", r"\biran\w*|teheran\w*|atomabkommen\w*|atomprogramm\w*|atomstreit", 1),),
    "yemen-gulf": _terms(("Jemen/Golf", r"jemen\w*|saudi\w*|\briad\b|huthi\w*|houthi\w*|katar\w*", 1),),
    "israel-palestine": _terms(
        ("Israel/Palästina", r"israel\w*|\bgaza\w*|palästin\w*|\bhamas\b|westjordanland", 1),
    ),
    "turkey-kurds": _terms(("Türkei", r"türkei|türkisch\w*|ankara|erdo[gğ]an\w*|\bpkk\b", 1),),
    "other-conflicts": _terms(
        ("andere Konflikte", r"afghanistan\w*|taliban|libyen\w*|\bmali\b|nigeria\w*|boko\s+haram"
                             r"|somalia\w*|nordkorea\w*|pjöngjang|sudan\w*", 1),
    ),
    "austria-defence": _terms(
        ("Bundesheer", r"bundesheer\w*|eurofighter\w*|verteidigungsminist\w*|doskozil"
                       r"|neutralität\w*|assistenzeinsatz\w*", 1),
    ),
    "migration-borders": _terms(
        ("Flucht/Grenzen", r"flüchtling\w*|\basyl\w*|grenzkontroll\w*|grenzzaun\w*|schengen\w*"
                           r"|migrant\w*|balkanroute", 1),
    ),
    "eu-nato-diplomacy": _terms(
        ("EU/NATO/UNO", r"\beu\b|\beu-\w*|\bnato\w*|brüssel|\buno\b|sicherheitsrat\w*", 1),
    ),
    "economy-trade": _terms(
        ("Wirtschaft/Handel", r"\bttip\b|freihandel\w*|griechenland|griechisch\w*|eurozone"
                              r"|euro-zone|eurogruppe|\bzoll\w*|\bzöll\w*", 1),
    ),
})
# fmt: on


@dataclass(frozen=True)
class ArticleScore:
    """The keyword evidence of one article (computed on its NFC text)."""

    score: int
    hits: Mapping[str, int] = field(hash=False)  # every type of the ontology, in ontology order
    context_hits: int
    topic: str
    terms: tuple[tuple[str, int], ...]  # (term label, matches), lexicon order, matched terms only


@dataclass(frozen=True)
class SelectionParams:
    """Everything that determines a selection; written into the header of the selection file."""

    n: int = 200
    control: int = 20
    seed: int = 2026
    min_chars: int = 400
    max_chars: int = 5000
    term_cap: int = 5
    main_categories: tuple[str, ...] = MAIN_CATEGORIES
    other_quantile: float = 0.9
    control_quantile: float = 0.25

    def problems(self) -> list[str]:
        found = []
        if self.n < 1:
            found.append(f"n must be at least 1; got {self.n}")
        if self.control < 0:
            found.append(f"control must be 0 or more; got {self.control}")
        if not 0 <= self.min_chars < self.max_chars:
            found.append(f"need 0 ≤ min_chars < max_chars; got {self.min_chars} and "
                         f"{self.max_chars}")
        if self.term_cap < 1:
            found.append(f"term_cap must be at least 1; got {self.term_cap}")
        for name in ("other_quantile", "control_quantile"):
            value = getattr(self, name)
            if not 0 < value <= 1:
                found.append(f"{name} must be in (0, 1]; got {value}")
        if not self.main_categories:
            found.append("main_categories must name at least one category")
        return found


@dataclass(frozen=True)
class SelectedArticle:
    """One article of the selection. Carries no text of the article, only its checksum."""

    row: int
    category: str
    group: str  # "event-rich" | "control"
    topic: str
    score: int
    chars: int
    hits: Mapping[str, int] = field(hash=False)  # types with at least one hit, ontology order
    context_hits: int
    text_sha256: str
    reason: str

    @property
    def doc_id(self) -> str:
        """The document id the annotation will use (``annotations/FORMAT.md``: gnad-0123)."""
        return gnad_doc_id(self.row)


@dataclass(frozen=True)
class Selection:
    params: SelectionParams
    articles: tuple[SelectedArticle, ...]  # in annotation order (see :func:`interleave`)
    rows_total: int
    eligible: int  # main-category articles within the length bounds
    other_min_score: int  # score an article of another category needs to compete
    control_max_score: int  # control articles score at most this


def gnad_doc_id(row: int) -> str:
    """The doc_id of a 10kGNAD row.

    >>> gnad_doc_id(7)
    'gnad-0007'
    """
    return f"gnad-{row:04d}"


def _count(terms: Sequence[Term], text: str) -> Counter:
    """Matches per term label; overlapping matches inside this group go to the heavier term."""
    found = []
    for order, term in enumerate(terms):
        for match in term.regex.finditer(text):
            if match.end() > match.start():
                found.append((-term.weight, order, match.start(), match.end(), term.label))
    found.sort()
    taken: list[tuple[int, int]] = []
    counts: Counter = Counter()
    for _, _, start, end, label in found:
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        counts[label] += 1
    return counts


def score_text(text: str, *, term_cap: int = SelectionParams.term_cap) -> ArticleScore:
    """Score one text with :data:`EVENT_LEXICON` and :data:`CONTEXT_TERMS` (NFC applied here).

    >>> score_text("Das Wetter bleibt sonnig.").score
    0
    >>> score_text("EU verlängert Sanktionen; Gipfel in Brüssel.").hits["SANCTION"]
    1
    """
    text = nfc(text)
    score = 0
    hits: dict[str, int] = {}
    terms: list[tuple[str, int]] = []
    for type_name in TYPE_NAMES:
        lexicon = EVENT_LEXICON[type_name]
        counts = _count(lexicon, text)
        hits[type_name] = sum(counts.values())
        for term in lexicon:
            if counts[term.label]:
                score += term.weight * min(counts[term.label], term_cap)
                terms.append((f"{type_name}:{term.label}", counts[term.label]))
    context = _count(CONTEXT_TERMS, text)
    for term in CONTEXT_TERMS:
        if context[term.label]:
            score += term.weight * min(context[term.label], term_cap)
            terms.append((f"CONTEXT:{term.label}", context[term.label]))
    return ArticleScore(score, MappingProxyType(hits), sum(context.values()), topic_of(text),
                        tuple(terms))


def topic_of(text: str) -> str:
    """The topic with most matches in :data:`TOPICS` (ties: the earlier topic), else ``other``.

    >>> topic_of("Kiew und Moskau streiten über die Krim.")
    'ukraine-russia'
    """
    best, best_count = OTHER_TOPIC, 0
    for topic, terms in TOPICS.items():
        count = sum(len(term.regex.findall(text)) for term in terms)
        if count > best_count:
            best, best_count = topic, count
    return best


def nearest_rank(values: Sequence[int], q: float) -> int:
    """The nearest-rank quantile: the smallest value with at least ``q`` of the values ≤ it.

    >>> nearest_rank([1, 2, 3, 4], 0.25), nearest_rank([1, 2, 3, 4], 0.9)
    (1, 4)
    """
    ordered = sorted(values)
    index = math.ceil(round(q * len(ordered), 9)) - 1
    return ordered[min(max(index, 0), len(ordered) - 1)]


def _top_types(hits: Mapping[str, int], k: int = 3) -> str:
    ranked = sorted(((-count, TYPE_NAMES.index(t), t) for t, count in hits.items() if count))
    return ", ".join(f"{t} {-c}" for c, _, t in ranked[:k]) or "no type hit"


def select_articles(rows: Sequence[tuple[str, str]],
                    params: SelectionParams = SelectionParams()) -> Selection:
    """Choose the event-rich articles and the control articles, in annotation order.

    Event-rich: among articles of ``main_categories`` (and of other categories whose score reaches
    the ``other_quantile`` of the main-category scores) with ``min_chars ≤ chars ≤ max_chars``,
    the ``n`` highest scores; ties go to the shorter article, then to the lower row. Control:
    ``control`` articles drawn with ``random.Random(seed)`` from the eligible main-category
    articles scoring at most the ``control_quantile`` of those scores, allocated to categories in
    proportion to the pool (largest remainder) and drawn without replacement inside each.

    Raises :class:`BenchmarkError` when the parameters are invalid or the rows cannot fill them.
    """
    problems = params.problems()
    if problems:
        raise BenchmarkError("invalid selection parameters: " + "; ".join(problems))
    main = set(params.main_categories)
    candidates = []  # the articles within the length bounds
    for row, (category, text) in enumerate(rows):
        text = nfc(text)
        if params.min_chars <= len(text) <= params.max_chars:
            candidates.append(_Candidate(row, category, len(text), text_sha256(text),
                                         score_text(text, term_cap=params.term_cap)))
    main_scores = [c.scored.score for c in candidates if c.category in main]
    if not main_scores:
        raise BenchmarkError(
            f"no article of the categories {', '.join(params.main_categories)} is between "
            f"{params.min_chars} and {params.max_chars} characters; nothing to select from")
    control_max = nearest_rank(main_scores, params.control_quantile)
    other_min = max(nearest_rank(main_scores, params.other_quantile), control_max + 1)

    rich_pool = sorted((c for c in candidates if c.scored.score > control_max
                        and (c.category in main or c.scored.score >= other_min)),
                       key=lambda c: (-c.scored.score, c.chars, c.row))
    if len(rich_pool) < params.n:
        raise BenchmarkError(
            f"only {len(rich_pool)} article(s) score above the control limit {control_max}; "
            f"cannot select n={params.n} event-rich articles (lower --n or widen the length "
            f"bounds {params.min_chars}–{params.max_chars})")
    rich = []
    for rank, c in enumerate(rich_pool[:params.n], start=1):
        why = f"rank {rank} of {len(rich_pool)} by score; top types {_top_types(c.scored.hits)}"
        if c.category not in main:
            why += f"; other category admitted with score ≥ {other_min}"
        rich.append(_article(c, EVENT_RICH, why))

    control_pool = [c for c in candidates if c.category in main and c.scored.score <= control_max]
    if len(control_pool) < params.control:
        raise BenchmarkError(
            f"only {len(control_pool)} low-scoring article(s) (score ≤ {control_max}) for "
            f"control={params.control}; lower --control")
    controls = [
        _article(c, CONTROL, f"control: score {c.scored.score} ≤ {control_max} (the "
                             f"{params.control_quantile:g} quantile), drawn with seed {params.seed}")
        for c in _draw_controls(control_pool, params)
    ]
    return Selection(params, interleave(rich + controls), len(rows), len(main_scores), other_min,
                     control_max)


class _Candidate(NamedTuple):
    row: int
    category: str
    chars: int
    sha256: str
    scored: ArticleScore


def _article(c: _Candidate, group: str, reason: str) -> SelectedArticle:
    s = c.scored
    nonzero = MappingProxyType({t: n for t, n in s.hits.items() if n})
    return SelectedArticle(c.row, c.category, group, s.topic, s.score, c.chars, nonzero,
                           s.context_hits, c.sha256, reason)


def _draw_controls(pool: list[_Candidate], params: SelectionParams) -> list[_Candidate]:
    """Proportional allocation over categories (largest remainder), then ``rng.sample`` each."""
    rng = random.Random(params.seed)
    by_category: dict[str, list[_Candidate]] = {}
    for item in sorted(pool, key=lambda c: c.row):
        by_category.setdefault(item.category, []).append(item)
    categories = [c for c in params.main_categories if c in by_category]
    quotas = {c: params.control * len(by_category[c]) / len(pool) for c in categories}
    counts = {c: int(quotas[c]) for c in categories}
    by_remainder = sorted(categories, key=lambda c: (-(quotas[c] - counts[c]), categories.index(c)))
    for c in by_remainder[:params.control - sum(counts.values())]:
        counts[c] += 1
    drawn = []
    for c in categories:
        drawn.extend(rng.sample(by_category[c], counts[c]))
    return drawn


def spread(strata: Sequence[Sequence]) -> list:
    """Merge lists so that every prefix holds each list in proportion to its length.

    Tijdeman's solution of the chairman assignment problem (1980): with n lists of shares
    λ = m/N, every prefix of length k holds between kλ − B and kλ + B items of each list, with
    B = 1 − 1/(2n − 2) < 1. Step k places the next item of the list with the earliest deadline
    among those that may go now (ties: the earlier list); each list keeps its own order.

    >>> "".join(spread(["AAAA", "BB"]))
    'ABAABA'
    """
    strata = [list(items) for items in strata if items]
    if len(strata) < 2:
        return [item for items in strata for item in items]
    total = sum(len(items) for items in strata)
    bound = 1 - Fraction(1, 2 * len(strata) - 2)
    shares = [Fraction(len(items), total) for items in strata]
    placed = [0] * len(strata)
    merged = []
    for k in range(1, total + 1):
        ready = [(math.floor((placed[t] + bound) / shares[t]) + 1, t)
                 for t in range(len(strata)) if placed[t] < len(strata[t])
                 and placed[t] + 1 - k * shares[t] <= bound]
        _, t = min(ready)
        merged.append(strata[t][placed[t]])
        placed[t] += 1
    return merged


def _by_size(groups: Mapping[str, list]) -> list[list]:
    """The groups' lists, largest first, then by name (a deterministic order for equal keys)."""
    return [groups[name] for name in sorted(groups, key=lambda g: (-len(groups[g]), g))]


def interleave(articles: Sequence[SelectedArticle]) -> tuple[SelectedArticle, ...]:
    """The annotation order: every prefix is a balanced sample (see :data:`ORDERING_NOTE`).

    Two levels of :func:`spread`. Top level: one stratum per category of the event-rich articles
    plus one stratum for all controls. Inside an event-rich category the topics are spread, each
    topic's articles by score (highest first; then shorter, then lower row); inside the control
    stratum the categories are spread, each by row.
    """
    rich: dict[str, dict[str, list]] = {}
    controls: dict[str, list] = {}
    for a in sorted(articles, key=lambda a: (-a.score, a.chars, a.row)):
        if a.group == EVENT_RICH:
            rich.setdefault(a.category, {}).setdefault(a.topic, []).append(a)
        else:
            controls.setdefault(a.category, []).append(a)
    top = {category: spread(_by_size(topics)) for category, topics in rich.items()}
    for members in controls.values():
        members.sort(key=lambda a: a.row)
    top_lists = _by_size(top)
    if controls:
        top_lists.append(spread(_by_size(controls)))
    return tuple(spread(top_lists))


@dataclass(frozen=True)
class SelectionSummary:
    counts: Mapping[str, Mapping[str, int]]  # category -> group -> articles
    score_quantiles: Mapping[str, tuple[int, int, int, int, int]]  # group -> min, q1, median, q3, max
    type_coverage: Mapping[str, Mapping[str, int]]  # type -> group -> articles with ≥ 1 hit


def summarize(selection: Selection) -> SelectionSummary:
    counts: dict[str, dict[str, int]] = {}
    for a in selection.articles:
        counts.setdefault(a.category, dict.fromkeys(GROUPS, 0))[a.group] += 1
    quantiles = {}
    for group in GROUPS:
        scores = [a.score for a in selection.articles if a.group == group]
        if scores:
            quantiles[group] = tuple(nearest_rank(scores, q) for q in (0.0, 0.25, 0.5, 0.75, 1.0))
    coverage = {
        t: {g: sum(1 for a in selection.articles if a.group == g and a.hits.get(t)) for g in GROUPS}
        for t in TYPE_NAMES
    }
    return SelectionSummary(counts, quantiles, coverage)


#: How the entries are ordered; written into the selection file.
ORDERING_NOTE = ("interleaved so that every prefix is balanced: categories and the control group "
                 "in proportion, topics in proportion inside each category; method in "
                 "annotations/SELECTION.md")


def render_selection_yaml(selection: Selection, *, source_file: str, source_sha256: str,
                          command: str, benchmark_version: str) -> str:
    """The text of ``annotations/selection.yaml``: parameters, provenance, then one entry per
    article. No article text is written, only row, checksum, length and keyword counts."""
    import yaml

    p = selection.params
    header = {
        "selection_version": SELECTION_VERSION,
        "lexicon_version": LEXICON_VERSION,
        "benchmark_version": benchmark_version,
        "command": command,
        "source": {"file": source_file, "sha256": source_sha256, "rows": selection.rows_total},
        "parameters": {
            "n": p.n, "control": p.control, "seed": p.seed, "min_chars": p.min_chars,
            "max_chars": p.max_chars, "term_cap": p.term_cap,
            "main_categories": list(p.main_categories), "other_quantile": p.other_quantile,
            "control_quantile": p.control_quantile,
        },
        "derived": {
            "eligible_main_articles": selection.eligible,
            "control_max_score": selection.control_max_score,
            "other_min_score": selection.other_min_score,
        },
        "ordering": ORDERING_NOTE,
    }
    entries = [
        {
            "row": a.row, "doc_id": a.doc_id, "category": a.category, "group": a.group,
            "topic": a.topic, "score": a.score, "hits": dict(a.hits),
            "context_hits": a.context_hits, "chars": a.chars, "text_sha256": a.text_sha256,
            "reason": a.reason,
        }
        for a in selection.articles
    ]
    intro = (
        "# Articles of the 10kGNAD test split selected for annotation (EventBench-DE corpus v1).\n"
        "# Written by `eventbench select`; do not edit by hand, re-run the command below instead.\n"
        "# Method, lexicon and parameters: annotations/SELECTION.md. No article text is stored\n"
        "# here (CC BY-NC-SA 4.0 third-party content): resolve texts by row from the source file\n"
        "# and verify them with text_sha256 (sha256 of the NFC text). hits lists only the event\n"
        "# types with at least one keyword match; a missing type has 0.\n"
    )
    dump = yaml.safe_dump(header, sort_keys=False, allow_unicode=True, width=1000,
                          default_flow_style=False)
    body = yaml.safe_dump({"articles": entries}, sort_keys=False, allow_unicode=True,
                          width=1000, default_flow_style=None)
    return intro + dump + body


def render_summary(summary: SelectionSummary) -> str:
    """A short plain-text summary of a selection for the terminal."""
    lines = ["articles per category (event-rich / control):"]
    for category in sorted(summary.counts):
        c = summary.counts[category]
        lines.append(f"  {category:<14} {c[EVENT_RICH]:>4} / {c[CONTROL]:>3}")
    lines.append("score (min / q1 / median / q3 / max):")
    for group, q in summary.score_quantiles.items():
        lines.append(f"  {group:<14} " + " / ".join(str(v) for v in q))
    lines.append("articles with ≥ 1 keyword hit per type (event-rich / control):")
    for type_name, c in summary.type_coverage.items():
        lines.append(f"  {type_name:<14} {c[EVENT_RICH]:>4} / {c[CONTROL]:>3}")
    return "\n".join(lines)
