"""Hugging Face ``datasets`` features of the two configs; closed inventories are ClassLabels."""

from __future__ import annotations

from functools import lru_cache

from .ontology import CHANGE, EVIDENTIALITY, MODALITY, ROLE_NAMES, TYPE_NAMES

BIO_TAGS: tuple[str, ...] = ("O",) + tuple(f"{p}-{t}" for t in TYPE_NAMES for p in ("B", "I"))


@lru_cache(maxsize=1)
def document_features():
    from datasets import ClassLabel, Features, List, Value

    span = {"start": Value("int32"), "end": Value("int32"), "text": Value("string")}
    argument = {"role": ClassLabel(names=list(ROLE_NAMES)), **span, "value": Value("string")}
    event = {
        "id": Value("string"),
        "type": ClassLabel(names=list(TYPE_NAMES)),
        "trigger": span,
        "arguments": List(argument),
        "modality": ClassLabel(names=list(MODALITY)),
        "evidentiality": ClassLabel(names=list(EVIDENTIALITY)),
        "change": ClassLabel(names=list(CHANGE)),
        "cluster": Value("string"),
    }
    return Features({
        "doc_id": Value("string"),
        "source": Value("string"),
        "license": Value("string"),
        "lang": Value("string"),
        "dct": Value("string"),
        "title": Value("string"),
        "text": Value("string"),
        "events": List(event),
    })


@lru_cache(maxsize=1)
def sentence_features():
    from datasets import ClassLabel, Features, List, Value

    return Features({
        "doc_id": Value("string"),
        "sentence_index": Value("int32"),
        "start": Value("int32"),
        "end": Value("int32"),
        "text": Value("string"),
        "tokens": List(Value("string")),
        "token_starts": List(Value("int32")),
        "token_ends": List(Value("int32")),
        "trigger_tags": List(ClassLabel(names=list(BIO_TAGS))),
    })


FEATURES = {"documents": document_features, "sentences": sentence_features}
