"""LLM baseline: few-shot prompting of an OpenAI-compatible chat endpoint.

Works with any server that speaks the OpenAI chat-completions API (vLLM, llama.cpp server,
Ollama, hosted APIs) through the ``openai`` client library (``pip install -e '.[llm]'``).

* **Prompt**: the ontology's type definitions and roles (the guidelines' definitions, §2.2), the
  span rules of the guidelines in brief, and few-shot examples — sentences of the train split with
  their gold events — chosen by ``eventbench baseline train llm`` (seeded) and saved in the model
  folder as ``prompt.json``.
* **Output**: the model answers JSON ``{"events": [...]}`` with spans given as *text*; the
  submission keeps them text-only, so the scorer's aligner places them (docs/metrics.md §2).
* **Robustness**: code fences and prose around the JSON are tolerated; a malformed answer,
  an unknown type or role, a span that does not occur in the document or a bad Time value is
  dropped and counted (never a crash); requests time out, are retried with exponential backoff
  and run concurrently; every answer is cached on disk (keyed by the sha256 of the request), so
  an interrupted run resumes where it stopped and a repeated run sends no request.

Configuration: ``--endpoint`` / ``$EVENTBENCH_LLM_BASE_URL`` (else ``$OPENAI_BASE_URL``),
``--llm-model`` / ``$EVENTBENCH_LLM_MODEL``, API key ``$EVENTBENCH_LLM_API_KEY`` (else
``$OPENAI_API_KEY``; local servers need none). Without an endpoint the baseline is skipped with
a message saying what to set.

>>> parse_answer('```json\\n{"events": [{"type": "MEETING", "trigger": "traf"}]}\\n```')
[{'type': 'MEETING', 'trigger': 'traf'}]
>>> parse_answer("no JSON here") is None
True
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import threading
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from benchmark.errors import BenchmarkError
from benchmark.io import atomic_write_text, read_json, write_json
from benchmark.ontology import ATTRIBUTES, EVENT_TYPES, VALUED_ROLES
from benchmark.schema import Document
from benchmark.timex import is_valid_timex

from . import german
from .base import InputDocument, load_meta, save_meta

PROMPT_VERSION = "1"
MAX_CHUNK_CHARS = 4000
EXAMPLES = 6

RULES = """\
Annotate every mention of an event of these types in the German news text (also planned,
possible, negated or generic ones). Rules:
- The trigger is the single word that most directly expresses the event (a verb, an event noun
  or a participle); compounds are taken whole (e.g. "Waffenexport"); for a separated particle verb
  only the finite verb ("rüstet" in "rüstet auf"); an adjacent reflexive pronoun belongs to the
  trigger ("trafen sich"). Planning, modal, reporting and change words are never triggers.
