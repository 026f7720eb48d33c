"""The dataset card (README.md of the built dataset): YAML metadata plus prose, rendered from data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import yaml

from . import BENCHMARK_VERSION
from .annotations import AnnotatedDocument
from .ontology import EVENT_TYPES, ONTOLOGY_VERSION
from .schema import FORMAT_VERSION
from .sources import SOURCE_KINDS

CITATION = """@misc{eventbench_de_2026,
  title  = {EventBench-DE: An Event Extraction Benchmark for German News on Arms, Diplomacy and Security},
  author = {{EventBench-DE authors}},
  year   = {2026},
  note   = {Dataset version %s, content hash %s}
}"""


def _news_documents(documents: Sequence[AnnotatedDocument]) -> int:
    return sum(1 for d in documents if d.document.source == "10kGNAD")


def _empty_news(documents: Sequence[AnnotatedDocument]) -> int:
    return sum(1 for d in documents if d.document.source == "10kGNAD" and not d.document.events)


def card_metadata(split_sizes: Mapping[str, Mapping[str, int]], infos: Mapping[str, dict]) -> dict:
    """The YAML header: configs with their Parquet files and dataset_info with typed features."""
    configs = [
        {"config_name": config,
         "data_files": [{"split": split, "path": f"{config}/{split}.parquet"}
                        for split in sizes],
         **({"default": True} if config == "documents" else {})}
        for config, sizes in split_sizes.items()
    ]
    dataset_info = [{"config_name": config, **infos[config]} for config in split_sizes]
    return {
        "language": ["de"],
        "license": "other",
        "license_name": "mixed-per-document",
        "license_link": "LICENSES.md",
        "pretty_name": "EventBench-DE",
        "task_categories": ["token-classification"],
        "tags": ["event-extraction", "german", "news", "arms-trade", "diplomacy"],
        "configs": configs,
        "dataset_info": dataset_info,
    }


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def render_agreement(agreement: Mapping | None) -> str:
    """The agreement paragraph of the card, from the committed agreement report (or its absence)."""
    if not agreement:
        return ("No agreement study is recorded yet (`annotations/agreement/report.json` is "
                "missing).")
    levels = agreement["levels"]
    rows = [[name, f"{100 * levels['strict'][name]['f1']:.1f}",
             f"{100 * levels['lenient'][name]['f1']:.1f}"]
            for name in ("trigger_classification", "argument_classification",
                         "argument_classification_attached", "event")]
    kappas = [[name, a["pairs"], "—" if a["cohen_kappa"] is None else f"{a['cohen_kappa']:.3f}"]
              for name, a in agreement["attributes"].items()]
    return (f"{len(agreement['documents'])} documents were annotated twice by independent "
            f"annotators ({agreement['events']['first']} and {agreement['events']['second']} "
            "event mentions, guidelines v1.0, before adjudication) and compared with the project's "
            "scorer; reproduce with "
            f"`{agreement['command']}`.\n\n"
            + _table(["level", "strict F1 (%)", "lenient F1 (%)"], rows) + "\n\n"
            + _table(["attribute", "matched event pairs", "Cohen's κ"], kappas))


def render_card(*, metadata: dict, stats: dict, documents: Sequence[AnnotatedDocument],
                splits: Mapping[str, str], dataset_hash: str, untagged_triggers: int,
                agreement: Mapping | None = None) -> str:
    header = yaml.safe_dump(metadata, sort_keys=False, allow_unicode=True, width=100)
    split_names = [s for s, block in stats["splits"].items() if block["documents"]]
    overview = _table(
        ["", *split_names, "all"],
        [[label, *(stats["splits"][s][key] for s in split_names), stats["all"][key]]
         for label, key in (("documents", "documents"), ("event mentions", "events"),
                            ("arguments", "arguments"), ("event clusters", "event_clusters"))])
    per_type = _table(
        ["type", "family", *split_names, "all"],
        [[t, EVENT_TYPES[t].family, *(stats["splits"][s]["types"][t] for s in split_names),
          stats["all"]["types"][t]] for t in EVENT_TYPES])
    per_role = _table(["role", *split_names, "all"],
                      [[r, *(stats["splits"][s]["roles"][r] for s in split_names), n]
                       for r, n in stats["all"]["roles"].items()])
    attributes = _table(["attribute", "value", "count"],
                        [[name, value, n] for name in ("modality", "evidentiality", "change")
                         for value, n in stats["all"][name].items()])
    subsets = _table(["source", "documents", "event mentions", "licence", "attribution"],
                     [[src, block["documents"], block["events"], SOURCE_KINDS[src].license,
                       SOURCE_KINDS[src].attribution] for src, block in stats["sources"].items()])
    per_doc = _table(["doc_id", "split", "source", "reference", "licence", "events"],
                     [[d.document.doc_id, splits[d.document.doc_id], d.document.source,
                       f"row {d.source_ref}" if d.document.source == "10kGNAD" else d.source_ref,
                       d.document.license, len(d.document.events)] for d in documents])
    return f"""---
{header}---

