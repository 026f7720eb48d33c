"""Lexicon baseline: a German trigger lexicon per event type plus argument templates.

Training (seconds): every gold trigger of the train split gives a lemma → type entry (simplemma
lemmas, lower case; a reflexive *sich* right after the verb is kept, §4.5). An entry is kept when
it is a trigger in at least ``min_precision`` of its train occurrences; the trigger words the
guidelines and the ontology list (:data:`GUIDELINE_TRIGGERS`) are added unless the train split
shows them to be mostly non-triggers. Nouns not in the lexicon are matched by their compound head
(*Raketenangriff* → *angriff*, §4.3).

Arguments come from *slots* around the trigger in its sentence — the nearest Time expression, the
nearest locative phrase (*in Syrien*), the nearest noun phrase on the left and on the right without
a preposition, and the nearest noun phrase after each preposition (*gegen X*, *mit X*). Which role
a slot fills for a type (e.g. ATTACK left → Attacker, ``gegen`` → Target) is counted on train and
kept when it was right at least ``min_slot_precision`` of the time. Both thresholds are tuned on
validation. Attributes come from the guidelines' cue words.
"""

from __future__ import annotations

import pickle
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmark.ontology import EVENT_TYPES
from benchmark.schema import Document

from . import german
from .base import InputDocument, load_meta, save_meta

#: Trigger words from annotations/guidelines.md (§2.2, §3, §4.6) per type, as lemmas.
GUIDELINE_TRIGGERS: dict[str, tuple[str, ...]] = {
    "ORDER": ("befehlen", "anordnen", "anweisen", "erlassen", "auffordern", "befehl", "anordnung",
              "anweisung", "dekret", "erlass", "zuweisen"),
    "AUTHORIZATION": ("genehmigen", "erlauben", "bewilligen", "genehmigung", "erlaubnis",
                      "ausfuhrgenehmigung", "lizenz", "zustimmung", "mandat"),
    "MEASURE": ("ergreifen", "einführen", "beschließen", "verabschieden", "maßnahme",
                "notmaßnahme", "gesetz", "reform", "programm"),
    "ESTABLISH_ORG": ("gründen", "gründung", "einrichten", "einrichtung", "bilden"),
    "MEETING": ("treffen", "gipfel", "besuch", "besuchen", "gespräch", "verhandlung", "verhandeln",
                "telefonat", "empfangen", "zusammenkommen", "treffen sich", "beraten", "beratung",
                "sitzung", "konferenz", "reise"),
    "AGREEMENT": ("abkommen", "vertrag", "einigung", "vereinbarung", "unterzeichnen",
                  "ratifizieren", "vereinbaren", "aufkündigen", "einigen sich", "beistandspakt",
                  "pakt", "waffenstillstand", "waffenruhe"),
    "COOPERATION": ("zusammenarbeit", "kooperation", "partnerschaft", "zusammenarbeiten",
                    "kooperieren"),
    "PRODUCTION": ("produzieren", "herstellen", "fertigen", "produktion", "herstellung",
                   "ausstoß", "produktionskapazität", "produktionstempo", "waffenproduktion"),
    "EXPORT": ("exportieren", "ausführen", "verkaufen", "export", "ausfuhr", "rüstungsexport",
               "waffenexport", "waffengeschäft", "waffenhilfe", "importieren", "import"),
    "DELIVERY": ("liefern", "ausliefern", "verschiffen", "lieferung", "munitionslieferung",
                 "waffenlieferung", "lieferstopp"),
    "PAYMENT": ("zahlen", "finanzieren", "überweisen", "zahlung", "finanzierung",
                "hilfszahlung"),
    "MOBILIZATION": ("mobilisieren", "aufrüsten", "einberufen", "mobilisierung", "mobilmachung",
                     "aufrüstung", "alarmbereitschaft"),
    "DEPLOYMENT": ("entsenden", "stationieren", "verlegen", "entsendung", "stationierung",
                   "truppenentsendung"),
    "SANCTION": ("verhängen", "sanktion", "embargo", "waffenembargo", "strafmaßnahme",
                 "exportverbot", "sanktionieren"),
    "ATTACK": ("angreifen", "beschießen", "bombardieren", "kämpfen", "angriff", "krieg",
               "luftangriff", "offensive", "invasion", "einmarsch", "kampfhandlung", "anschlag",
               "bombardement", "beschuss", "kampf", "gefecht", "töten", "attacke", "bürgerkrieg"),
}