- Arguments are spans of the same sentence. Time and Place: the whole adverbial including the
  preposition ("am 2. Oktober", "in der Ukraine"); a Time argument also gets a TIMEX3 "value"
  (e.g. 2024-10-02, 2024-10, XXXX-XX-XX for a weekday, PRESENT_REF). Other roles: the noun
  phrase with its determiner but without a preposition ("die Zentrale Militärkommission", "mit
  [Russland]"); no relative clauses; each conjunct is its own argument.
- modality: ASSERTED, PLANNED, POSSIBLE, NEGATED or GENERIC; evidentiality: DIRECT, REPORTED
  (attributed: "laut", "sagte") or ALLEGED (reportative "soll", Konjunktiv I); change: NONE,
  INCREASE or DECREASE.
- Copy every span exactly as it is written in the text.
Answer with JSON only: {"events": [{"type": TYPE, "trigger": TEXT, "arguments": [{"role": ROLE,
"text": TEXT, "value": TIMEX or null}], "modality": ..., "evidentiality": ..., "change": ...}]}.
If there is no event, answer {"events": []}."""


def system_prompt() -> str:
    lines = [RULES, "", "Event types (definition; roles):"]
    for t in EVENT_TYPES.values():
        lines.append(f"- {t.name}: {t.definition}; roles {', '.join(t.roles)}; e.g. "
                     f"{', '.join(t.trigger_examples[:4])}")
    return "\n".join(lines)


def _example_answer(document: Document, start: int, end: int) -> dict[str, Any]:
    events = []
    for e in document.events:
        if start <= e.trigger.start < end:
            events.append({
                "type": e.type, "trigger": e.trigger.text,
                "arguments": [{"role": a.role, "text": a.span.text, "value": a.value}
                              for a in e.arguments if start <= a.span.start and a.span.end <= end],
                "modality": e.modality, "evidentiality": e.evidentiality, "change": e.change})
    return {"events": events}


def choose_examples(train: Sequence[Document], seed: int, k: int = EXAMPLES) -> list[dict]:
    """``k`` train sentences with events, covering as many event types as possible (seeded)."""
    pool = []
    for doc in train:
        for sentence in german.split_sentences(doc.text):
            answer = _example_answer(doc, sentence.start, sentence.end)
            if answer["events"] and sentence.end - sentence.start < 400:
                pool.append((doc.text[sentence.start:sentence.end], answer))
    random.Random(seed).shuffle(pool)
    chosen, seen = [], set()
    for text, answer in pool:  # first pass: new types first
        types = {e["type"] for e in answer["events"]}
        if types - seen and len(chosen) < k:
            chosen.append({"text": text, "answer": answer})
            seen |= types
    for text, answer in pool:
        if len(chosen) >= k:
            break
        if not any(c["text"] == text for c in chosen):
            chosen.append({"text": text, "answer": answer})
    return chosen


def parse_answer(content: str | None) -> list[Any] | None:
    """The list of events in a model answer, or ``None`` when no JSON can be recovered."""
    if not content:
        return None
    text = content.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    for opener, closer in (("{", "}"), ("[", "]")):
        start, end = text.find(opener), text.rfind(closer)
        if start == -1 or end <= start:
            continue
        try:
            obj = json.loads(text[start:end + 1])
        except (json.JSONDecodeError, RecursionError):  # deeply nested output: not an answer
            continue
        if isinstance(obj, dict) and isinstance(obj.get("events"), list):
            return obj["events"]
        if isinstance(obj, list):
            return obj
    return None


def clean_events(raw: list[Any], text: str, counts: Counter, *,
                 keep_unaligned: bool = False) -> list[dict[str, Any]]:
    """Submission events (text-only spans) from parsed model output; whatever does not fit the
    ontology (or, unless ``keep_unaligned``, the text) is dropped and counted in ``counts``.

    As a system, the baseline drops spans that are not in the text; an evaluation
    (``keep_unaligned=True``, the lm-eval task) keeps them so that the scorer counts them as false
    positives, as it does for every submission.

    >>> clean_events([{"type": ["x"], "trigger": "a"}, {"type": "ATTACK", "trigger": "zz"}],
    ...              "Angriff", Counter())
    []
    """
    events = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("type"), str) \
                or item["type"] not in EVENT_TYPES \
                or not isinstance(item.get("trigger"), str) or not item["trigger"].strip() \
                or (item["trigger"] not in text and not keep_unaligned):
            counts["dropped_events"] += 1
            continue
        allowed = EVENT_TYPES[item["type"]].roles
        arguments, seen = [], set()
        for arg in item.get("arguments") or []:
            if not isinstance(arg, dict) or not isinstance(arg.get("role"), str) \
                    or arg["role"] not in allowed \
                    or not isinstance(arg.get("text"), str) or not arg["text"].strip() \
                    or (arg["text"] not in text and not keep_unaligned) \
                    or (arg["role"], arg["text"]) in seen:
                counts["dropped_arguments"] += 1
                continue
            seen.add((arg["role"], arg["text"]))
            argument = {"role": arg["role"], "text": arg["text"]}
            if arg["role"] in VALUED_ROLES and is_valid_timex(arg.get("value")):
                argument["value"] = arg["value"]
            arguments.append(argument)
        event = {"type": item["type"], "trigger": {"text": item["trigger"]},
                 "arguments": arguments}
        for name, values in ATTRIBUTES.items():
            if item.get(name) in values:
                event[name] = item[name]
        if event not in events:
            events.append(event)
    return events


def chunks(text: str, limit: int = MAX_CHUNK_CHARS) -> list[str]:
    """The text cut at sentence ends into pieces of at most ``limit`` characters (a longer
    sentence is its own piece)."""
    pieces, start, last = [], 0, 0
    for _, end in german.sentence_bounds(text):
        if end - start > limit and last > start:
            pieces.append(text[start:last])
            start = last
        last = end
    if start < len(text):
        pieces.append(text[start:])
    return [p for p in pieces if p.strip()]


class LLMBaseline:
    name = "llm"
    description = "few-shot prompting of an OpenAI-compatible chat endpoint"

    def __init__(self, endpoint: str | None = None, model: str | None = None,
                 concurrency: int = 4, timeout: float = 120.0, retries: int = 4,
                 cache_dir: Path | None = None, backoff: float = 1.0) -> None:
        self.endpoint = endpoint or os.environ.get("EVENTBENCH_LLM_BASE_URL") \
            or os.environ.get("OPENAI_BASE_URL")
        self.model = model or os.environ.get("EVENTBENCH_LLM_MODEL")
        self.api_key = os.environ.get("EVENTBENCH_LLM_API_KEY") \
            or os.environ.get("OPENAI_API_KEY") or "not-needed"
        self.concurrency, self.timeout, self.retries = concurrency, timeout, retries
        self.backoff = backoff
        self.cache_dir = cache_dir
        self.prompt: dict[str, Any] | None = None
        self.counts: Counter = Counter()
        self._lock = threading.Lock()
        self._client = None

    # ------------------------------------------------------------------ "training"
    def train(self, train: Sequence[Document], validation: Sequence[Document], seed: int = 13
              ) -> dict[str, Any]:
        """Choose the few-shot examples from train (nothing is fitted; validation is unused)."""
        examples = choose_examples(train, seed)
        self.prompt = {"prompt_version": PROMPT_VERSION, "system": system_prompt(),
                       "examples": examples, "seed": seed}
        return {"examples": len(examples),
                "example_types": len({e["type"] for x in examples for e in x["answer"]["events"]})}

    def save(self, folder: Path) -> None:
        write_json(folder / "prompt.json", self.prompt)
        save_meta(folder, self.name, {"prompt_version": PROMPT_VERSION})

    def load(self, folder: Path) -> None:
        load_meta(folder, self.name)
        self.prompt = read_json(folder / "prompt.json")
        self.cache_dir = self.cache_dir or folder / "cache"
        self._client = self._make_client()

    def _make_client(self):
        try:
            import openai
        except ImportError:
            raise BaselineUnavailable("the llm baseline needs the openai client library: "
                                      "pip install -e '.[llm]'") from None
        if not self.endpoint or not self.model:
            raise BaselineUnavailable(
                "the llm baseline needs an OpenAI-compatible endpoint: set "
                "EVENTBENCH_LLM_BASE_URL (e.g. http://127.0.0.1:8000/v1) and EVENTBENCH_LLM_MODEL, "
                "or pass --endpoint and --llm-model")
        return openai.OpenAI(base_url=self.endpoint, api_key=self.api_key, timeout=self.timeout,
                             max_retries=0)

    # ------------------------------------------------------------------ requests
    def messages(self, text: str) -> list[dict[str, str]]:
        if self.prompt is None:
            raise BenchmarkError("the llm baseline has no prompt; load a trained model first")
        messages = [{"role": "system", "content": self.prompt["system"]}]
        for example in self.prompt["examples"]:
            messages.append({"role": "user", "content": f"Text:\n{example['text']}"})
            messages.append({"role": "assistant",
                             "content": json.dumps(example["answer"], ensure_ascii=False)})
        messages.append({"role": "user", "content": f"Text:\n{text}"})
        return messages

    def _cache_path(self, request: dict[str, Any]) -> Path:
        key = hashlib.sha256(json.dumps(request, ensure_ascii=False, sort_keys=True)
                             .encode("utf-8")).hexdigest()
        return Path(self.cache_dir) / key[:2] / f"{key}.json"

    def complete(self, text: str) -> str | None:
        """The model's answer for one piece of text (from the cache when possible); ``None``
        when every attempt failed."""
        request = {"model": self.model, "messages": self.messages(text), "temperature": 0.0}
        path = self._cache_path(request)
        if path.is_file():
            try:
                content = json.loads(path.read_text(encoding="utf-8"))["content"]
                self._count("cache_hits")
                return content
            except (ValueError, KeyError):
                pass  # a damaged cache entry is asked again
        import openai

        for attempt in range(self.retries + 1):
            try:
                self._count("requests")
                response = self._client.chat.completions.create(**request)
                content = response.choices[0].message.content or ""
                atomic_write_text(path, json.dumps({"content": content}, ensure_ascii=False))
                return content
            except (openai.APIConnectionError, openai.APITimeoutError, openai.RateLimitError,
                    openai.InternalServerError) as exc:
                self._count("retried_errors")
                last = exc
            except openai.APIStatusError as exc:  # 4xx other than 429: retrying will not help
                last = exc
                break
            if attempt < self.retries:
                time.sleep(self.backoff * 2 ** attempt)
        self._count("failed_requests")
        self._last_error = f"{type(last).__name__}: {last}"
        return None

    def _count(self, key: str, n: int = 1) -> None:
        with self._lock:
            self.counts[key] += n

    # ------------------------------------------------------------------ prediction
    def predict(self, document: InputDocument) -> dict[str, Any]:
        return self.predict_many([document])[0]

    def predict_many(self, documents: Sequence[InputDocument], progress=None) -> list[dict]:
        """Submission objects; pieces of all documents are requested ``concurrency`` at a time."""
        jobs = [(i, piece) for i, d in enumerate(documents) for piece in chunks(d.text)]
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            answers = pool.map(lambda job: self.complete(job[1]), jobs)
            answers = list(progress(answers) if progress else answers)
        events: list[list[dict]] = [[] for _ in documents]
        for (i, piece), answer in zip(jobs, answers):
            if answer is None:
                continue
            raw = parse_answer(answer)
            if raw is None:
                self._count("malformed_answers")
                continue
            counts: Counter = Counter()
            events[i].extend(e for e in clean_events(raw, piece, counts) if e not in events[i])
            self.counts.update(counts)
        return [{"doc_id": d.doc_id, "events": events[i]} for i, d in enumerate(documents)]

    def run_notes(self) -> str:
        c = self.counts
        note = (f"llm: {c['requests']} request(s), {c['cache_hits']} cached answer(s), "
                f"{c['retried_errors']} retried error(s), {c['failed_requests']} failed "
                f"request(s), {c['malformed_answers']} malformed answer(s), "
                f"{c['dropped_events']} dropped event(s), {c['dropped_arguments']} dropped "
                f"argument(s)")
        if c["failed_requests"]:
            note += f"; last error: {getattr(self, '_last_error', '?')}"
        return note


class BaselineUnavailable(BenchmarkError):
    """A baseline cannot run here (missing optional library or endpoint); it is skipped."""
