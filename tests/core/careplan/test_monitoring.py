"""The monitoring schedule: next due = last measurement + interval; shorter intervals with their
reasons; never measured = due now; liver tests on riluzole count only from the start date."""

from __future__ import annotations

import pytest

from alsnav.careplan.monitoring import MonitoringEntry
from tests.core.careplan.helpers import items, measure, plan


def entry(as_of: str, what: str, **record: object) -> MonitoringEntry | None:
    return next((e for e in plan(as_of, **record).monitoring if e.what == what), None)


@pytest.mark.parametrize(
    ("fvc", "next_due", "interval"),
    [(90, "2026-04-12", 92), (80, "2026-04-12", 92), (79, "2026-03-12", 61)],
)
def test_breathing_tests_every_3_months_or_2_below_80(fvc: float, next_due: str, interval: int) -> None:
    found = entry("2026-02-01", "fvc_percent", measurements=[measure("2026-01-10", "fvc_percent", fvc)])
    assert found is not None
    assert (found.next_due.isoformat(), found.interval_days, found.overdue) == (next_due, interval, False)


def test_fast_progression_shortens_the_breathing_interval() -> None:
    found = entry(
        "2026-02-01",
        "fvc_percent",
        onset_date="2025-10-01",
        assessments=[items("2026-01-10", i1=2, i3=2, i8=2)],
        measurements=[measure("2026-01-10", "fvc_percent", 95)],
    )
    assert found is not None and found.interval_days == 61  # ΔFRS = 6 points over ~3.3 months


def test_never_measured_is_due_now() -> None:
    found = entry("2026-02-01", "fvc_percent")
    assert (
        found is not None and found.next_due.isoformat() == "2026-02-01" and found.due and not found.overdue
    )


def test_an_old_measurement_is_overdue() -> None:
    found = entry("2026-06-01", "weight_kg", measurements=[measure("2026-01-10", "weight_kg", 70)])
    assert found is not None and found.overdue and found.next_due.isoformat() == "2026-04-12"


def test_weight_monthly_with_5_percent_loss() -> None:
    found = entry(
        "2026-02-01",
        "weight_kg",
        premorbid_weight_kg=80,
        measurements=[measure("2026-01-10", "weight_kg", 76)],
    )
    assert found is not None and found.interval_days == 30 and "5%" in found.because


@pytest.mark.parametrize(
    ("start", "as_of", "interval"),
    [("2026-01-01", "2026-02-01", 30), ("2025-10-01", "2026-02-01", 92), ("2024-10-01", "2026-02-01", 182)],
)
def test_liver_tests_on_riluzole_follow_the_label_schedule(start: str, as_of: str, interval: int) -> None:
    found = entry(
        as_of,
        "alt_uln_ratio",
        medications=[{"name": "riluzole", "start_date": start}],
        measurements=[measure("2026-01-20", "alt_uln_ratio", 1.0)],
    )
    assert found is not None and found.interval_days == interval


def test_a_liver_test_before_riluzole_does_not_count() -> None:
    found = entry(
        "2026-02-01",
        "alt_uln_ratio",
        medications=[{"name": "riluzole", "start_date": "2026-01-15"}],
        measurements=[measure("2026-01-01", "alt_uln_ratio", 1.0)],
    )
    assert found is not None and found.last_done is None and found.due


def test_no_liver_tests_without_riluzole() -> None:
    assert entry("2026-02-01", "alt_uln_ratio", medications=[]) is None


def test_alsfrs_every_visit_and_due_items_first() -> None:
    care = plan(
        "2026-06-01",
        assessments=[items("2026-01-10")],
        measurements=[measure("2026-05-20", "fvc_percent", 90)],
    )
    alsfrs = next(e for e in care.monitoring if e.what == "alsfrs_r")
    assert alsfrs.next_due.isoformat() == "2026-04-12" and alsfrs.overdue
    dues = [e.next_due for e in care.monitoring]
    assert dues == sorted(dues)


def test_no_monitoring_after_death() -> None:
    assert plan("2026-02-01", vital_status={"deceased": True, "date": "2026-01-01"}).monitoring == ()
