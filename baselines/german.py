"""Shallow German text processing shared by the offline baselines (pure functions, no files).

Fast regular-expression tokenisation and sentence splitting (the baselines must run on any text,
well over 1,000 documents per second, so spaCy is not used here), lemmas from ``simplemma``, noun
phrase and prepositional phrase chunks as argument candidates, Time expressions with TIMEX3 values,
and the attribute cue words of the guidelines (§6, §7).

>>> [t.text for t in tokenize("Putin traf am 2. Oktober Kim Jong-un.")]
['Putin', 'traf', 'am', '2', '.', 'Oktober', 'Kim', 'Jong-un', '.']
>>> [(s.start, s.end) for s in split_sentences("Am 2. Oktober traf er ihn. Dann ging er.")]
[(0, 26), (27, 40)]
>>> [(m.text, m.value) for m in time_expressions("Sie trafen sich am 21. August 2015 in Wien.")]
[('am 21. August 2015', '2015-08-21')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

_TOKEN = re.compile(r"\w+(?:[-']\w+)*-?|[^\w\s]")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"“”'»«]?\s+|\n+")


class Token(NamedTuple):
    text: str
    start: int
    end: int

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    tokens: tuple[Token, ...]


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Words (hyphenated compounds kept whole) and single punctuation characters."""
    new = tuple.__new__  # Token(...) without the Python-level __new__ of NamedTuple
    return [new(Token, (m.group(), offset + m.start(), offset + m.end()))
            for m in _TOKEN.finditer(text)]


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, split by line breaks and by ``.!?`` followed by white space;
    a full stop after a number (``2. Oktober``) or a single capital (``J. Smith``) does not end a
    sentence. Bounds may include surrounding white space; see :func:`split_sentences`."""
    bounds, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if match.group()[:1] != "\n" and _no_sentence_end(text, match.start()):
            continue
        if match.start() > start:
            bounds.append((start, match.start()))
        start = match.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


_ABBREVIATIONS = frozenset({"bzw", "ca", "Nr", "Dr", "Prof", "St", "vgl"})


def _no_sentence_end(text: str, end: int) -> bool:
    """Whether the ``.`` before ``end`` (a quotation mark may follow it) closes a number, an
    initial or an abbreviation rather than a sentence."""
    if text[end - 1] != ".":
        end -= 1
    if end < 2 or text[end - 1] != ".":
        return False
    if text[end - 2].isdigit():
        return True
    word = text[max(0, end - 6):end - 1].rsplit(None, 1)[-1] if not text[end - 2].isspace() else ""
    return (len(word) == 1 and word.isupper()) or word in _ABBREVIATIONS


def make_sentence(text: str, start: int, end: int) -> Sentence | None:
    tokens = tuple(tokenize(text[start:end], start))
    return Sentence(tokens[0].start, tokens[-1].end, tokens) if tokens else None


def split_sentences(text: str) -> list[Sentence]:
    """The tokenised sentences of ``text`` (see :func:`sentence_bounds`)."""
    return [s for start, end in sentence_bounds(text) if (s := make_sentence(text, start, end))]


WORD = re.compile(r"\w+(?:[-']\w+)*-?")


_LEMMAS: dict[str, str] = {}


def lemma(word: str) -> str:
    """The lower-cased ``simplemma`` lemma of ``word`` (cached; simplemma ships its German data).

    >>> lemma("Angriffe"), lemma("trafen")
    ('angriff', 'treffen')
    """
    cached = _LEMMAS.get(word)
    if cached is None and not word.strip():
        return word
    if cached is None:
        import simplemma

        cached = simplemma.lemmatize(word, lang="de").lower()
        if len(_LEMMAS) < 500_000:
            _LEMMAS[word] = cached
    return cached


def warm_up() -> None:
    """Load simplemma's German data now (it is loaded lazily on the first lemma, ~0.5 s)."""
    lemma("Angriffe")


# --------------------------------------------------------------------------- noun phrases

DETERMINERS = frozenset(
    "der die das den dem des ein eine einen einem einer eines dieser diese dieses diesen diesem "
    "sein seine seinen seinem seiner ihr ihre ihren ihrem ihrer beide beiden alle mehrere "
    "zahlreiche viele einige andere weitere rund etwa mindestens über knapp fast kein keine "
    "keinen".split())
PREPOSITIONS = frozenset(
    "an auf aus bei durch für gegen in mit nach nahe neben ohne seit über um unter von vor "
    "zwischen im ins am vom zum zur beim östlich westlich nördlich südlich".split())
