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


def render_card(*, metadata: dict, stats: dict, documents: Sequence[AnnotatedDocument],
                splits: Mapping[str, str], dataset_hash: str, untagged_triggers: int) -> str:
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

## Annotation
Annotated from the raw text following `annotations/guidelines.md` of the EventBench-DE repository,
validated by `eventbench check`. Agreement figures are reported in the repository's agreement report
once the double-annotated subset exists.

## Known limitations
- News of 2015–2016 from a single Austrian outlet (DER STANDARD); the founding article is a 2024
  report; authored reports (if present) are written for the benchmark and scored as their own subset.
- Arguments are explicit spans only; no cross-document coreference.

## Citation
```bibtex
{CITATION % (BENCHMARK_VERSION, dataset_hash)}
```
"""
