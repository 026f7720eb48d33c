"""Learned baseline: a CRF trigger tagger and logistic-regression argument and attribute models.

* **Triggers**: BIO tagging of the tokens of :mod:`baselines.german` with a linear-chain CRF
  (``sklearn-crfsuite``, L-BFGS): word form, lemma, affixes, shape, the guideline-lexicon type and
  compound head of each token and of its neighbours.
* **Arguments**: for each trigger, every candidate span of its sentence (noun phrases with their
  determiner, locative phrases with their preposition, Time expressions, and the last name of a
  multi-word noun phrase) is classified into a role or ``NONE`` by a multinomial logistic
  regression (scikit-learn) over the event type, the candidate's kind, side, distance, preposition,
  head lemma and their combinations. A role is predicted when its probability reaches a threshold.
* **Attributes**: modality, evidentiality and change, each a logistic regression over the trigger
  lemma, the event type and the words around the trigger.

The CRF's regularisation and the argument threshold are chosen on validation (train is the only
data fitted). Training is deterministic (L-BFGS and liblinear-free solvers, fixed seed) and takes
seconds; the model is a ``joblib`` file in the model folder.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmark.ontology import EVENT_TYPES
from benchmark.schema import Document, Event

from . import german
from .base import InputDocument, load_meta, save_meta
from .lexicon import GUIDELINE_TRIGGERS, REFLEXIVE, LexiconBaseline, slot_candidates, validation_f1

NONE = "NONE"
_GUIDE = {word: t for t, words in GUIDELINE_TRIGGERS.items() for word in words if " " not in word}
_GUIDE_HEADS = sorted((w for w in _GUIDE if len(w) >= 5), key=len, reverse=True)
ATTRIBUTE_NAMES = ("modality", "evidentiality", "change")


def _shape(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[A-ZÄÖÜ]", "X", re.sub(r"[a-zäöüß]", "x",
                                                                   re.sub(r"\d", "d", word))))


def _guide_type(word: str, lemma: str) -> str:
    if lemma in _GUIDE:
        return _GUIDE[lemma]
    low = word.lower()
    for head in _GUIDE_HEADS:
        if low.endswith(head) or lemma.endswith(head):
            return "~" + _GUIDE[head]
    return "-"


def token_features(tokens: Sequence[german.Token], lexicon=None) -> list[dict[str, Any]]:
    """CRF features of each token; ``lexicon`` (a trained :class:`LexiconBaseline`) adds the
    type the lexicon baseline would give the token (stacking)."""
    words = [t.text for t in tokens]
    lemmas = [german.lemma(w) for w in words]
    guide = [_guide_type(w, le) for w, le in zip(words, lemmas)]
    feats = []
    for i, word in enumerate(words):
        low = word.lower()
        f = {"bias": 1.0, "w": low, "lemma": lemmas[i], "s3": low[-3:], "s4": low[-4:],
             "s5": low[-5:], "p4": low[:4], "shape": _shape(word)[:6], "title": word[:1].isupper(),
             "first": i == 0, "guide": guide[i], "guide_lemma": guide[i] + "|" + lemmas[i][-6:]}
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < len(words):
                f[f"{d}:w"] = words[j].lower()
                f[f"{d}:lemma"] = lemmas[j]
                if abs(d) == 1:
                    f[f"{d}:guide"] = guide[j]
            else:
                f[f"{d}:w"] = "<pad>"
        f["next_sich"] = i + 1 < len(words) and words[i + 1] == REFLEXIVE
        if lexicon is not None:
            hit = lexicon.lookup(tokens, i) if word[:1].isalpha() else None
            f["lex"] = hit[0] if hit else "-"
            f["lex|s4"] = f["lex"] + "|" + low[-4:]
        feats.append(f)
    return feats


def bio_labels(sentence: german.Sentence, events: Sequence[Event]) -> list[str]:
    tags = ["O"] * len(sentence.tokens)
    for event in sorted(events, key=lambda e: (e.trigger.start, e.trigger.end, e.type)):
        covered = [i for i, t in enumerate(sentence.tokens)
                   if t.start < event.trigger.end and event.trigger.start < t.end]
        if not covered or any(tags[i] != "O" for i in covered):
            continue
        tags[covered[0]] = f"B-{event.type}"
        for i in covered[1:]:
            tags[i] = f"I-{event.type}"
    return tags


def decode_bio(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first token, last token, type) of each tagged trigger; a stray ``I-`` starts one.

    >>> decode_bio(["O", "B-MEETING", "I-MEETING", "I-ATTACK", "O"])
    [(1, 2, 'MEETING'), (3, 3, 'ATTACK')]
    """
    spans: list[list] = []
    for i, tag in enumerate(tags):
        if tag == "O":
            continue
        kind, event_type = tag.split("-", 1)
        if kind == "I" and spans and spans[-1][1] == i - 1 and spans[-1][2] == event_type:
            spans[-1][1] = i
        else:
            spans.append([i, i, event_type])
    return [tuple(s) for s in spans]