LOCATIVE = frozenset({"in", "im", "nahe", "bei", "östlich", "westlich", "nördlich", "südlich"})
PRONOUNS = frozenset("er sie es wir ihr man".split())
_STOP_CAPITALISED = frozenset(
    "Der Die Das Den Dem Des Ein Eine Einen Einem Einer Eines Er Sie Es Wir Ich Man Am Im In Auf "
    "Bei Nach Seit Mit Für Von Vor Zu Zum Zur Laut Wie Als Auch Doch Aber Und Oder Dort Damit "
    "Dabei Dazu So Nun Noch Bereits Zudem Zuvor Nur Mehr Schon Unter Über Trotz Wegen Während Um "
    "Aus Gegen Ob Dass Wenn Weil Was Wer Wo Dies Diese Dieser Dieses Jetzt Heute Gestern Morgen "
    "Damals Hier Inzwischen Außerdem Allerdings Immer Ende Anfang Mitte".split())
_MONTHS = {"januar": 1, "jänner": 1, "februar": 2, "feber": 2, "märz": 3, "april": 4, "mai": 5,
           "juni": 6, "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11,
           "dezember": 12}
_NOT_NOUN = frozenset(_MONTHS) | {"montag", "dienstag", "mittwoch", "donnerstag", "freitag",
                                  "samstag", "sonntag"}


@dataclass(frozen=True)
class Chunk:
    """A candidate argument span: ``kind`` is ``np`` (noun phrase, determiner included), ``pp``
    (a locative preposition plus its noun phrase) or ``time``; ``head`` is its last word, ``prep``
    the preposition right before a noun phrase (lower case, or ``""``)."""

    start: int
    end: int
    kind: str
    head: str
    prep: str = ""
    first_token: int = 0
    last_token: int = 0
    value: str | None = None


_ADJECTIVE_STEM = re.compile(r"(?:isch|ig|lich|bar|sam|los|al|iv|ell|är|ant|ent|ert|iert|ten|"
                             r"ner|ter|ste|eit)(?:e|en|er|es|em)$")
_FUNCTION_WORDS = frozenset(
    "habe haben hatte hatten sei seien wäre wären werde werden wurde wurden wollen sollen können "
    "müssen dürfen wolle solle könne müsse halten gelten gehen stehen sehen geben machen sagen "
    "eine einem einen einer eines keine keinen dessen deren denen diese diesen alle beide beiden "
    "ohne unter über hinter wieder immer aber sondern sowie jedoch".split()) | PREPOSITIONS


def _is_adjective_like(token: Token, after_determiner: bool) -> bool:
    """A lower-case inflected word that can stand between a determiner and a noun; without a
    determiner only words with a typical adjective or participle ending count."""
    word = token.text
    if token.capitalised or not word.isalpha() or len(word) <= 3 or word in _FUNCTION_WORDS:
        return False
    if not word.endswith(("e", "en", "er", "es", "em")):
        return False
    return after_determiner or _ADJECTIVE_STEM.search(word) is not None


_WORD_CLASSES: dict[str, tuple[bool, bool, bool, bool, bool, bool]] = {}


def _word_class(word: str) -> tuple[bool, bool, bool, bool, bool, bool]:
    """(determiner, adjective after a determiner, adjective without one, noun, noun inside a
    genitive, number) for ``word``; cached, since the chunker asks for every token."""
    cls = _WORD_CLASSES.get(word)
    if cls is None:
        token = Token(word, 0, 0)
        cap = word[:1].isupper()
        genitive_noun = cap and word not in _STOP_CAPITALISED
        cls = (word.lower() in DETERMINERS and word != "über",
               _is_adjective_like(token, True), _is_adjective_like(token, False),
               genitive_noun and word.lower() not in _NOT_NOUN and word[0].isalpha(),
               genitive_noun, word.isdigit())
        if len(_WORD_CLASSES) < 1_000_000:
            _WORD_CLASSES[word] = cls
    return cls


def noun_phrases(sentence: Sentence, text: str) -> list[Chunk]:
    """Noun-phrase chunks: [determiner] [adjectives or numbers]* capitalised word+, plus a trailing
    genitive (``der Zweiten Wirtschaftskommission``); sentence-initial function words are not
    nouns. Each chunk's ``prep`` is the word right before it when that is a preposition."""
    toks = sentence.tokens
    classes = [_word_class(t.text) for t in toks]
    chunks, i, n = [], 0, len(toks)
    while i < n:
        j = i
        if classes[j][0]:
            j += 1
        adjective = 1 if j > i else 2
        while j < n and (classes[j][adjective] or classes[j][5]):
            j += 1
        k = j
        while k < n and classes[k][3]:
            k += 1
        if k == j:
            i += 1
            continue
        # a following genitive: des/der + [adjectives] + capitalised words
        if k + 1 < n and toks[k].text in ("des", "der"):
            m = k + 1
            while m < n and classes[m][1]:
                m += 1
            g = m
            while g < n and classes[g][4]:
                g += 1
            if g > m:
                k = g
        before = toks[i - 1].text.lower() if i > 0 else ""
        prep = before if before in PREPOSITIONS else ""
        chunks.append(Chunk(toks[i].start, toks[k - 1].end, "np", toks[k - 1].text, prep, i, k - 1))
        i = k
    return chunks