REFLEXIVE = "sich"
_SPLIT_PUNCT = re.compile(r"[^\w'-]+")
_COMPOUND_MIN = 5  # shortest compound head matched inside a longer noun


def _trigger_key(tokens: Sequence[german.Token], i: int) -> tuple[str, int]:
    """(lexicon key, number of tokens) for the trigger candidate starting at token ``i``."""
    word = german.lemma(tokens[i].text)
    if i + 1 < len(tokens) and tokens[i + 1].text == REFLEXIVE:
        return f"{word} {REFLEXIVE}", 2
    return word, 1


def slot_candidates(sentence: german.Sentence, text: str, t_first: int, t_last: int,
                    nps: list[german.Chunk] | None = None,
                    times: list[german.TimeMatch] | None = None) -> dict[str, german.Chunk]:
    """The argument candidate of each slot for a trigger on tokens ``t_first..t_last``."""
    nps = german.noun_phrases(sentence, text) if nps is None else nps
    times = german.time_expressions(text, sentence.start, sentence.end) if times is None else times
    tstart, tend = sentence.tokens[t_first].start, sentence.tokens[t_last].end
    out: dict[str, german.Chunk] = {}

    def distance(c_start: int, c_end: int) -> int:
        return tstart - c_end if c_end <= tstart else c_start - tend if c_start >= tend else 0

    best_time = min((m for m in times if m.end <= tstart or m.start >= tend),
                    key=lambda m: (distance(m.start, m.end), m.start), default=None)
    if best_time is not None:
        out["time"] = german.Chunk(best_time.start, best_time.end, "time", "", "", value=best_time.value)
    time_spans = [(m.start, m.end) for m in times]

    def free(c: german.Chunk) -> bool:
        return (c.end <= tstart or c.start >= tend) and not any(
            s < c.end and c.start < e for s, e in time_spans)

    places = [c for c in german.place_phrases(nps, sentence) if free(c)]
    if places:
        out["place"] = min(places, key=lambda c: (distance(c.start, c.end), c.start))
    lefts = [c for c in nps if c.end <= tstart and not c.prep and free(c)]
    if lefts:
        out["left"] = lefts[-1]
        if len(lefts) > 1:
            out["left2"] = lefts[-2]
    rights = [c for c in nps if c.start >= tend and free(c)]
    no_prep = [c for c in rights if not c.prep]
    if no_prep:
        out["right"] = no_prep[0]
    for c in rights:
        if c.prep and c.prep not in german.LOCATIVE:
            out.setdefault(f"prep:{c.prep}", c)
    return out


