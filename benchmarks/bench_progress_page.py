"""Benchmark: the signed-in pages of a record with 100 ALSFRS-R assessments (target: p99 under 100 ms).

Progress, care plan, record home, summary and trial matches, each timed in turn.

Run: ``.venv/bin/python benchmarks/bench_progress_page.py [--requests N] [--assessments N]``

In-process, through Django's test client (no network, no web server): each request runs the whole
stack — middleware, session and access check, the audit-log write, reading the record, the core's
``assess_record`` (scores, stages, ΔFRS, slope, ENCALS, data-quality warnings), the SVG charts and
the template with its 100-row table. The database is the test settings' in-memory SQLite, made
with the project's migrations. The record is generated from a fixed seed, with 30 measurements,
medications, a gastrostomy and NIV, so every part of the page is drawn. After 20 warm-up requests,
``--requests`` (500) timed requests give the percentiles of wall-clock time (the target) and of this
process's CPU time (which other processes on a shared machine do not inflate; the load average is
printed beside them). Exit status 1 when the wall-clock p99 misses the target.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
# Always the test settings (make exports the development ones, whose hosts refuse the test client).
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

TARGET_P99_MS = 100.0
ITEMS = ("1", "2", "3", "4", "5a", "6", "7", "8", "9", "10", "11", "12")


def _setup_database() -> None:
    import django
    from django.db import connection

    django.setup()  # no setup_test_environment(): its instrumented template rendering would be timed
    connection.creation.create_test_db(verbosity=0, autoclobber=True)


def _make_record(assessments: int, seed: int) -> object:
    from django.contrib.auth import get_user_model

    from alsnav_web.patients import services

    rng = random.Random(seed)
    owner = get_user_model().objects.create_user(username="bench", password=None)
    record = services.record_create(owner=owner)
    gaps = [rng.randrange(20, 45) for _ in range(assessments)]
    # The last visit is a week ago: the record refuses dates in the future.
    onset = dt.date.today() - dt.timedelta(days=200 + sum(gaps[:-1]) + 7)
    scores = dict.fromkeys(ITEMS, 4)
    visits = []
    when = onset + dt.timedelta(days=200)
    for visit, gap in enumerate(gaps):
        for key in ITEMS:
            if scores[key] > 0 and rng.random() < 0.06:
                scores[key] -= 1
        answers = dict(scores)
        if visit >= assessments // 2:  # a gastrostomy half-way through: item 5b from then on
            answers["5b"] = answers.pop("5a")
        visits.append({"date": when.isoformat(), "alsfrs_r": answers, "answered_by": "self"})
        when += dt.timedelta(days=gap)
    gastrostomy_date = visits[assessments // 2]["date"]
    document = {
        "id": "bench",
        "sex": "female",
        "birth_date": "1958-05-02",
        "country": "NL",
        "onset_date": onset.isoformat(),
        "diagnosis_date": (onset + dt.timedelta(days=180)).isoformat(),
        "onset_region": "lower_limb",
        "diagnosis": {"criteria": "el_escorial_revised", "category": "probable"},
        "genetics": {"C9orf72": "negative"},
        "cognition": "normal",
        "medications": [{"name": "riluzole", "start_date": (onset + dt.timedelta(days=210)).isoformat()}],
        "interventions": [
            {"type": "gastrostomy", "start_date": gastrostomy_date},
            {"type": "niv", "start_date": visits[int(assessments * 0.7)]["date"]},
        ],
        "symptoms": [{"code": "cramps"}, {"code": "fatigue"}],
        "assessments": visits,
        "measurements": [
            {"date": visits[i * 3]["date"], "type": kind, "value": value}
            for i in range(min(15, assessments // 3))
            for kind, value in (("fvc_percent", 100 - i * 3), ("weight_kg", 70 - i * 0.4))
        ],
        "premorbid_weight_kg": 71,
    }
    import json

    services.record_import(record=record, actor=owner, source=json.dumps(document))
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--assessments", type=int, default=100)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)

    _setup_database()
    from django.test import Client

    record = _make_record(args.assessments, args.seed)
    client = Client()
    client.force_login(record.owner, backend="django.contrib.auth.backends.ModelBackend")  # type: ignore[attr-defined]
    base = f"/patients/{record.public_id}"  # type: ignore[attr-defined]
    pages = [
        ("progress", f"{base}/progress/"),
        ("care plan", f"{base}/care-plan/"),
        ("record home", f"{base}/"),
        ("summary", f"{base}/summary/"),
        ("trial matches", f"/trials/record/{record.public_id}/"),  # type: ignore[attr-defined]
    ]
    response = client.get(pages[0][1])
    assert response.content.decode().count("<tr>") >= args.assessments, (
        "the table should list every assessment"
    )

    def pct(values: list[float], p: float) -> float:
        return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]

    print(
        f"signed-in pages of a record with {args.assessments} ALSFRS-R assessments, "
        f"{args.requests} requests each"
    )
    print(f"(in-process test client, owner signed in; load average {os.getloadavg()[0]:.2f})")
    missed = []
    for name, url in pages:
        for _ in range(20):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        gc.collect()
        gc.freeze()  # the set-up's objects (Django, the loaded apps) are not rescanned by every collection
        timings, cpu = [], []
        for _ in range(args.requests):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            cpu.append((time.process_time() - start_cpu) * 1000)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        timings.sort()
        cpu.sort()
        p99 = pct(timings, 99)
        print(
            f"  {name:<14} {len(response.content) / 1024:4.0f} KiB  wall p50 {pct(timings, 50):5.1f} ms  "
            f"p99 {p99:5.1f} ms  max {timings[-1]:5.1f} ms  "
            f"(cpu p50 {pct(cpu, 50):5.1f} ms, p99 {pct(cpu, 99):5.1f} ms)"
        )
        if p99 >= TARGET_P99_MS:
            missed.append(name)
    print(
        f"  target p99 < {TARGET_P99_MS:.0f} ms: "
        + ("met by every page" if not missed else "MISSED by " + ", ".join(missed))
    )
    return 0 if not missed else 1


if __name__ == "__main__":
    raise SystemExit(main())
