"""Read model of the progress page and the printable summary: the core's assessment of the record
plus what the pages need to show it (chart geometry, table rows, plain-language explanations)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from alsnav.progression.assess import AssessmentReport, ScoredAssessment, assess
from alsnav.scales.encals import encals_json
from alsnav.terms import MEASUREMENT_BY_TYPE as SPEC_BY_TYPE
from alsnav.terms import MEASUREMENTS as SPECS
from alsnav.terms import POSITION, MeasurementSpec
from alsnav_web.patients import explanations
from alsnav_web.patients.charts import Chart, change_sentence, date_text, line_chart
from alsnav_web.patients.mapper import StoredRecord, stored_record
from alsnav_web.patients.models import PatientRecord
from alsnav_web.patients.selectors import RecordAccess

DOMAINS = ("bulbar", "fine_motor", "gross_motor", "respiratory")


@dataclass(frozen=True)
class AssessmentRow:
    """One table row; text is formatted here once (the page lists up to hundreds of rows)."""

    id: int
    date: dt.date
    date_text: str
    total: int
    domains: dict[str, int]
    item5: str
    kings_label: str
    mitos_stage: int
    delta_frs: float | None
    delta_text: str
    answered_by: str
    delete_url: str
    deletable: bool = False
    editable: bool = False

    @property
    def edit_url(self) -> str:
        return self.delete_url.removesuffix("delete/") + "edit/"

    @property
    def cells(self) -> tuple[str, ...]:
        """The table cells after the date, as text (numbers are not localised: they are scores)."""
        d = self.domains
        return (
            str(self.total),
            str(d["bulbar"]),
            str(d["fine_motor"]),
            str(d["gross_motor"]),
            str(d["respiratory"]),
            self.kings_label,
            str(self.mitos_stage),
            self.delta_text,
            self.answered_by,
        )


@dataclass(frozen=True)
class MeasurementRow:
    id: int
    date: dt.date
    date_text: str
    value: float
    value_text: str
    position: str
    delete_url: str
    deletable: bool = False


@dataclass(frozen=True)
class MeasurementSeries:
    spec: MeasurementSpec
    rows: list[MeasurementRow]

    @property
    def latest(self) -> MeasurementRow:
        return self.rows[0]


@dataclass
class Progress:
    report: AssessmentReport
    rows: list[AssessmentRow]  # newest first
    measurements: list[MeasurementSeries]
    total_chart: Chart | None
    domain_chart: Chart | None
    warnings: list[str]
    encals: dict[str, Any] | None = None
    encals_hidden_reason: str = ""
    kings_text: str = ""
    mitos_text: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def latest(self) -> ScoredAssessment | None:
        return self.report.latest

    @property
    def previous(self) -> ScoredAssessment | None:
        entries = self.report.assessments
        return entries[-2] if len(entries) > 1 else None

    @property
    def latest_date(self) -> dt.date | None:
        return self.latest.date if self.latest else None

    @property
    def change_since_previous(self) -> int | None:
        if self.latest is None or self.previous is None:
            return None
        return self.latest.total - self.previous.total

    @property
    def change_text(self) -> str:
        """The latest total compared with the one before, in words ("" with one ALSFRS-R)."""
        change = self.change_since_previous
        if change is None:
            return ""
        if change == 0:
            return "The same as the time before."
        points = f"{abs(change)} point{'s' if abs(change) != 1 else ''}"
        return f"{points} {'lower' if change < 0 else 'higher'} than the time before."

    @property
    def slope(self) -> float | None:
        slope = self.report.slope_per_month
        return None if slope is None else round(slope, 3)

    @property
    def encals_missing(self) -> list[str]:
        if self.encals is None:
            return []
        return [explanations.ENCALS_MISSING_LABELS.get(m, m) for m in self.encals.get("missing", [])]


ENCALS_NOT_ASKED = (
    "The person has not asked for the ENCALS survival estimate to be shown, so it is not shown here."
)


def record_progress(
    *, record: PatientRecord, show_prognosis: bool, access: RecordAccess | None = None
) -> Progress:
    """Everything the progress page shows for ``record`` (read once through the mapper).

    ``show_prognosis``: the viewer is a clinician; the ENCALS estimate is included only if the
    owner has also opted in. ``access`` decides which entries offer a delete button.
    """
    stored = stored_record(record=record)
    report = assess(stored.core)
    delete_prefix = reverse("patients:assessment_delete", args=[record.public_id, 0]).removesuffix(
        "0/delete/"
    )
    rows = []
    for entry in reversed(report.assessments):
        row = stored.assessments[entry.date]
        delta = entry.delta_frs
        rows.append(
            AssessmentRow(
                id=row.id,
                date=entry.date,
                date_text=date_text(entry.date),
                total=entry.total,
                domains=dict(entry.domains),
                item5=entry.item5,
                kings_label=entry.kings_label,
                mitos_stage=entry.mitos.stage,
                delta_frs=delta,
                delta_text=f"{round(delta, 3):.2f}" if delta is not None else "–",
                answered_by=explanations.ANSWERED_BY_SHORT.get(entry.answered_by or "", "Not recorded"),
                delete_url=f"{delete_prefix}{row.id}/delete/",
                deletable=access is not None and access.can_delete_entry(row.entered_by_id),
                editable=access is not None and access.can_edit_entry(row.entered_by_id),
            )
        )
    entries = list(report.assessments)
    latest = report.latest
    progress = Progress(
        report=report,
        rows=rows,
        measurements=_measurement_series(record, stored, access),
        total_chart=_total_chart(entries),
        domain_chart=_domain_chart(entries),
        warnings=[_dates_in_words(w.message[:1].upper() + w.message[1:]) + "." for w in report.warnings],
        notes=list(report.notes),
    )
    if latest is not None:
        progress.kings_text = explanations.kings_explanation(latest.kings)
        progress.mitos_text = explanations.mitos_explanation(latest.mitos)
    if show_prognosis:
        if record.prognosis_opt_in:
            progress.encals = encals_json(report.encals)
        else:
            progress.encals_hidden_reason = ENCALS_NOT_ASKED
    return progress


def _measurement_series(
    record: PatientRecord, stored: StoredRecord, access: RecordAccess | None
) -> list[MeasurementSeries]:
    by_type: dict[str, list[MeasurementRow]] = {}
    prefix = reverse("patients:measurement_delete", args=[record.public_id, 0]).removesuffix("0/delete/")
    positions = dict(POSITION)
    newest_first = sorted(stored.measurements, key=lambda m: (m.date, m.entry.id), reverse=True)
    for m in newest_first:
        spec = SPEC_BY_TYPE[m.type]
        by_type.setdefault(m.type, []).append(
            MeasurementRow(
                id=m.entry.id,
                date=m.date,
                date_text=date_text(m.date),
                value=m.value,
                value_text=f"{m.value:g} {spec.unit}",
                position=positions.get(m.position, ""),
                delete_url=f"{prefix}{m.entry.id}/delete/",
                deletable=access is not None and access.can_delete_entry(m.entry.entered_by_id),
            )
        )
    return [MeasurementSeries(spec, by_type[spec.type]) for spec in SPECS if spec.type in by_type]


def _dates(entries: list[ScoredAssessment]) -> list[dt.date]:
    return [e.date for e in entries]


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _dates_in_words(text: str) -> str:
    """The core's messages name dates as 2026-01-12; the pages say 12 Jan 2026 everywhere."""

    def words(match: re.Match[str]) -> str:
        try:
            return date_text(dt.date(int(match[1]), int(match[2]), int(match[3])))
        except ValueError:
            return match[0]

    return _ISO_DATE.sub(words, text)