class LexiconBaseline:
    name = "lexicon"
    description = "German trigger lexicon with argument templates"

    def __init__(self) -> None:
        self.lexicon: dict[str, str] = {}  # key → type
        self.compound_heads: dict[str, str] = {}
        self.slots: dict[tuple[str, str], str] = {}  # (type, slot) → role
        self.params: dict[str, float] = {"min_precision": 0.3, "min_slot_precision": 0.3}
        self._stats: dict[str, Any] = {}
        self._cache: dict[tuple[str, bool], tuple[str, int] | None] = {}
        self._maybe: dict[str, bool] = {}

    # ------------------------------------------------------------------ training
    def train(self, train: Sequence[Document], validation: Sequence[Document], seed: int = 0
              ) -> dict[str, Any]:
        """Count trigger and slot statistics on ``train``; pick the thresholds on
        ``validation`` by trigger-classification and attached-argument F1."""
        self._stats = self._count(train)
        best = None
        for min_precision in (0.1, 0.2, 0.3, 0.4, 0.5):
            for min_slot in (0.15, 0.25, 0.35, 0.5):
                self._finalise(min_precision, min_slot)
                f1 = validation_f1(self, validation) if validation else (0.0, 0.0)
                if best is None or f1 > best[0]:
                    best = (f1, min_precision, min_slot)
        _, min_precision, min_slot = best
        self._finalise(min_precision, min_slot)
        return {"lexicon_entries": len(self.lexicon), "slot_templates": len(self.slots),
                "min_precision": min_precision, "min_slot_precision": min_slot,
                "validation_trigger_f1": best[0][0], "validation_argument_f1": best[0][1]}

    def _count(self, documents: Sequence[Document]) -> dict[str, Any]:
        as_trigger: dict[str, Counter] = defaultdict(Counter)
        occurrences: Counter = Counter()
        slot_hits: dict[tuple[str, str], Counter] = defaultdict(Counter)
        slot_total: Counter = Counter()
        for doc in documents:
            for sentence in german.split_sentences(doc.text):
                tokens = sentence.tokens
                starts = {t.start: i for i, t in enumerate(tokens)}
                for i in range(len(tokens)):
                    occurrences[german.lemma(tokens[i].text)] += 1
                    if i + 1 < len(tokens) and tokens[i + 1].text == REFLEXIVE:
                        occurrences[f"{german.lemma(tokens[i].text)} {REFLEXIVE}"] += 1
                events = [e for e in doc.events if sentence.start <= e.trigger.start < sentence.end]
                if not events:
                    continue
                nps = german.noun_phrases(sentence, doc.text)
                times = german.time_expressions(doc.text, sentence.start, sentence.end)
                for event in events:
                    i = starts.get(event.trigger.start)
                    if i is None:
                        continue
                    words = event.trigger.text.split()
                    key = german.lemma(words[0])
                    if len(words) == 2 and words[1] == REFLEXIVE:
                        key = f"{key} {REFLEXIVE}"
                    as_trigger[key][event.type] += 1
                    last = i + len(german.tokenize(event.trigger.text)) - 1
                    gold = {(a.span.start, a.span.end): a.role for a in event.arguments}
                    for slot, chunk in slot_candidates(sentence, doc.text, i, min(last, len(tokens) - 1),
                                                       nps, times).items():
                        slot_total[(event.type, slot)] += 1
                        role = gold.get((chunk.start, chunk.end))
                        if role is not None:
                            slot_hits[(event.type, slot)][role] += 1
        return {"as_trigger": as_trigger, "occurrences": occurrences, "slot_hits": slot_hits,
                "slot_total": slot_total}

    def _finalise(self, min_precision: float, min_slot: float) -> None:
        stats = self._stats
        lexicon = {}
        for key, types in stats["as_trigger"].items():
            if not types:
                continue
            event_type, count = types.most_common(1)[0]
            if count / max(stats["occurrences"][key], count) >= min_precision:
                lexicon[key] = event_type
        for event_type, words in GUIDELINE_TRIGGERS.items():
            for word in words:
                seen = stats["occurrences"][word]
                hits = sum(stats["as_trigger"].get(word, Counter()).values())
                if word not in lexicon and (seen < 3 or hits / seen >= min_precision / 2):
                    lexicon[word] = event_type
        self.lexicon = lexicon
        self.compound_heads = {k: t for k, t in lexicon.items()
                               if len(k) >= _COMPOUND_MIN and " " not in k}
        self._cache = {}
        self._maybe = {}
        self._head_lengths = {len(k) for k in self.compound_heads}
        self.slots = {}
        for (event_type, slot), total in stats["slot_total"].items():
            hits = stats["slot_hits"].get((event_type, slot))
            if hits:
                role, count = hits.most_common(1)[0]
                if count / total >= min_slot and role in EVENT_TYPES[event_type].roles:
                    self.slots[(event_type, slot)] = role
        self.params = {"min_precision": min_precision, "min_slot_precision": min_slot}

    # ------------------------------------------------------------------ persistence
    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "lexicon.pkl").open("wb") as handle:
            pickle.dump({"lexicon": self.lexicon, "slots": self.slots, "params": self.params},
                        handle)
        save_meta(folder, self.name, {"params": self.params, "entries": len(self.lexicon)})

    def load(self, folder: Path) -> None:
        load_meta(folder, self.name)
        with (folder / "lexicon.pkl").open("rb") as handle:
            state = pickle.load(handle)  # noqa: S301 - our own model file
        self.set_state(state["lexicon"], state["slots"], state["params"])
        german.warm_up()

    def set_state(self, lexicon: dict[str, str], slots: dict[tuple[str, str], str],
                  params: dict[str, float]) -> None:
        self.lexicon, self.slots, self.params = lexicon, slots, params
        self.compound_heads = {k: t for k, t in self.lexicon.items()
                               if len(k) >= _COMPOUND_MIN and " " not in k}
        self._cache = {}
        self._maybe = {}
        self._head_lengths = {len(k) for k in self.compound_heads}

    # ------------------------------------------------------------------ prediction
    def lookup(self, tokens: Sequence[german.Token], i: int) -> tuple[str, int] | None:
        """(type, number of tokens) when the token at ``i`` starts a lexicon trigger (cached by
        word form and whether *sich* follows)."""
        cache_key = (tokens[i].text, i + 1 < len(tokens) and tokens[i + 1].text == REFLEXIVE)
        try:
            return self._cache[cache_key]
        except KeyError:
            pass
        result = self._lookup(tokens, i)
        if len(self._cache) < 1_000_000:
            self._cache[cache_key] = result
        return result

    def _lookup(self, tokens: Sequence[german.Token], i: int) -> tuple[str, int] | None:
        key, length = _trigger_key(tokens, i)
        if length == 2 and key in self.lexicon:
            return self.lexicon[key], 2
        word = key.split(" ")[0]
        if word in self.lexicon:
            return self.lexicon[word], 1
        surface = tokens[i].text.lower()
        if surface in self.lexicon:
            return self.lexicon[surface], 1
        if tokens[i].capitalised and len(surface) > _COMPOUND_MIN:
            lengths = self._head_lengths
            for cut in range(1, len(surface) - _COMPOUND_MIN + 1):
                # Only tails as long as some compound head can match (a hyphen is stripped first).
                if (len(surface) - cut not in lengths and len(word) - cut not in lengths
                        and surface[cut] != "-"):
                    continue
                head = surface[cut:].lstrip("-")
                if head in self.compound_heads:
                    return self.compound_heads[head], 1
                lemma_head = word[cut:] if len(word) > cut else ""
                if lemma_head in self.compound_heads:
                    return self.compound_heads[lemma_head], 1
        return None

    def maybe_trigger(self, word: str) -> bool:
        """Whether ``word`` can start a trigger in some context (a cheap pre-filter)."""
        hit = self._maybe.get(word)
        if hit is None:
            # With "sich" after it, a word is a trigger only through the "<lemma> sich" entry, or
            # else through exactly the checks it gets on its own: one lookup and one key test.
            probe = (german.Token(word, 0, 0),)
            hit = (self.lookup(probe, 0) is not None
                   or f"{german.lemma(word)} {REFLEXIVE}" in self.lexicon)
            if len(self._maybe) < 1_000_000:
                self._maybe[word] = hit
        return hit

    def predict(self, document: InputDocument) -> dict[str, Any]:
        text, events = document.text, []
        known, hit_words = self._maybe, []
        for chunk in set(text.split()):
            for word in _SPLIT_PUNCT.split(chunk):
                hit = known.get(word)
                if hit or (hit is None and word and self.maybe_trigger(word)):
                    hit_words.append(word)
        if not hit_words:
            return {"doc_id": document.doc_id, "events": events}
        for start, end in german.sentence_bounds(text):
            part = text[start:end]
            if any(word in part for word in hit_words):
                sentence = german.make_sentence(text, start, end)
                events.extend(self._sentence_events(sentence, text))
        return {"doc_id": document.doc_id, "events": events}

    def _sentence_events(self, sentence: german.Sentence, text: str) -> list[dict[str, Any]]:
        tokens, events = sentence.tokens, []
        found = []
        maybe = self._maybe
        for i, token in enumerate(tokens):
            if not maybe.get(token.text):
                continue
            hit = self.lookup(tokens, i)
            if hit:
                found.append((i, i + hit[1] - 1, hit[0]))
        if not found:
            return events
        nps = german.noun_phrases(sentence, text)
        times = german.time_expressions(text, sentence.start, sentence.end)
        words = [t.text.lower() for t in tokens]
        for first, last, event_type in found:
            arguments, used = [], set()
            for slot, chunk in slot_candidates(sentence, text, first, last, nps, times).items():
                role = self.slots.get((event_type, slot))
                if role is None or (chunk.start, chunk.end) in used:
                    continue
                used.add((chunk.start, chunk.end))
                argument = {"role": role, "start": chunk.start, "end": chunk.end}
                if role == "Time":
                    argument["value"] = chunk.value
                arguments.append(argument)
            events.append({"type": event_type,
                           "trigger": {"start": tokens[first].start, "end": tokens[last].end},
                           "arguments": arguments, **german.attribute_cues(words, first)})
        return events


def validation_f1(baseline, documents: Sequence[Document]) -> tuple[float, float]:
    """Trigger-classification and attached-argument F1 of ``baseline`` on ``documents`` through
    the official scorer (strict mode, no bootstrap) — the validation criterion for tuning."""
    from benchmark.scoring import ScoringSpec, score
    from benchmark.submission import submission_from_dicts

    from .base import as_input

    predictions = [baseline.predict(d) for d in as_input(documents)]
    report = score(documents, submission_from_dicts(predictions, documents),
                   spec=ScoringSpec(mode="strict", bootstrap=0))
    return (report.levels["trigger_classification"].micro.f1,
            report.levels["argument_classification_attached"].micro.f1)