# EventBench-DE

Event extraction from German news about arms production and exports, military orders, diplomacy and
sanctions. Each document carries gold event mentions: a trigger span, one of 15 event types
(ontology v{ONTOLOGY_VERSION}), argument spans with roles, modality, evidentiality, change, normalised
time values and within-document coreference clusters. All offsets are Python string indices into the
NFC text (format v{FORMAT_VERSION}).

- Benchmark version: {BENCHMARK_VERSION}
- Dataset content hash (sha256 of the data files): `{dataset_hash}`
- Configs: `documents` (one row per document, gold format) and `sentences` (one row per sentence:
  tokens with character offsets and BIO trigger tags; {untagged_triggers} trigger(s) could not be
  tagged because they overlap another trigger). Tokenisation: spaCy `blank("de")` with its
  sentencizer; scores never depend on it.

```python
from datasets import load_dataset
docs = load_dataset("path/to/this/folder", "documents")
```

## Statistics
{overview}

### Event mentions per type
{per_type}

### Arguments per role
{per_role}

### Attributes
{attributes}

## Sources and licences
Every document keeps the licence of its source text; the annotations on it inherit that licence.

{subsets}

Source texts of 10kGNAD are not stored in the annotation repository: the build resolves them from
the 10kGNAD test split (upstream `tblock/10kGNAD`, commit `da845fe4`) and verifies each text's sha256.

### Documents
{per_doc}

## Ontology
{_table(["type", "family", "roles", "ACE 2005", "PLOVER"],
        [[t.name, t.family, ", ".join(t.roles), t.ace2005, t.plover] for t in EVENT_TYPES.values()])}

## Subsets
- **news** — articles of the 10kGNAD test split (DER STANDARD, 2015–2016) chosen by the documented
  selection (`annotations/SELECTION.md`), including about 10 % control articles with few or no
  in-ontology events; with the founding article they fill the splits `train`, `validation` and
  `test`. `test` is the official evaluation split.
- **authored** — German reports written for this benchmark (CC BY 4.0) about publicly reported
  2022–2025 events, to cover orders, approvals, production, exports and deliveries, which the
  2015–2016 news rarely mention. They are realistic but simplified, not a news source, and sit in
  their own splits `authored_train`, `authored_validation`, `authored_test`, scored separately.
- **seed** — the founding article (a 2024 report), the worked example of the guidelines, in
  `validation` only; it is not redistributable and is left out of `--redistributable-only` builds.

## Annotation
Every document was annotated from its raw text following `annotations/guidelines.md` of the
EventBench-DE repository: all in-ontology event mentions, their explicit arguments, modality,
evidentiality, change, TIMEX3 values and within-document coreference clusters. The process: (1)
first annotation of each document under guidelines v1.0; (2) a second, independent annotation of a
subset for the agreement study; (3) guidelines v1.1, whose new rules settle the disagreements and the
ambiguities the annotators reported (`annotations/agreement/round1/DISAGREEMENTS.md`); (4)
adjudication of the doubly annotated documents and a review of every other document against v1.1 by
a second person. Every file is validated by `eventbench check` (anchors, inventory, TIMEX3 values,
checksums) before it enters the gold. The annotators, reviewers and adjudicators were independent
model-based annotation sessions (large language model helpers), each annotator given only the
guidelines and the raw text; no baseline system pre-annotated anything.

### Inter-annotator agreement
{render_agreement(agreement)}

## Known limitations
- The news are from 2015–2016 and from a single Austrian outlet (DER STANDARD); its sections
  International, Inland and Wirtschaft dominate. 10kGNAD gives no publication dates, so many time
  values have unknown years (`XXXX-06`).
- The authored subset is written for the benchmark: realistic, but simplified and not a source of
  facts; evaluate with and without it.
- The annotators are instances of one family of language models: their errors can be correlated,
  so agreement between them may overstate how reliably humans would agree.
- Size: {stats["all"]["events"]} event mentions, fewer than the 3,000 planned for corpus v1. The
  10kGNAD test split holds fewer in-domain articles than expected: {_empty_news(documents)} of the
  {_news_documents(documents)} selected news articles have no
  in-ontology event (they stay in as negatives, so systems pay for false positives).
- Arguments are explicit spans only; there is no cross-document coreference.

## Citation
```bibtex
{CITATION % (BENCHMARK_VERSION, dataset_hash)}
```
"""
