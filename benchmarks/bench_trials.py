"""Benchmark: one record against 1,000 generated trials in-process; importing 1,000 studies.

Run: ``.venv/bin/python benchmarks/bench_trials.py [--trials N] [--seed N] [--runs N]``

The trials are generated from the test fixtures (the seven restated ALS trials) with a seeded
random number generator: each copy gets a new NCT number, new thresholds (age, vital capacity,
time since onset, ALSFRS-R) and a shuffled subset of extra criteria, so most criterion texts are
different and recognition cannot be answered from a cache. Phases:

1. import — ``alsnav trials import`` of one 1,000-study list file into an empty JSON store
   (parse, validate, upsert and write each study); target under 10 s;
2. prepare — split and recognise every criterion of every study once (what an import or the web
   app's first screening pays; kept in memory afterwards);
3. screen — one record against the 1,000 prepared studies: every criterion evaluated, verdicts,
   ranking, window dates and questions; target under 200 ms (best of ``--runs``, as ``timeit``).
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import gc
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from alsnav.facts import facts_from_record
from alsnav.record import parse_record
from alsnav.trials.ctgov import parse_document
from alsnav.trials.screen import match, prepare
from alsnav.trials.store import TrialStore

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "ctgov" / "als-trials-sample.json"
SCREEN_TARGET, IMPORT_TARGET = 0.200, 10.0
EXTRA = [
    "* Tracheostomy or permanent assisted ventilation",
    "* Gastrostomy",
    "* Dementia",
    "* Confirmed SOD1 mutation",
    "* ENCALS risk profile between -6 and -2",
    "* ΔFRS ≥ 0.5 points/month",
    "* Women who are pregnant or breastfeeding",
    "* Hemoglobin below 10 g/dL",
    "* Stable dose of riluzole for ≥30 days",
    "* NIV > 22 hours per day",
]


def generate(n: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    base = json.loads(FIXTURE.read_text(encoding="utf-8"))["studies"]
    studies = []
    for index in range(n):
        study = copy.deepcopy(base[index % len(base)])
        protocol = study["protocolSection"]
        protocol["identificationModule"]["nctId"] = f"NCT{90000000 + index:08d}"
        protocol["statusModule"]["lastUpdatePostDateStruct"] = {"date": "2026-10-01"}
        lines = [
            "Inclusion Criteria:",
            f"* Aged {rng.choice([18, 20, 21, 25])} to {rng.randrange(65, 86)} years",
            f"* FVC ≥ {rng.randrange(40, 81)}% predicted",
            f"* Disease duration ≤ {rng.randrange(6, 61)} months from symptom onset",
            f"* ALSFRS-R total score ≥ {rng.randrange(20, 40)}",
            "Exclusion Criteria:",
            *rng.sample(EXTRA, rng.randrange(2, 7)),
            f"* Participation in study {index} within 30 days",
        ]
        original = protocol["eligibilityModule"]["eligibilityCriteria"]
        protocol["eligibilityModule"]["eligibilityCriteria"] = original + "\n" + "\n".join(lines)
        studies.append(study)
    return {"studies": studies}


RECORD = {
    "id": "bench",
    "birth_date": "1962-03-01",
    "sex": "male",
    "onset_date": "2025-09-01",
    "diagnosis_date": "2026-02-01",
    "onset_region": "lower_limb",
    "diagnosis": {"criteria": "el_escorial_revised", "category": "probable"},
    "assessments": [
        {
            "date": "2026-03-01",
            "alsfrs_r": {k: 4 for k in ("1", "2", "3", "4", "5a", "6", "7", "8", "9", "10", "11", "12")},
        },
        {
            "date": "2026-05-20",
            "alsfrs_r": {
                **{k: 4 for k in ("1", "2", "3", "4", "5a", "6", "7", "9", "10", "11", "12")},
                "8": 2,
            },
        },
    ],
    "measurements": [{"date": "2026-05-20", "type": "fvc_percent", "value": 74}],
    "medications": [{"name": "riluzole", "start_date": "2026-02-15"}],
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    document = generate(args.trials, args.seed)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "studies.json"
        source.write_text(json.dumps(document), encoding="utf-8")
        store = TrialStore(Path(tmp) / "store")
        start = time.perf_counter()
        result = store.import_path(source, dt.datetime(2026, 11, 30, tzinfo=dt.UTC))
        took = time.perf_counter() - start
        ok = took < IMPORT_TARGET and len(result.created) == args.trials
        failures += not ok
        print(
            f"import {args.trials} studies: {took:.2f} s "
            f"(target < {IMPORT_TARGET:.0f} s) {'OK' if ok else 'SLOW'}"
        )
        again = store.import_path(source, dt.datetime(2026, 11, 30, tzinfo=dt.UTC))
        print(
            f"  second import: {len(again.unchanged)} unchanged, "
            f"{len(again.created) + len(again.updated)} written"
        )

    studies = parse_document(document, "generated")
    start = time.perf_counter()
    ready = [prepare(s) for s in studies]
    took = time.perf_counter() - start
    criteria = sum(len(r.criteria) for r in ready)
    print(f"prepare (split + recognise) {len(ready)} studies, {criteria} criteria: {took * 1000:.0f} ms")

    facts = facts_from_record(parse_record(RECORD), dt.date(2026, 6, 1))
    times = []
    gc.collect()
    gc.disable()
    try:
        for _ in range(args.runs):
            start = time.perf_counter()
            report = match(ready, facts)
            times.append(time.perf_counter() - start)
    finally:
        gc.enable()
    best = min(times)
    ok = best < SCREEN_TARGET
    failures += not ok
    verdicts = {
        v: sum(1 for t in report.trials if t.verdict == v)
        for v in ("eligible", "possibly_eligible", "ineligible")
    }
    print(
        f"screen one record against {len(ready)} trials: best {best * 1000:.0f} ms of {args.runs} "
        f"(target < {SCREEN_TARGET * 1000:.0f} ms) {'OK' if ok else 'SLOW'}; {verdicts}"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