def posterior_tags(marginals: Sequence[dict[str, float]], lexicon_types: Sequence[str],
                   threshold: float, lexicon_threshold: float, lexicon_typed: bool) -> list[str]:
    """Tags from the CRF's per-token marginals. A token is part of a trigger when the probability
    that it is not ``O`` reaches ``threshold``, or ``lexicon_threshold`` for a token the lexicon
    marks (``lexicon_types[i]`` not ``-``): the two thresholds, tuned on validation, let the CRF
    trade precision for recall where the lexicon has evidence. The type is the most probable
    non-``O`` label, or the lexicon's type when ``lexicon_typed``.

    >>> posterior_tags([{"O": 0.6, "B-MEETING": 0.4}, {"O": 0.9, "B-ATTACK": 0.1}],
    ...                ["-", "ATTACK"], 0.3, 0.05, False)
    ['B-MEETING', 'B-ATTACK']
    """
    tags: list[str] = []
    for i, m in enumerate(marginals):
        lexical = lexicon_types[i] != "-"
        if 1.0 - m.get("O", 0.0) < (lexicon_threshold if lexical else threshold):
            tags.append("O")
            continue
        label = max((k for k in m if k != "O"), key=lambda k: (m[k], k))
        kind, event_type = label.split("-", 1)
        if lexical and lexicon_typed:
            kind, event_type = "B", lexicon_types[i]
        if kind == "I" and not (i and tags[-1] != "O" and tags[-1].endswith("-" + event_type)):
            kind = "B"
        tags.append(f"{kind}-{event_type}")
    return tags


def candidates(sentence: german.Sentence, text: str, nps: list[german.Chunk],
               times: list[german.TimeMatch]) -> list[german.Chunk]:
    """Argument candidates of a sentence (deduplicated by span)."""
    out = {}
    for t in times:
        out.setdefault((t.start, t.end), german.Chunk(t.start, t.end, "time", "", value=t.value))
    for c in german.place_phrases(nps, sentence):
        out.setdefault((c.start, c.end), c)
    for c in nps:
        out.setdefault((c.start, c.end), c)
        toks = sentence.tokens[c.first_token:c.last_token + 1]
        if len(toks) > 1 and toks[-1].text[:1].isupper() and toks[-2].text[:1].isupper():
            last = toks[-1]
            out.setdefault((last.start, last.end),
                           german.Chunk(last.start, last.end, "name", last.text, "",
                                        c.last_token, c.last_token))
    return list(out.values())


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-7" if n < 8 else "8-15" if n < 16 else "16+"