def place_phrases(nps: list[Chunk], sentence: Sentence) -> list[Chunk]:
    """Locative prepositional phrases (``in Syrien``, ``im Südosten des Landes``) built from the
    noun phrases whose preposition is locative; the preposition is part of the span (§5.2)."""
    out = []
    for np in nps:
        if np.prep in LOCATIVE and np.first_token > 0:
            prep_token = sentence.tokens[np.first_token - 1]
            out.append(Chunk(prep_token.start, np.end, "pp", np.head, np.prep,
                             np.first_token - 1, np.last_token))
    return out


# --------------------------------------------------------------------------- time expressions

_WEEKDAY = (r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)"
            r"(?:abend|morgen|nachmittag|vormittag|nacht)?")
_MONTH = (r"(?:Januar|Jänner|Februar|Feber|März|April|Mai|Juni|Juli|August|September|Oktober"
          r"|November|Dezember)")
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_LEAD = (r"(?:(?:[Aa]m|[Ii]m|[Ss]eit|[Bb]is|[Aa]b|[Vv]om|[Ii]m\s+Jahr|[Ii]n\s+den\s+Jahren"
         r"|[Ss]eit\s+(?:Anfang|Mitte|Ende)|[Aa]nfang|[Mm]itte|[Ee]nde)\s+)?")
