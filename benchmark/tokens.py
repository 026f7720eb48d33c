"""Deterministic, offline sentence splitting and tokenisation for the ``sentences`` config.

spaCy's ``blank("de")`` tokenizer (MIT) with its rule-based sentencizer; paragraphs (lines) are
split first so a title line without final punctuation never merges with the lede. Gold and scoring
stay in character offsets: no score depends on this tokenizer.

>>> [(s.start, s.end, [t.text for t in s.tokens]) for s in split_sentences("Kim traf Putin.\\nEnde")]
[(0, 15, ['Kim', 'traf', 'Putin', '.']), (16, 20, ['Ende'])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .schema import Event


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    tokens: tuple[Token, ...]


@lru_cache(maxsize=1)
def _pipeline():
    import spacy

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    return nlp


def split_sentences(text: str) -> list[Sentence]:
    nlp = _pipeline()
    sentences = []
    for paragraph in re.finditer(r"[^\n]+", text):
        offset = paragraph.start()
        doc = nlp(paragraph.group())
        for sent in doc.sents:
            tokens = tuple(Token(t.text, offset + t.idx, offset + t.idx + len(t.text))
                           for t in sent if not t.is_space)
            if tokens:
                sentences.append(Sentence(tokens[0].start, tokens[-1].end, tokens))
    return sentences


def bio_tags(sentence: Sentence, events: tuple[Event, ...]) -> tuple[list[str], int]:
    """BIO trigger tags for the tokens of one sentence, and how many triggers could not be tagged.

    A token belongs to a trigger when their character ranges overlap. Where triggers overlap each
    other (two types on one word), the first in document order keeps the tokens and the later one
    is counted as not tagged, since BIO cannot represent overlaps.
    """
    tags = ["O"] * len(sentence.tokens)
    dropped = 0
    for event in sorted(events, key=lambda e: (e.trigger.start, e.trigger.end, e.type)):
        if event.trigger.end <= sentence.start or event.trigger.start >= sentence.end:
            continue
        covered = [i for i, tok in enumerate(sentence.tokens)
                   if tok.start < event.trigger.end and event.trigger.start < tok.end]
        if not covered or any(tags[i] != "O" for i in covered):
            dropped += 1
            continue
        tags[covered[0]] = f"B-{event.type}"
        for i in covered[1:]:
            tags[i] = f"I-{event.type}"
    return tags, dropped