def argument_features(sentence: german.Sentence, first: int, last: int, event_type: str,
                      chunk: german.Chunk, slots: dict[str, german.Chunk]) -> dict[str, Any]:
    tokens = sentence.tokens
    tstart, tend = tokens[first].start, tokens[last].end
    side = "L" if chunk.end <= tstart else "R" if chunk.start >= tend else "O"
    between = [t for t in tokens if (chunk.end <= t.start < tstart) or (tend <= t.start < chunk.start)]
    distance = len(between)
    prep = chunk.prep
    if chunk.kind == "time":
        prep = ""
    inside = [i for i, t in enumerate(tokens) if chunk.start <= t.start < chunk.end]
    ctoks = [tokens[i] for i in inside]
    head = german.lemma(ctoks[-1].text) if ctoks else ""
    first_word = ctoks[0].text.lower() if ctoks else ""
    slot = next((name for name, c in slots.items() if (c.start, c.end) == (chunk.start, chunk.end)),
                "none")
    trigger_lemma = german.lemma(tokens[first].text)
    nominal = "N" if tokens[first].text[:1].isupper() else "V"
    before = tokens[inside[0] - 1].text.lower() if inside and inside[0] > 0 else "<s>"
    after = tokens[inside[-1] + 1].text.lower() if inside and inside[-1] + 1 < len(tokens) \
        else "</s>"
    adjacent = distance == 0 or (distance == 1 and between[0].text.lower() in ("der", "des"))
    clause = any(t.text in (",", ";", ":") or t.text.lower() in ("und", "dass", "oder", "sowie")
                 for t in between)
    return {
        "pos|side": f"{nominal}|{side}", "type|pos|side|prep": f"{event_type}|{nominal}|{side}|{prep}",
        "before": before, "after": after, "adjacent": adjacent, "clause": clause,
        "type|side|adjacent": f"{event_type}|{side}|{adjacent}", "side|clause": f"{side}|{clause}",
        "type": event_type, "kind": chunk.kind, "side": side, "dist": _bucket(distance),
        "prep": prep, "type|prep": f"{event_type}|{prep}", "type|side": f"{event_type}|{side}",
        "type|kind": f"{event_type}|{chunk.kind}", "type|slot": f"{event_type}|{slot}", "slot": slot,
        "type|side|prep": f"{event_type}|{side}|{prep}", "head": head,
        "type|head": f"{event_type}|{head}", "first": first_word,
        "comma": any(t.text == "," for t in between), "len": _bucket(len(ctoks)),
        "det": first_word in german.DETERMINERS, "trigger": trigger_lemma,
        "trigger|side": f"{trigger_lemma}|{side}", "trigger|prep": f"{trigger_lemma}|{prep}",
        "pronoun": first_word in german.PRONOUNS,
        "verb_between": any(not t.text[:1].isupper() and t.text.endswith(("te", "ten", "t"))
                            for t in between),
    }


def attribute_features(tokens: Sequence[german.Token], first: int, event_type: str) -> dict[str, Any]:
    words = [t.text.lower() for t in tokens]
    f: dict[str, Any] = {"type": event_type, "trigger": german.lemma(tokens[first].text)}
    for i in range(max(0, first - 6), min(len(words), first + 7)):
        f[f"win:{words[i]}"] = 1.0
    for w in words:
        f[f"sent:{w}"] = 0.5
    for name, value in german.attribute_cues(words, first).items():
        f[f"cue:{name}"] = value
    return f