def _period(dates: list[dt.date]) -> str:
    if len(dates) == 1:
        return f"one ALSFRS-R, on {date_text(dates[0])}"
    return f"{len(dates)} ALSFRS-R from {date_text(dates[0])} to {date_text(dates[-1])}"


def _total_chart(entries: list[ScoredAssessment]) -> Chart | None:
    if not entries:
        return None
    dates = _dates(entries)
    totals = [float(e.total) for e in entries]
    description = (
        f"Line chart of the ALSFRS-R total (0 to 48) over time: {_period(dates)}. "
        f"{change_sentence('The total', totals)} Every value is in the table below."
    )
    return line_chart(
        chart_id="total-chart",
        title="ALSFRS-R total over time",
        description=description,
        y_label="Total (0–48)",
        dates=dates,
        series=[("total", "Total", totals)],
        y_max=48,
        y_step=12,
    )


def _domain_chart(entries: list[ScoredAssessment]) -> Chart | None:
    if not entries:
        return None
    dates = _dates(entries)
    series = [
        (domain, explanations.DOMAIN_LABELS[domain], [float(e.domains[domain]) for e in entries])
        for domain in DOMAINS
    ]
    sentences = " ".join(change_sentence(label, values) for _, label, values in series)
    description = (
        f"Line chart of the four ALSFRS-R domain scores (each 0 to 12) over time: {_period(dates)}. "
        f"{sentences} Every value is in the table below."
    )
    return line_chart(
        chart_id="domain-chart",
        title="ALSFRS-R domain scores over time",
        description=description,
        y_label="Domain score (0–12)",
        dates=dates,
        series=series,
        y_max=12,
        y_step=3,
    )