_TIME = re.compile(
    rf"\b(?P<weekday>{_LEAD}(?:(?:späten|frühen)\s+)?{_WEEKDAY})\b"
    rf"|\b(?P<date>{_LEAD}(?P<day>[0-3]?\d)\.\s*(?P<dmonth>{_MONTH})(?:\s+(?P<dyear>{_YEAR}))?)\b"
    rf"|\b(?P<month>{_LEAD}(?P<mmonth>{_MONTH})(?:\s+(?P<myear>{_YEAR}))?)\b"
    rf"|\b(?P<year>{_LEAD}(?P<yyear>{_YEAR}))\b(?!\s*(?:Euro|Dollar|Menschen|Soldaten|Kilometer))"
    r"|\b(?P<present>[Dd]erzeit|[Zz]urzeit|[Gg]egenwärtig)\b"
    r"|\b(?P<week>(?:[Ii]n\s+der\s+)?(?:[Vv]ergangenen|[Ll]etzten|[Vv]ergangene|[Ll]etzte)\s+Woche)\b"
    r"|\b(?P<future>[Ii]n\s+den\s+kommenden\s+(?:Tagen|Wochen|Monaten))\b"
    r"|\b(?P<span>(?:[Ii]n\s+den\s+)?(?:vergangenen|letzten|kommenden|nächsten)\s+(?P<n>\d+|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwölf)\s+(?P<unit>Tagen|Wochen|Monaten|Jahren))\b"
    r"|\b(?P<ago>[Vv]or\s+(?:gut\s+|knapp\s+|mehr\s+als\s+)?(?P<an>\d+|einem|einer|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwölf)\s+(?P<aunit>Tagen|Tag|Wochen|Woche|Monaten|Monat|Jahren|Jahr))\b"
    r"|\b(?P<daypart>(?:[Aa]m|[Ii]n\s+der)\s+(?:Abend|Morgen|Nacht|Vormittag|Nachmittag|Wochenende|Vortag))\b"
    r"|\b(?P<thisweek>(?:[Dd]iese|[Nn]ächste|[Kk]ommende)\s+Woche)\b"
    r"|\b(?P<yearpart>(?:[Ee]nde|[Aa]nfang|[Mm]itte)\s+(?:des|dieses|vergangenen|letzten)\s+Jahres)\b"
    r"|\b(?P<past>[Ss]eit\s+(?:Jahren|Jahrzehnten|Monaten|Wochen)|[Uu]nlängst|[Kk]ürzlich|[Jj]üngst|[Bb]isher)\b"
)
_NUMBERS = {"einem": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
            "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "zwölf": 12}
_UNITS = {"Tag": "D", "Woche": "W", "Monat": "M", "Jahr": "Y"}


def _duration(number: str, unit: str) -> str:
    count = _NUMBERS.get(number.lower(), number) if not number.isdigit() else number
    return f"P{count}{_UNITS[next(u for u in _UNITS if unit.startswith(u))]}"



@dataclass(frozen=True)
class TimeMatch:
    start: int
    end: int
    text: str
    value: str


def time_expressions(text: str, start: int = 0, end: int | None = None) -> list[TimeMatch]:
    """Time expressions in ``text[start:end]`` with a TIMEX3 value; without an explicit year the
    year is ``XXXX`` (the document date is not used: most gold values are written that way)."""
    out: list[TimeMatch] = []
    end = len(text) if end is None else end
    for m in _TIME.finditer(text, start, end):
        if m.group("weekday"):
            value = "XXXX-XX-XX"
        elif m.group("date"):
            year = m.group("dyear") or "XXXX"
            day = int(m.group("day"))
            if not 1 <= day <= 31:
                continue
            value = f"{year}-{_MONTHS[m.group('dmonth').lower()]:02d}-{day:02d}"
        elif m.group("month"):
            value = f"{m.group('myear') or 'XXXX'}-{_MONTHS[m.group('mmonth').lower()]:02d}"
        elif m.group("year"):
            value = m.group("yyear")
        elif m.group("present"):
            value = "PRESENT_REF"
        elif m.group("week") or m.group("thisweek"):
            value = "XXXX-WXX"
        elif m.group("span"):
            value = _duration(m.group("n"), m.group("unit"))
        elif m.group("ago"):
            value = "PAST_REF"
        elif m.group("daypart"):
            value = "XXXX-XX-XX"
        elif m.group("yearpart"):
            value = "XXXX"
        elif m.group("past"):
            value = "PAST_REF"
        else:
            value = "FUTURE_REF"
        out.append(TimeMatch(m.start(), m.end(), m.group(), value))
    return out


# --------------------------------------------------------------------------- attribute cues

PLANNED_CUES = frozenset(
    "plant planen geplant geplante geplanten plan pläne will wollen wollte wollten soll sollen "
    "sollte sollten vorhaben beabsichtigt angekündigt kündigte kündigten künftig werden wird "
    "fordert forderte fordern forderten um".split())
POSSIBLE_CUES = frozenset(
    "könnte könnten kann können dürfte dürften möglicherweise vielleicht wahrscheinlich droht "
    "drohen drohte erwägt erwägen prüft prüfen würde würden falls wenn möglich möglichkeit "
    "gelegenheit chance".split())
NEGATED_CUES = frozenset("nicht kein keine keinen keinem keiner nie niemals weder ohne".split())
REPORTED_CUES = frozenset(
    "laut zufolge sagte sagten erklärte erklärten berichtet berichtete berichteten teilte "
    "teilten mitteilte hieß heißt angaben betonte betonten sprach äußerte meldete meldeten "
    "bestätigte bestätigten".split())
ALLEGED_CUES = frozenset(
    "angeblich mutmaßlich mutmaßliche mutmaßlichen vermeintlich unbestätigt habe sei seien "
    "hätten".split())
INCREASE_CUES = frozenset(
    "steigern erhöhen erhöht erhöhte verdoppeln verstärken verstärkt ausweiten ausgeweitet "
    "verschärfen verschärft verschärfte intensivieren ausbau erhöhung erweiterung "
    "verlängert verlängern".split())
DECREASE_CUES = frozenset(
    "drosseln kürzen gekürzt reduzieren reduziert einstellen eingestellt aufheben aufgehoben "
    "lockern gelockert stoppen gestoppt beenden beendet".split())


def attribute_cues(words: list[str], trigger_index: int, window: int = 6) -> dict[str, str]:
    """Modality, evidentiality and change from cue words (lower case) of the sentence: attribution
    cues cover the whole sentence (§7.2), the other cues a window around the trigger."""
    near = set(words[max(0, trigger_index - window):trigger_index + window + 1])
    whole = set(words)
    if near & NEGATED_CUES and not ({"nur", "sondern"} <= whole):
        modality = "NEGATED"
    elif near & POSSIBLE_CUES:
        modality = "POSSIBLE"
    elif near & PLANNED_CUES:
        modality = "PLANNED"
    else:
        modality = "ASSERTED"
    if whole & ALLEGED_CUES:
        evidentiality = "ALLEGED"
    elif whole & REPORTED_CUES:
        evidentiality = "REPORTED"
    else:
        evidentiality = "DIRECT"
    change = "INCREASE" if near & INCREASE_CUES else "DECREASE" if near & DECREASE_CUES else "NONE"
    return {"modality": modality, "evidentiality": evidentiality, "change": change}