class LearnedBaseline:
    name = "learned"
    description = "CRF trigger tagger + logistic-regression arguments and attributes"

    def __init__(self) -> None:
        self.crf = None
        self.arguments = None  # (DictVectorizer, LogisticRegression)
        self.attributes: dict[str, Any] = {}
        self.params: dict[str, Any] = {}
        self.lexicon: LexiconBaseline | None = None
        self._marginals: dict | None = None

    # ------------------------------------------------------------------ training
    def train(self, train: Sequence[Document], validation: Sequence[Document], seed: int = 13
              ) -> dict[str, Any]:
        """Fit on ``train``; choose the CRF regularisation and the argument threshold on
        ``validation``."""
        import sklearn_crfsuite

        self.lexicon = LexiconBaseline()
        self.lexicon.train(train, validation, seed)
        folds = _cross_fitted_lexicons(train, self.lexicon.params)
        x_seq, y_seq = [], []
        arg_x, arg_y, attr_x = [], [], []
        attr_y: dict[str, list[str]] = {a: [] for a in ATTRIBUTE_NAMES}
        for number, doc in enumerate(train):
            fold_lexicon = folds[number % len(folds)]
            for sentence in german.split_sentences(doc.text):
                events = [e for e in doc.events if sentence.start <= e.trigger.start < sentence.end]
                x_seq.append(token_features(sentence.tokens, fold_lexicon))
                y_seq.append(bio_labels(sentence, events))
                if not events:
                    continue
                nps = german.noun_phrases(sentence, doc.text)
                times = german.time_expressions(doc.text, sentence.start, sentence.end)
                cands = candidates(sentence, doc.text, nps, times)
                for event in events:
                    covered = [i for i, t in enumerate(sentence.tokens)
                               if t.start < event.trigger.end and event.trigger.start < t.end]
                    if not covered:
                        continue
                    first, last = covered[0], covered[-1]
                    slots = slot_candidates(sentence, doc.text, first, last, nps, times)
                    gold = {(a.span.start, a.span.end): a.role for a in event.arguments}
                    for chunk in cands:
                        if chunk.start < sentence.tokens[last].end and \
                                sentence.tokens[first].start < chunk.end:
                            continue
                        arg_x.append(argument_features(sentence, first, last, event.type, chunk,
                                                       slots))
                        arg_y.append(gold.get((chunk.start, chunk.end), NONE))
                    attr_x.append(attribute_features(sentence.tokens, first, event.type))
                    for name in ATTRIBUTE_NAMES:
                        attr_y[name].append(getattr(event, name))
        self.arguments = _fit_logistic(arg_x, arg_y, seed, c=1.0)
        self.attributes = {name: _fit_logistic(attr_x, attr_y[name], seed, c=0.5)
                           for name in ATTRIBUTE_NAMES}
        best = None
        for c1, c2 in ((0.5, 0.01), (1.0, 0.01)):
            crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=c1, c2=c2, max_iterations=150,
                                       all_possible_transitions=True)
            crf.fit(x_seq, y_seq)
            self.crf, self._marginals = crf, {}
            for trigger_threshold in (0.3, 0.5):
                for lexicon_threshold in (0.01, 0.05, 0.2):
                    for lexicon_typed in (False, True):
                        for threshold in (0.3, 0.4, 0.5):
                            self.params = {"c1": c1, "c2": c2,
                                           "trigger_threshold": trigger_threshold,
                                           "lexicon_threshold": lexicon_threshold,
                                           "lexicon_typed": lexicon_typed,
                                           "threshold": threshold, "seed": seed}
                            figures = (validation_f1(self, validation) if validation
                                       else (0.0, 0.0))
                            if best is None or figures > best[0]:
                                best = (figures, crf, dict(self.params))
        self._marginals = None
        figures, self.crf, self.params = best
        self.params["lexicon"] = self.lexicon.params
        return {**self.params, "train_sentences": len(x_seq), "argument_examples": len(arg_x),
                "validation_trigger_f1": figures[0], "validation_argument_f1": figures[1]}

    # ------------------------------------------------------------------ persistence
    def save(self, folder: Path) -> None:
        import joblib

        folder.mkdir(parents=True, exist_ok=True)
        joblib.dump({"crf": self.crf, "arguments": self.arguments, "attributes": self.attributes,
                     "params": self.params, "lexicon": (self.lexicon.lexicon, self.lexicon.slots)},
                    folder / "model.joblib")
        save_meta(folder, self.name, {"params": self.params})

    def load(self, folder: Path) -> None:
        import joblib

        load_meta(folder, self.name)
        state = joblib.load(folder / "model.joblib")
        self.crf, self.arguments = state["crf"], state["arguments"]
        self.attributes, self.params = state["attributes"], state["params"]
        self.lexicon = LexiconBaseline()
        self.lexicon.set_state(*state["lexicon"], self.params["lexicon"])
        german.warm_up()

    # ------------------------------------------------------------------ prediction
    def predict(self, document: InputDocument) -> dict[str, Any]:
        return self.predict_many([document])[0]

    def predict_many(self, documents: Sequence[InputDocument], progress=None) -> list[dict]:
        """Submission objects for ``documents`` (the models run on batches of sentences)."""
        iterator = progress(documents) if progress else documents
        return [self._predict_document(d) for d in iterator]

    def _predict_document(self, document: InputDocument) -> dict[str, Any]:
        text = document.text
        sentences = german.split_sentences(text)
        if not sentences:
            return {"doc_id": document.doc_id, "events": []}
        cached = self._marginals.get(document.doc_id) if self._marginals is not None else None
        if cached is None:
            features = [token_features(s.tokens, self.lexicon) for s in sentences]
            cached = (self.crf.predict_marginals(features),
                      [[f.get("lex", "-") for f in sentence] for sentence in features])
            if self._marginals is not None:  # while tuning: the CRF output is reused
                self._marginals[document.doc_id] = cached
        p = self.params
        tag_seqs = [posterior_tags(m, lex, p["trigger_threshold"], p["lexicon_threshold"],
                                   p["lexicon_typed"]) for m, lex in zip(*cached)]
        pending = []  # (sentence, first, last, type, candidates, slots)
        for sentence, tags in zip(sentences, tag_seqs):
            found = decode_bio(tags)
            if not found:
                continue
            nps = german.noun_phrases(sentence, text)
            times = german.time_expressions(text, sentence.start, sentence.end)
            cands = candidates(sentence, text, nps, times)
            for first, last, event_type in found:
                tstart, tend = sentence.tokens[first].start, sentence.tokens[last].end
                own = [c for c in cands if c.end <= tstart or c.start >= tend]
                slots = slot_candidates(sentence, text, first, last, nps, times)
                pending.append((sentence, first, last, event_type, own, slots))
        if not pending:
            return {"doc_id": document.doc_id, "events": []}
        vectorizer, model = self.arguments
        rows = [argument_features(s, f, la, t, c, sl)
                for s, f, la, t, own, sl in pending for c in own]
        probabilities = model.predict_proba(vectorizer.transform(rows)) if rows else []
        classes = list(model.classes_)
        attr_rows = [attribute_features(s.tokens, f, t) for s, f, la, t, own, sl in pending]
        attr_values = {name: _predict_labels(self.attributes[name], attr_rows)
                       for name in ATTRIBUTE_NAMES}
        events, k = [], 0
        threshold = self.params["threshold"]
        for index, (sentence, first, last, event_type, own, _slots) in enumerate(pending):
            allowed = EVENT_TYPES[event_type].roles
            arguments = []
            for chunk in own:
                probs = probabilities[k]
                k += 1
                order = sorted(range(len(classes)), key=lambda j: -probs[j])
                for j in order:
                    role = classes[j]
                    if role == NONE or probs[j] < threshold:
                        break
                    if role in allowed:
                        argument = {"role": role, "start": chunk.start, "end": chunk.end}
                        if role == "Time":
                            if chunk.value is None:
                                break
                            argument["value"] = chunk.value
                        arguments.append(argument)
                        break
            events.append({
                "type": event_type,
                "trigger": {"start": sentence.tokens[first].start, "end": sentence.tokens[last].end},
                "arguments": _drop_nested(arguments),
                **{name: attr_values[name][index] for name in ATTRIBUTE_NAMES},
            })
        return {"doc_id": document.doc_id, "events": events}


