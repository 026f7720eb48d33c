"""Write the hand-made gold and submission fixtures of tests/data (see README.md there).

Run from the repository root: ``.venv/bin/python tests/data/make_fixtures.py``. The German texts
are written for these tests; spans are given as (text, occurrence) and turned into offsets here, so
that the offsets are right by construction.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

# doc_id -> (dct, text, events); an event: (type, trigger, [(role, span, value)], attributes)
# a span is "words" or ("words", occurrence) with occurrence counted from 0.
DOCS = {
    "fx-meeting": (
        "2024-03-04",
        "Am Montag trafen sich Kanzler Scholz und Präsident Macron in Paris. Sie vereinbarten "
        "eine engere Zusammenarbeit bei der Rüstung.",
        [
            ("MEETING", "trafen sich", [("Participant", "Kanzler Scholz", None),
                                        ("Participant", "Präsident Macron", None),
                                        ("Time", "Am Montag", "2024-03-04"),
                                        ("Place", "in Paris", None)], {}),
            ("AGREEMENT", "vereinbarten", [("Party", "Sie", None),
                                           ("Agreement", "eine engere Zusammenarbeit bei der "
                                            "Rüstung", None)], {}),
            ("COOPERATION", "Zusammenarbeit", [], {"modality": "PLANNED"}),
        ],
    ),
    "fx-export": (
        "2024-06-12",
        "Die Regierung genehmigte am Mittwoch den Export von 50 Panzern nach Polen. Die "
        "Lieferung soll im Herbst erfolgen.",
        [
            ("AUTHORIZATION", "genehmigte", [("Authorizer", "Die Regierung", None),
                                             ("Time", "am Mittwoch", "2024-06-12")], {}),
            ("EXPORT", "Export", [("Quantity", "50", None), ("Artifact", "Panzern", None),
                                  ("Recipient", "nach Polen", None)], {}),
            ("DELIVERY", "Lieferung", [("Time", "im Herbst", "2024-FA")],
             {"modality": "PLANNED", "evidentiality": "REPORTED"}),
        ],
    ),
    "fx-attack": (
        "2024-05-10",
        "Russland griff in der Nacht die Stadt Charkiw mit Drohnen an. Die Ukraine verhängte "
        "neue Sanktionen gegen Russland.",
        [
            ("ATTACK", "griff", [("Attacker", "Russland", None),
                                 ("Target", "die Stadt Charkiw", None),
                                 ("Instrument", "Drohnen", None),
                                 ("Time", "in der Nacht", "2024-05-10")], {}),
            ("SANCTION", "verhängte", [("Imposer", "Die Ukraine", None),
                                       ("Measure", "neue Sanktionen", None),
                                       ("Target", ("Russland", 1), None)], {}),
        ],
    ),
    "fx-empty": ("2024-01-02", "Das Wetter in Berlin bleibt sonnig und mild.", []),
}


def locate(text: str, span) -> tuple[int, int, str]:
    words, occurrence = (span, 0) if isinstance(span, str) else span
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    return start, start + len(words), words


def gold_documents() -> list[dict]:
    out = []
    for doc_id, (dct, text, events) in DOCS.items():
        gold_events = []
        for n, (etype, trigger, arguments, attrs) in enumerate(events, start=1):
            ts, te, tt = locate(text, trigger)
            args = []
            for role, span, value in arguments:
                s, e, t = locate(text, span)
                args.append({"role": role, "start": s, "end": e, "text": t, "value": value})
            gold_events.append({
                "id": f"E{n}", "type": etype, "trigger": {"start": ts, "end": te, "text": tt},
                "arguments": args, "modality": attrs.get("modality", "ASSERTED"),
                "evidentiality": attrs.get("evidentiality", "DIRECT"),
                "change": attrs.get("change", "NONE"), "cluster": None,
            })
        out.append({"doc_id": doc_id, "source": "fixture", "license": "CC0-1.0", "lang": "de",
                    "dct": dct, "title": None, "text": text, "events": gold_events})
    return out


def as_submission(doc: dict, with_text: bool = False) -> dict:
    """The gold events of ``doc`` as a perfect submission."""
    events = []
    for ev in doc["events"]:
        trig = {"start": ev["trigger"]["start"], "end": ev["trigger"]["end"]}
        if with_text:
            trig["text"] = ev["trigger"]["text"]
        args = []
        for a in ev["arguments"]:
            arg = {"role": a["role"], "start": a["start"], "end": a["end"]}
            if a["value"] is not None:
                arg["value"] = a["value"]
            args.append(arg)
        events.append({"type": ev["type"], "trigger": trig, "arguments": args,
                       "modality": ev["modality"], "evidentiality": ev["evidentiality"],
                       "change": ev["change"]})
    return {"doc_id": doc["doc_id"], "events": events}


def system_a(gold: list[dict]) -> list[dict]:
    """A plausible system: right on fx-meeting except one boundary error and a wrong role,
    a wrong event type on fx-export, one spurious event; nothing for fx-attack."""
    by_id = {d["doc_id"]: d for d in gold}
    meeting = as_submission(by_id["fx-meeting"])
    text = by_id["fx-meeting"]["text"]
    place = meeting["events"][0]["arguments"][3]  # "in Paris" -> "Paris" (boundary error)
    place["start"] = text.index("Paris")
    party = meeting["events"][1]["arguments"][0]  # Party -> Agreement (wrong role)
    party["role"] = "Agreement"
    export = as_submission(by_id["fx-export"], with_text=True)
    # EXPORT predicted as DELIVERY (wrong type; its roles are allowed for DELIVERY too)
    export["events"][1]["type"] = "DELIVERY"
    etext = by_id["fx-export"]["text"]
    export["events"].append({"type": "PAYMENT", "trigger": {
        "start": etext.index("erfolgen"), "end": etext.index("erfolgen") + len("erfolgen")},
        "arguments": []})  # spurious
    return [meeting, export]


def system_b(gold: list[dict]) -> list[dict]:
    """A weaker system: only the triggers of fx-meeting and fx-attack, no arguments."""
    out = []
    for doc in gold:
        if doc["doc_id"] in ("fx-meeting", "fx-attack"):
            sub = as_submission(doc)
            for ev in sub["events"]:
                ev["arguments"] = []
            out.append(sub)
    return out


def text_only(gold: list[dict]) -> list[dict]:
    """fx-attack with text-only spans, as a generative system writes them; one span does not
    occur in the text."""
    doc = next(d for d in gold if d["doc_id"] == "fx-attack")
    events = []
    for ev in doc["events"]:
        events.append({"type": ev["type"], "trigger": {"text": ev["trigger"]["text"]},
                       "arguments": [{"role": a["role"], "text": a["text"],
                                      **({"value": a["value"]} if a["value"] else {})}
                                     for a in ev["arguments"]]})
    events[0]["arguments"].append({"role": "Place", "text": "Kiew"})  # not in the text
    return [{"doc_id": "fx-attack", "events": events}]


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")


def main() -> None:
    gold = gold_documents()
    write_jsonl(HERE / "gold.jsonl", gold)
    write_jsonl(HERE / "perfect.jsonl", [as_submission(d) for d in gold])
    write_jsonl(HERE / "system_a.jsonl", system_a(gold))
    write_jsonl(HERE / "system_b.jsonl", system_b(gold))
    write_jsonl(HERE / "text_only.jsonl", text_only(gold))


if __name__ == "__main__":
    main()
