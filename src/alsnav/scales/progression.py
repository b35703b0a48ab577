"""Rates of progression: ΔFRS (the ALSFRS-R "pre-slope") and the slope of totals over time.

Sources and versions:

* ΔFRS: Kimura F, Fujimura C, Ishida S, et al. "Progression rate of ALSFRS-R at time of diagnosis
  predicts survival time in ALS." *Neurology* 2006;66:265-267. ΔFRS = (48 − ALSFRS-R total) / months
  from symptom onset; positive, in points lost per month. Kimura used the score at diagnosis; here
  it is computed for any assessment (the ENCALS model takes the one at diagnosis).
* A month is 30.4375 days (365.25 / 12), as in the project's output contract and the ENCALS code.
* Slope: ordinary least-squares slope of the totals against time in months (negative when the
  score declines). It needs at least two assessments on different dates.

Missing data is not defaulted: without an onset date, or with no time elapsed since onset, ΔFRS
is ``None``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

DAYS_PER_MONTH = 30.4375
MAX_TOTAL = 48


def months_between(start: dt.date, end: dt.date) -> float:
    """Months from ``start`` to ``end`` (negative if ``end`` is earlier); a month is 30.4375 days."""
    return (end - start).days / DAYS_PER_MONTH


def delta_frs(total: int, months_since_onset: float) -> float | None:
    """ΔFRS = (48 − total) / months since onset (Kimura 2006); ``None`` when no time has elapsed."""
    if months_since_onset <= 0:
        return None
    return (MAX_TOTAL - total) / months_since_onset


def delta_frs_at(total: int, onset_date: dt.date | None, assessment_date: dt.date) -> float | None:
    """ΔFRS of an assessment; ``None`` without an onset date or when it falls on the onset date."""
    if onset_date is None:
        return None
    return delta_frs(total, months_between(onset_date, assessment_date))


def slope_per_month(points: Sequence[tuple[dt.date, int]]) -> float | None:
    """Least-squares slope of ALSFRS-R totals in points per month; ``None`` with fewer than 2 dates.

    ``points`` are ``(date, total)`` pairs in any order.
    """
    if len(points) < 2:
        return None
    origin = points[0][0]  # any origin gives the same slope
    days = [(when - origin).days for when, _ in points]
    totals = [value for _, value in points]
    mean_days = sum(days) / len(days)
    mean_total = sum(totals) / len(totals)
    sxx = sum((x - mean_days) ** 2 for x in days)
    if sxx == 0:
        return None
    sxy = sum((x - mean_days) * (y - mean_total) for x, y in zip(days, totals, strict=True))
    return sxy / sxx * DAYS_PER_MONTH  # points per day → points per month