def _cross_fitted_lexicons(train: Sequence[Document], params: dict, folds: int = 5
                           ) -> list[LexiconBaseline]:
    """Lexicons each built without one fold of ``train``: document ``i`` gets its lexicon
    features from lexicon ``i % folds``, which never saw it, so the CRF learns how far to trust
    the lexicon on unseen text instead of memorising it."""
    out = []
    for k in range(folds):
        lexicon = LexiconBaseline()
        lexicon._stats = lexicon._count([d for i, d in enumerate(train) if i % folds != k])
        lexicon._finalise(params["min_precision"], params["min_slot_precision"])
        out.append(lexicon)
    return out


def _drop_nested(arguments: list[dict]) -> list[dict]:
    """Of overlapping argument spans keep the one predicted first per role (spans are in
    candidate order: time, place, noun phrase, name)."""
    kept: list[dict] = []
    for a in arguments:
        if not any(a["start"] < b["end"] and b["start"] < a["end"] for b in kept):
            kept.append(a)
    return kept


def _fit_logistic(rows: list[dict], labels: list[str], seed: int, c: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform(rows)
    if len(set(labels)) < 2:
        return (vectorizer, _Constant(labels[0] if labels else NONE))
    model = LogisticRegression(C=c, max_iter=2000, random_state=seed)
    model.fit(x, labels)
    return (vectorizer, model)


class _Constant:
    """A one-class "classifier" (e.g. when train has a single change value)."""

    def __init__(self, label: str) -> None:
        self.classes_ = [label]

    def predict(self, x):
        return [self.classes_[0]] * x.shape[0]

    def predict_proba(self, x):
        return [[1.0] for _ in range(x.shape[0])]


def _predict_labels(pair, rows: list[dict]) -> list[str]:
    vectorizer, model = pair
    if not rows:
        return []
    return [str(v) for v in model.predict(vectorizer.transform(rows))]


__all__ = ["LearnedBaseline"]
