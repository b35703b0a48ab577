"""Facts: one immutable, typed snapshot of what is known about a person on a date.

The care plan and the trial screener reason only over :class:`Facts`. It is built once from a
validated :class:`~alsnav.record.PatientRecord` and an as-of date by :func:`facts_from_record`;
nothing dated after the as-of date is used (a later assessment, measurement, medication start,
symptom, intervention or death is invisible).

Every fact has a closed name (:class:`Fact`), a type (:class:`FactType`), a unit and a plain
label (:data:`FACT_SPECS`). "Unknown" is a value, not a missing key: :meth:`Facts.get` always
answers with a :class:`FactValue`, whose ``value`` is ``None`` when unknown and whose ``why``
then says why in words ("no FVC on record"). Known values carry the date they were observed
(``on``), so a reader can say "FVC 45% predicted on 2026-01-10" and judge how old it is.

A few facts are keyed by a subject (``Facts.get(Fact.DAYS_ON_MEDICATION, "riluzole")``):
those have ``keyed=True`` in their spec.

Conventions (each a project decision, stated where it is used):

* Latest measurement: the most recent value on or before the as-of date. FVC and SVC use upright
  (or unspecified) values; supine FVC is its own fact.
* Pressures (SNIP, MIP) are compared as magnitudes: the record may store them with a minus sign.
* ``vital_capacity_percent`` is the most recent of upright FVC and SVC (trials that accept
  "VC (FVC or SVC)").
* Medications: taken on the as-of date when started on or before it (or undated) and not stopped
  on or before it. Names are compared in lower case.
* Interventions: in place when started on or before the as-of date (or undated), not stopped by
  then and not refused; refused ones are listed separately.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType

from alsnav.progression.assess import AssessmentReport, ScoredAssessment, assess
from alsnav.record import PatientRecord
from alsnav.scales import encals
from alsnav.scales.progression import DAYS_PER_MONTH, months_between
from alsnav.terms import COGNITIVE_IMPAIRMENT, MEASUREMENT_BY_TYPE, InterventionKind

DAYS_PER_YEAR = 365.25

#: Days before the latest ALSFRS-R at which the earlier one for ``alsfrs_points_lost_12_weeks`` is
#: looked for: 12 weeks, give or take 4 (a trial's lead-in visit is rarely exact).
LEAD_IN_DAYS, LEAD_IN_TOLERANCE_DAYS = 84, 28


class FactType(StrEnum):
    BOOL = "bool"
    NUMBER = "number"
    TEXT = "text"
    DATE = "date"
    SET = "set"  # a set of codes or names (symptoms, current medications …)


class Fact(StrEnum):
    """The closed vocabulary of facts. Rule and criterion files may name only these."""

    # Who and where
    AGE_YEARS = "age_years"
    SEX = "sex"
    COUNTRY = "country"
    DECEASED = "deceased"
    # The disease
    ONSET_DATE = "onset_date"
    DIAGNOSIS_DATE = "diagnosis_date"
    MONTHS_SINCE_ONSET = "months_since_onset"
    MONTHS_SINCE_DIAGNOSIS = "months_since_diagnosis"
    ONSET_REGION = "onset_region"
    BULBAR_ONSET = "bulbar_onset"
    DIAGNOSIS_CRITERIA = "diagnosis_criteria"
    DIAGNOSIS_CATEGORY = "diagnosis_category"
    ALS_DIAGNOSED = "als_diagnosed"
    # Genetics and cognition
    GENE_SOD1 = "gene_sod1"
    GENE_C9ORF72 = "gene_c9orf72"
    GENE_FUS = "gene_fus"
    GENE_TARDBP = "gene_tardbp"
    COGNITION = "cognition"
    COGNITIVE_IMPAIRMENT = "cognitive_impairment"
    FTD = "ftd"
    IN_MULTIDISCIPLINARY_CLINIC = "in_multidisciplinary_clinic"
    # The latest ALSFRS-R
    ALSFRS_DATE = "alsfrs_date"
    ALSFRS_TOTAL = "alsfrs_total"
    ALSFRS_ITEM_1 = "alsfrs_item_1"
    ALSFRS_ITEM_2 = "alsfrs_item_2"
    ALSFRS_ITEM_3 = "alsfrs_item_3"
    ALSFRS_ITEM_4 = "alsfrs_item_4"
    ALSFRS_ITEM_5 = "alsfrs_item_5"
    ALSFRS_ITEM_6 = "alsfrs_item_6"
    ALSFRS_ITEM_7 = "alsfrs_item_7"
    ALSFRS_ITEM_8 = "alsfrs_item_8"
    ALSFRS_ITEM_9 = "alsfrs_item_9"
    ALSFRS_ITEM_10 = "alsfrs_item_10"
    ALSFRS_ITEM_11 = "alsfrs_item_11"
    ALSFRS_ITEM_12 = "alsfrs_item_12"
    ALSFRS_ITEM5_VERSION = "alsfrs_item5_version"
    ALSFRS_LOWEST_ITEM = "alsfrs_lowest_item"
    ALSFRS_LOWEST_BULBAR_ITEM = "alsfrs_lowest_bulbar_item"
    ALSFRS_BULBAR = "alsfrs_bulbar"
    ALSFRS_FINE_MOTOR = "alsfrs_fine_motor"
    ALSFRS_GROSS_MOTOR = "alsfrs_gross_motor"
    ALSFRS_RESPIRATORY = "alsfrs_respiratory"
    KINGS_STAGE = "kings_stage"
    MITOS_STAGE = "mitos_stage"
    DELTA_FRS = "delta_frs"
    SLOPE_PER_MONTH = "slope_per_month"
    ALSFRS_POINTS_LOST_12_WEEKS = "alsfrs_points_lost_12_weeks"
    ALSFRS_COUNT = "alsfrs_count"
    # Latest measurements
    FVC_PERCENT = "fvc_percent"
    FVC_SUPINE_PERCENT = "fvc_supine_percent"
    SVC_PERCENT = "svc_percent"
    VITAL_CAPACITY_PERCENT = "vital_capacity_percent"
    SNIP_CMH2O = "snip_cmh2o"
    MIP_CMH2O = "mip_cmh2o"
    PCF_L_MIN = "pcf_l_min"
    PACO2_MMHG = "paco2_mmhg"
    SPO2_NADIR_PERCENT = "spo2_nadir_percent"
    SPO2_BELOW_88_MINUTES = "spo2_below_88_minutes"
    WEIGHT_KG = "weight_kg"
    ALT_ULN_RATIO = "alt_uln_ratio"
    NFL_PG_ML = "nfl_pg_ml"
    PREMORBID_WEIGHT_KG = "premorbid_weight_kg"
    HEIGHT_CM = "height_cm"
    WEIGHT_LOSS_PERCENT = "weight_loss_percent"
    BMI = "bmi"
    # Symptoms, medicines and interventions on the date
    SYMPTOMS = "symptoms"
    MEDICATIONS_CURRENT = "medications_current"
    MEDICATIONS_STOPPED = "medications_stopped"
    DAYS_ON_MEDICATION = "days_on_medication"
    INTERVENTIONS_CURRENT = "interventions_current"
    INTERVENTIONS_REFUSED = "interventions_refused"
    INTERVENTIONS_EVER = "interventions_ever"
    HAS_GASTROSTOMY = "has_gastrostomy"
    USES_VENTILATION = "uses_ventilation"
    HAS_TRACHEOSTOMY = "has_tracheostomy"
    NIV_HOURS_PER_DAY = "niv_hours_per_day"
    # Prognosis models (at diagnosis)
    ENCALS_LINEAR_PREDICTOR = "encals_linear_predictor"
    TRICALS_RISK_PROFILE = "tricals_risk_profile"


@dataclass(frozen=True)
class FactSpec:
    """What a fact is: its type, unit (``""`` when none), a plain label and, for keyed facts, so."""

    type: FactType
    label: str
    unit: str = ""
    keyed: bool = False


def _measure(kind: str, label: str | None = None) -> FactSpec:
    spec = MEASUREMENT_BY_TYPE[kind]
    return FactSpec(FactType.NUMBER, label or spec.short, spec.unit)


_ITEM_TITLES = {
    1: "speech",
    2: "salivation",
    3: "swallowing",
    4: "handwriting",
    5: "cutting food and handling utensils",
    6: "dressing and hygiene",
    7: "turning in bed",
    8: "walking",
    9: "climbing stairs",
    10: "breathlessness (dyspnea)",
    11: "breathlessness lying flat (orthopnea)",
    12: "breathing support (respiratory insufficiency)",
}

FACT_SPECS: Mapping[Fact, FactSpec] = MappingProxyType(
    {
        Fact.AGE_YEARS: FactSpec(FactType.NUMBER, "age", "years"),
        Fact.SEX: FactSpec(FactType.TEXT, "sex"),
        Fact.COUNTRY: FactSpec(FactType.TEXT, "country"),
        Fact.DECEASED: FactSpec(FactType.BOOL, "deceased"),
        Fact.ONSET_DATE: FactSpec(FactType.DATE, "date of the first symptoms"),
        Fact.DIAGNOSIS_DATE: FactSpec(FactType.DATE, "date of diagnosis"),
        Fact.MONTHS_SINCE_ONSET: FactSpec(FactType.NUMBER, "time since the first symptoms", "months"),
        Fact.MONTHS_SINCE_DIAGNOSIS: FactSpec(FactType.NUMBER, "time since diagnosis", "months"),
        Fact.ONSET_REGION: FactSpec(FactType.TEXT, "where the first symptoms started"),
        Fact.BULBAR_ONSET: FactSpec(FactType.BOOL, "bulbar onset"),
        Fact.DIAGNOSIS_CRITERIA: FactSpec(FactType.TEXT, "diagnostic criteria"),
        Fact.DIAGNOSIS_CATEGORY: FactSpec(FactType.TEXT, "diagnostic category"),
        Fact.ALS_DIAGNOSED: FactSpec(FactType.BOOL, "ALS diagnosed"),
        Fact.GENE_SOD1: FactSpec(FactType.TEXT, "SOD1 gene test"),
        Fact.GENE_C9ORF72: FactSpec(FactType.TEXT, "C9orf72 gene test"),
        Fact.GENE_FUS: FactSpec(FactType.TEXT, "FUS gene test"),
        Fact.GENE_TARDBP: FactSpec(FactType.TEXT, "TARDBP gene test"),
        Fact.COGNITION: FactSpec(FactType.TEXT, "thinking and behaviour"),
        Fact.COGNITIVE_IMPAIRMENT: FactSpec(FactType.BOOL, "cognitive or behavioural impairment"),
        Fact.FTD: FactSpec(FactType.BOOL, "frontotemporal dementia (FTD)"),
        Fact.IN_MULTIDISCIPLINARY_CLINIC: FactSpec(FactType.BOOL, "followed by a multidisciplinary clinic"),
        Fact.ALSFRS_DATE: FactSpec(FactType.DATE, "date of the latest ALSFRS-R"),
        Fact.ALSFRS_TOTAL: FactSpec(FactType.NUMBER, "ALSFRS-R total", "points"),
        **{
            Fact(f"alsfrs_item_{n}"): FactSpec(
                FactType.NUMBER, f"ALSFRS-R item {n} ({title})", "points"
            )
            for n, title in _ITEM_TITLES.items()
        },
        Fact.ALSFRS_ITEM5_VERSION: FactSpec(FactType.TEXT, "ALSFRS-R item 5 version (5a or 5b)"),
        Fact.ALSFRS_LOWEST_ITEM: FactSpec(FactType.NUMBER, "lowest ALSFRS-R item score", "points"),
        Fact.ALSFRS_LOWEST_BULBAR_ITEM: FactSpec(
            FactType.NUMBER, "lowest ALSFRS-R speech, saliva or swallowing score (items 1–3)", "points"
        ),
        Fact.ALSFRS_BULBAR: FactSpec(FactType.NUMBER, "ALSFRS-R bulbar domain", "points"),
        Fact.ALSFRS_FINE_MOTOR: FactSpec(FactType.NUMBER, "ALSFRS-R fine motor domain", "points"),
        Fact.ALSFRS_GROSS_MOTOR: FactSpec(FactType.NUMBER, "ALSFRS-R gross motor domain", "points"),
        Fact.ALSFRS_RESPIRATORY: FactSpec(FactType.NUMBER, "ALSFRS-R respiratory domain", "points"),
        Fact.KINGS_STAGE: FactSpec(FactType.NUMBER, "King's stage (estimated)"),
        Fact.MITOS_STAGE: FactSpec(FactType.NUMBER, "MiToS stage"),
        Fact.DELTA_FRS: FactSpec(FactType.NUMBER, "ΔFRS (rate of decline since onset)", "points per month"),
        Fact.SLOPE_PER_MONTH: FactSpec(FactType.NUMBER, "ALSFRS-R slope", "points per month"),
        Fact.ALSFRS_POINTS_LOST_12_WEEKS: FactSpec(
            FactType.NUMBER, "ALSFRS-R points lost over about 12 weeks", "points"
        ),
        Fact.ALSFRS_COUNT: FactSpec(FactType.NUMBER, "number of ALSFRS-R assessments"),
        Fact.FVC_PERCENT: _measure("fvc_percent"),
        Fact.FVC_SUPINE_PERCENT: FactSpec(FactType.NUMBER, "FVC lying down", "% predicted"),
        Fact.SVC_PERCENT: _measure("svc_percent"),
        Fact.VITAL_CAPACITY_PERCENT: FactSpec(FactType.NUMBER, "vital capacity (FVC or SVC)", "% predicted"),
        Fact.SNIP_CMH2O: _measure("snip_cmh2o"),
        Fact.MIP_CMH2O: _measure("mip_cmh2o"),
        Fact.PCF_L_MIN: _measure("pcf_l_min"),
        Fact.PACO2_MMHG: _measure("paco2_mmhg"),
        Fact.SPO2_NADIR_PERCENT: _measure("spo2_nadir_percent"),
        Fact.SPO2_BELOW_88_MINUTES: _measure(
            "spo2_below_88_minutes", "minutes overnight with SpO2 below 88%"
        ),
        Fact.WEIGHT_KG: _measure("weight_kg", "weight"),
        Fact.ALT_ULN_RATIO: _measure("alt_uln_ratio", "ALT"),
        Fact.NFL_PG_ML: _measure("nfl_pg_ml"),
        Fact.PREMORBID_WEIGHT_KG: FactSpec(FactType.NUMBER, "usual weight before ALS", "kg"),
        Fact.HEIGHT_CM: FactSpec(FactType.NUMBER, "height", "cm"),
        Fact.WEIGHT_LOSS_PERCENT: FactSpec(FactType.NUMBER, "weight lost since before ALS", "%"),
        Fact.BMI: FactSpec(FactType.NUMBER, "body mass index (BMI)", "kg/m²"),
        Fact.SYMPTOMS: FactSpec(FactType.SET, "symptoms"),
        Fact.MEDICATIONS_CURRENT: FactSpec(FactType.SET, "medicines taken now"),
        Fact.MEDICATIONS_STOPPED: FactSpec(FactType.SET, "medicines stopped"),
        Fact.DAYS_ON_MEDICATION: FactSpec(FactType.NUMBER, "days on the medicine", "days", keyed=True),
        Fact.INTERVENTIONS_CURRENT: FactSpec(FactType.SET, "equipment and support in use"),
        Fact.INTERVENTIONS_REFUSED: FactSpec(FactType.SET, "support offered and declined"),
        Fact.INTERVENTIONS_EVER: FactSpec(FactType.SET, "equipment and support ever used"),
        Fact.HAS_GASTROSTOMY: FactSpec(FactType.BOOL, "has a feeding tube (gastrostomy)"),
        Fact.USES_VENTILATION: FactSpec(FactType.BOOL, "uses breathing support (NIV or tracheostomy)"),
        Fact.HAS_TRACHEOSTOMY: FactSpec(FactType.BOOL, "has tracheostomy ventilation"),
        Fact.NIV_HOURS_PER_DAY: FactSpec(FactType.NUMBER, "hours a day on NIV", "hours"),
        Fact.ENCALS_LINEAR_PREDICTOR: FactSpec(FactType.NUMBER, "ENCALS prognosis score (at diagnosis)"),
        Fact.TRICALS_RISK_PROFILE: FactSpec(FactType.NUMBER, "TRICALS risk profile (at diagnosis)"),
    }
)

if set(FACT_SPECS) != set(Fact):  # pragma: no cover - caught by every test run
    raise AssertionError("every fact needs exactly one spec")

Value = bool | float | str | dt.date | frozenset[str]

#: The twelve ALSFRS-R item facts in questionnaire order (item 5 is whichever version was answered).
_ITEM_FACTS: tuple[Fact, ...] = tuple(Fact(f"alsfrs_item_{n}") for n in range(1, 13))


@dataclass(frozen=True)
class FactValue:
    """One fact on the as-of date: its value (``None`` = unknown), when it was observed, and why
    it is unknown when it is."""

    fact: Fact
    value: Value | None
    on: dt.date | None = None
    why: str = ""
    subject: str | None = None

    @property
    def known(self) -> bool:
        return self.value is not None

    @property
    def spec(self) -> FactSpec:
        return FACT_SPECS[self.fact]

    def show(self) -> str:
        """The value in words with its unit and date: ``FVC 45% predicted on 2026-01-10``."""
        return self._shown

    @cached_property
    def _shown(self) -> str:
        label = self.spec.label
        if self.subject:
            label = f"{label} ({self.subject})"
        if self.value is None:
            return f"{label}: not known"
        text = show_value(self.fact, self.value)
        when = f" on {self.on.isoformat()}" if self.on is not None else ""
        if self.spec.type is FactType.DATE:
            when = ""
        elif self.fact is Fact.DAYS_ON_MEDICATION and self.on is not None:
            when = f" (since {self.on.isoformat()})"
        if self.spec.type is FactType.BOOL:
            return f"{label}: {text}{when}"
        return f"{label} {text}{when}"


def show_value(fact: Fact, value: Value) -> str:
    """A value in words with its unit (``45% predicted``, ``24.3 months``, ``yes``)."""
    spec = FACT_SPECS[fact]
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return ", ".join(sorted(value)) if value else "none"
    if isinstance(value, float | int):
        number = f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
        if not spec.unit:
            return number
        if spec.unit.startswith("%"):
            return f"{number}{spec.unit}"
        unit = spec.unit
        if number == "1" and unit in ("points", "days", "months", "hours", "years"):
            unit = unit.removesuffix("s")
        return f"{number} {unit}"
    return str(value)


@dataclass(frozen=True)
class MedicationPeriod:
    name: str  # lower case
    start: dt.date | None
    stop: dt.date | None  # only when on or before the as-of date


@dataclass(frozen=True)
class Facts:
    """What is known about one person on ``as_of`` (see the module docstring)."""

    id: str | None
    as_of: dt.date
    values: Mapping[Fact, FactValue]
    keyed: Mapping[tuple[Fact, str], FactValue]
    assessments: tuple[ScoredAssessment, ...]
    medications: tuple[MedicationPeriod, ...]
    report: AssessmentReport = field(repr=False)

    def get(self, fact: Fact | str, subject: str | None = None) -> FactValue:
        """The fact's value (possibly unknown, never missing). Keyed facts need a ``subject``."""
        name = Fact(fact)
        if FACT_SPECS[name].keyed:
            if subject is None:
                raise KeyError(f"{name.value} needs a subject (for example a medicine name)")
            key = subject.strip().lower()
            return self.keyed.get((name, key)) or FactValue(
                name, None, why=f"{key} is not recorded as taken", subject=key
            )
        return self.values[name]

    def __getitem__(self, fact: Fact | str) -> FactValue:
        return self.get(fact)

    def value(self, fact: Fact | str) -> Value | None:
        return self.get(fact).value

    @property
    def alive(self) -> bool:
        return self.values[Fact.DECEASED].value is not True

    def has(self, fact: Fact, member: str) -> bool:
        """True when a set-valued fact is known and contains ``member``."""
        value = self.values[fact].value
        return isinstance(value, frozenset) and member in value


# --- Building the snapshot ---------------------------------------------------------------------


def facts_from_record(
    record: PatientRecord, as_of: dt.date, *, report: AssessmentReport | None = None
) -> Facts:
    """The facts about ``record`` on ``as_of``; nothing dated after ``as_of`` is used.

    ``report`` may pass an already computed :func:`~alsnav.progression.assess.assess` of the same
    record (it is reused, restricted to the as-of date).
    """
    builder = _Builder(record, as_of, report or assess(record))
    return builder.build()


class _Builder:
    def __init__(self, record: PatientRecord, as_of: dt.date, report: AssessmentReport) -> None:
        self.record = record
        self.as_of = as_of
        self.report = report
        self.values: dict[Fact, FactValue] = {}
        self.keyed: dict[tuple[Fact, str], FactValue] = {}

    def put(self, fact: Fact, value: Value | None, on: dt.date | None = None, why: str = "") -> None:
        if value is None and not why:
            why = f"no {FACT_SPECS[fact].label} on record"
        self.values[fact] = FactValue(fact, value, on, "" if value is not None else why)

    def visible(self, when: dt.date | None) -> bool:
        return when is None or when <= self.as_of

    def build(self) -> Facts:
        assessments = tuple(a for a in self.report.assessments if a.date <= self.as_of)
        self._who()
        self._disease()
        self._genetics_and_cognition()
        self._alsfrs(assessments)
        self._measurements()
        medications = self._medications()
        self._symptoms_and_interventions(assessments)
        self._prognosis()
        return Facts(
            id=self.record.id,
            as_of=self.as_of,
            values=MappingProxyType(dict(self.values)),
            keyed=MappingProxyType(dict(self.keyed)),
            assessments=assessments,
            medications=medications,
            report=self.report,
        )

    # -- who and where --
    def _who(self) -> None:
        r = self.record
        if r.birth_date is not None and r.birth_date <= self.as_of:
            age = (self.as_of - r.birth_date).days / DAYS_PER_YEAR
            self.put(Fact.AGE_YEARS, round(age, 2), why="")
        else:
            self.put(Fact.AGE_YEARS, None, why="no date of birth on record")
        self.put(Fact.SEX, r.sex if r.sex not in (None, "unknown") else None, why="sex not recorded")
        self.put(Fact.COUNTRY, r.country, why="country of care not recorded")
        vital = r.vital_status
        if vital is not None and vital.deceased is True and self.visible(vital.date):
            self.put(Fact.DECEASED, True, vital.date)
        elif vital is not None and vital.deceased is not None:
            self.put(Fact.DECEASED, False)
        else:
            # An absent vital status is read as alive for the purposes of advice, but said so.
            self.put(Fact.DECEASED, False)

    # -- the disease --
    def _disease(self) -> None:
        r = self.record
        onset = r.onset_date if r.onset_date is not None and r.onset_date <= self.as_of else None
        self.put(Fact.ONSET_DATE, onset, why="no date of first symptoms on record")
        if onset is not None:
            self.put(Fact.MONTHS_SINCE_ONSET, round(months_between(onset, self.as_of), 2))
        else:
            self.put(Fact.MONTHS_SINCE_ONSET, None, why="no date of first symptoms on record")
        diagnosed = (
            r.diagnosis_date if r.diagnosis_date is not None and r.diagnosis_date <= self.as_of else None
        )
        self.put(Fact.DIAGNOSIS_DATE, diagnosed, why="no date of diagnosis on record")
        if diagnosed is not None:
            self.put(Fact.MONTHS_SINCE_DIAGNOSIS, round(months_between(diagnosed, self.as_of), 2))
        else:
            self.put(Fact.MONTHS_SINCE_DIAGNOSIS, None, why="no date of diagnosis on record")
        region = r.onset_region if r.onset_region not in (None, "unknown") else None
        self.put(Fact.ONSET_REGION, region, why="where the first symptoms started is not recorded")
        self.put(
            Fact.BULBAR_ONSET,
            None if region is None else region == "bulbar",
            why="where the first symptoms started is not recorded",
        )
        diagnosis = r.diagnosis
        later = r.diagnosis_date is not None and r.diagnosis_date > self.as_of
        criteria = diagnosis.criteria if diagnosis is not None and not later else None
        category = diagnosis.category if diagnosis is not None and not later else None
        why = "the diagnosis is dated after this date" if later else "no diagnostic category on record"
        self.put(Fact.DIAGNOSIS_CRITERIA, criteria, why=why)
        self.put(Fact.DIAGNOSIS_CATEGORY, category, diagnosed, why=why)
        self.put(Fact.ALS_DIAGNOSED, None if category is None else category != "not_met", diagnosed, why=why)

    def _genetics_and_cognition(self) -> None:
        genetics = {gene.upper(): result for gene, result in (self.record.genetics or {}).items()}
        for fact, gene in (
            (Fact.GENE_SOD1, "SOD1"),
            (Fact.GENE_C9ORF72, "C9ORF72"),
            (Fact.GENE_FUS, "FUS"),
            (Fact.GENE_TARDBP, "TARDBP"),
        ):
            result = genetics.get(gene)
            name = FACT_SPECS[fact].label.removesuffix(" gene test")
            if result is None:
                self.put(fact, None, why=f"no {name} gene test result on record")
            elif result == "unknown":
                self.put(fact, None, why=f"the {name} gene test result is recorded as unknown")
            else:
                self.put(fact, result)
        cognition = self.record.cognition
        if cognition in (None, "unknown"):
            why = "thinking and behaviour have not been assessed (or the result is not recorded)"
            self.put(Fact.COGNITION, None, why=why)
            self.put(Fact.COGNITIVE_IMPAIRMENT, None, why=why)
            self.put(Fact.FTD, None, why=why)
        else:
            self.put(Fact.COGNITION, cognition)
            self.put(Fact.COGNITIVE_IMPAIRMENT, cognition in COGNITIVE_IMPAIRMENT)
            self.put(Fact.FTD, cognition == "ftd")
        self.put(
            Fact.IN_MULTIDISCIPLINARY_CLINIC,
            self.record.in_multidisciplinary_clinic,
            why="whether a multidisciplinary ALS clinic follows the person is not recorded",
        )

    # -- ALSFRS-R --
    def _alsfrs(self, assessments: tuple[ScoredAssessment, ...]) -> None:
        item_facts = _ITEM_FACTS
        derived = (
            Fact.ALSFRS_DATE, Fact.ALSFRS_TOTAL, Fact.ALSFRS_ITEM5_VERSION, Fact.ALSFRS_LOWEST_ITEM,
            Fact.ALSFRS_LOWEST_BULBAR_ITEM, Fact.ALSFRS_BULBAR, Fact.ALSFRS_FINE_MOTOR,
            Fact.ALSFRS_GROSS_MOTOR, Fact.ALSFRS_RESPIRATORY, Fact.KINGS_STAGE, Fact.MITOS_STAGE,
            Fact.DELTA_FRS,
        )  # fmt: skip
        self.put(Fact.ALSFRS_COUNT, float(len(assessments)))
        latest = assessments[-1] if assessments else None
        if latest is None:
            for fact in (*item_facts, *derived):
                self.put(fact, None, why="no ALSFRS-R on record")
        else:
            on = latest.date
            scores = latest.scores
            for n, fact in enumerate(item_facts, start=1):
                key = str(n) if n != 5 else latest.item5
                self.put(fact, float(scores[key]), on)
            self.put(Fact.ALSFRS_DATE, on, on)
            self.put(Fact.ALSFRS_TOTAL, float(latest.total), on)
            self.put(Fact.ALSFRS_ITEM5_VERSION, latest.item5, on)
            self.put(Fact.ALSFRS_LOWEST_ITEM, float(min(scores.values())), on)
            self.put(Fact.ALSFRS_LOWEST_BULBAR_ITEM, float(min(scores["1"], scores["2"], scores["3"])), on)
            self.put(Fact.ALSFRS_BULBAR, float(latest.domains["bulbar"]), on)
            self.put(Fact.ALSFRS_FINE_MOTOR, float(latest.domains["fine_motor"]), on)
            self.put(Fact.ALSFRS_GROSS_MOTOR, float(latest.domains["gross_motor"]), on)
            self.put(Fact.ALSFRS_RESPIRATORY, float(latest.domains["respiratory"]), on)
            self.put(Fact.KINGS_STAGE, float(latest.kings.stage), on)
            self.put(Fact.MITOS_STAGE, float(latest.mitos.stage), on)
            delta = latest.delta_frs
            self.put(
                Fact.DELTA_FRS,
                None if delta is None else round(delta, 3),
                on,
                why="ΔFRS needs the date of the first symptoms" if delta is None else "",
            )
        from alsnav.scales.progression import slope_per_month

        slope = slope_per_month([(a.date, a.total) for a in assessments])
        self.put(
            Fact.SLOPE_PER_MONTH,
            None if slope is None else round(slope, 3),
            latest.date if latest else None,
            why="the slope needs at least two ALSFRS-R on different dates",
        )
        self._lead_in(assessments)

    def _lead_in(self, assessments: tuple[ScoredAssessment, ...]) -> None:
        why = "needs an ALSFRS-R about 12 weeks (8 to 16) before the latest one"
        if len(assessments) < 2:
            self.put(Fact.ALSFRS_POINTS_LOST_12_WEEKS, None, why=why)
            return
        latest = assessments[-1]
        window = [
            a
            for a in assessments[:-1]
            if abs((latest.date - a.date).days - LEAD_IN_DAYS) <= LEAD_IN_TOLERANCE_DAYS
        ]
        if not window:
            self.put(Fact.ALSFRS_POINTS_LOST_12_WEEKS, None, why=why)
            return
        earlier = min(window, key=lambda a: (abs((latest.date - a.date).days - LEAD_IN_DAYS), a.date))
        self.put(Fact.ALSFRS_POINTS_LOST_12_WEEKS, float(earlier.total - latest.total), latest.date)

    # -- measurements --
    def _measurements(self) -> None:
        latest: dict[str, tuple[dt.date, float]] = {}
        supine_fvc: tuple[dt.date, float] | None = None
        for m in sorted(self.record.measurements, key=lambda m: m.date):
            if m.date > self.as_of:
                continue
            if m.type in ("fvc_percent", "svc_percent") and m.position == "supine":
                if m.type == "fvc_percent":
                    supine_fvc = (m.date, m.value)
                continue
            latest[m.type] = (m.date, m.value)
        for fact in (
            Fact.FVC_PERCENT, Fact.SVC_PERCENT, Fact.SNIP_CMH2O, Fact.MIP_CMH2O, Fact.PCF_L_MIN,
            Fact.PACO2_MMHG, Fact.SPO2_NADIR_PERCENT, Fact.SPO2_BELOW_88_MINUTES, Fact.WEIGHT_KG,
            Fact.ALT_ULN_RATIO, Fact.NFL_PG_ML,
        ):  # fmt: skip
            found = latest.get(fact.value)
            if found is None:
                self.put(fact, None, why=f"no {FACT_SPECS[fact].label} on record")
                continue
            when, value = found
            if fact in (Fact.SNIP_CMH2O, Fact.MIP_CMH2O):
                value = abs(value)  # pressures compared as magnitudes, whatever sign was stored
            self.put(fact, value, when)
        if supine_fvc is None:
            self.put(Fact.FVC_SUPINE_PERCENT, None, why="no FVC lying down on record")
        else:
            self.put(Fact.FVC_SUPINE_PERCENT, supine_fvc[1], supine_fvc[0])
        capacities = [latest[k] for k in ("fvc_percent", "svc_percent") if k in latest]
        if capacities:
            when, value = max(capacities, key=lambda pair: pair[0])
            self.put(Fact.VITAL_CAPACITY_PERCENT, value, when)
        else:
            self.put(Fact.VITAL_CAPACITY_PERCENT, None, why="no FVC or SVC on record")
        usual_why = "usual weight before ALS not recorded"
        self.put(Fact.PREMORBID_WEIGHT_KG, self.record.premorbid_weight_kg, why=usual_why)
        self.put(Fact.HEIGHT_CM, self.record.height_cm, why="height not recorded")
        weight = latest.get("weight_kg")
        usual = self.record.premorbid_weight_kg
        if weight is None or usual is None:
            why = "needs the usual weight before ALS and a weight" if usual is None else "no weight on record"
            self.put(Fact.WEIGHT_LOSS_PERCENT, None, why=why)
        else:
            self.put(Fact.WEIGHT_LOSS_PERCENT, round((usual - weight[1]) / usual * 100, 1), weight[0])
        height = self.record.height_cm
        if weight is None or height is None:
            self.put(Fact.BMI, None, why="needs a height and a weight")
        else:
            self.put(Fact.BMI, round(weight[1] / (height / 100) ** 2, 1), weight[0])

    # -- medicines --
    def _medications(self) -> tuple[MedicationPeriod, ...]:
        periods: list[MedicationPeriod] = []
        current: set[str] = set()
        stopped: set[str] = set()
        given = "medications" in self.record.model_fields_set
        for med in self.record.medications:
            if not self.visible(med.start_date):
                continue
            name = med.name.strip().lower()
            stop = med.stop_date if med.stop_date is not None and med.stop_date <= self.as_of else None
            periods.append(MedicationPeriod(name, med.start_date, stop))
            if stop is None:
                current.add(name)
                if med.start_date is not None:
                    days = float((self.as_of - med.start_date).days)
                    old = self.keyed.get((Fact.DAYS_ON_MEDICATION, name))
                    if old is None or (isinstance(old.value, float) and days > old.value):
                        self.keyed[(Fact.DAYS_ON_MEDICATION, name)] = FactValue(
                            Fact.DAYS_ON_MEDICATION, days, med.start_date, subject=name
                        )
                else:
                    self.keyed.setdefault(
                        (Fact.DAYS_ON_MEDICATION, name),
                        FactValue(
                            Fact.DAYS_ON_MEDICATION, None, why=f"{name} has no start date", subject=name
                        ),
                    )
            else:
                stopped.add(name)
        stopped -= current
        why = "no medicines are recorded"
        if given or periods:
            self.put(Fact.MEDICATIONS_CURRENT, frozenset(current))
            self.put(Fact.MEDICATIONS_STOPPED, frozenset(stopped))
        else:
            self.put(Fact.MEDICATIONS_CURRENT, None, why=why)
            self.put(Fact.MEDICATIONS_STOPPED, None, why=why)
        return tuple(periods)

    # -- symptoms and interventions --
    def _symptoms_and_interventions(self, assessments: tuple[ScoredAssessment, ...]) -> None:
        r = self.record
        symptoms = frozenset(s.code for s in r.symptoms if self.visible(s.since))
        if "symptoms" in r.model_fields_set or symptoms:
            self.put(Fact.SYMPTOMS, symptoms)
        else:
            self.put(Fact.SYMPTOMS, None, why="no symptoms are recorded")
        current: set[str] = set()
        refused: set[str] = set()
        ever: set[str] = set()
        for item in r.interventions:
            if not self.visible(item.start_date):
                continue
            if item.refused:
                refused.add(item.type)
                continue
            ever.add(item.type)
            if item.stop_date is None or item.stop_date > self.as_of:
                current.add(item.type)
        given = "interventions" in r.model_fields_set or bool(r.interventions)
        if given:
            self.put(Fact.INTERVENTIONS_CURRENT, frozenset(current))
            self.put(Fact.INTERVENTIONS_REFUSED, frozenset(refused))
            self.put(Fact.INTERVENTIONS_EVER, frozenset(ever))
        else:
            for fact in (Fact.INTERVENTIONS_CURRENT, Fact.INTERVENTIONS_REFUSED, Fact.INTERVENTIONS_EVER):
                self.put(fact, None, why="no equipment or support is recorded")
        latest = assessments[-1] if assessments else None
        # Gastrostomy: a tube in place, or the latest ALSFRS-R answered with item 5b.
        tube = InterventionKind.GASTROSTOMY.value in current or (latest is not None and latest.item5 == "5b")
        if tube:
            self.put(Fact.HAS_GASTROSTOMY, True, latest.date if latest else None)
        elif given or latest is not None:
            self.put(Fact.HAS_GASTROSTOMY, False)
        else:
            self.put(Fact.HAS_GASTROSTOMY, None, why="no equipment or ALSFRS-R is recorded")
        # Ventilation: NIV or tracheostomy ventilation in place, or ALSFRS-R item 12 below 4.
        trach = InterventionKind.TRACHEOSTOMY_VENTILATION.value in current or (
            latest is not None and latest.scores["12"] == 0
        )
        vent = (
            trach
            or InterventionKind.NIV.value in current
            or (latest is not None and latest.scores["12"] < 4)
        )
        if vent:
            self.put(Fact.USES_VENTILATION, True, latest.date if latest else None)
        elif given or latest is not None:
            self.put(Fact.USES_VENTILATION, False)
        else:
            self.put(Fact.USES_VENTILATION, None, why="no equipment or ALSFRS-R is recorded")
        if trach:
            self.put(Fact.HAS_TRACHEOSTOMY, True, latest.date if latest else None)
        elif given or latest is not None:
            self.put(Fact.HAS_TRACHEOSTOMY, False)
        else:
            self.put(Fact.HAS_TRACHEOSTOMY, None, why="no equipment or ALSFRS-R is recorded")
        if not vent and (given or latest is not None):
            self.put(Fact.NIV_HOURS_PER_DAY, 0.0)
        else:
            self.put(Fact.NIV_HOURS_PER_DAY, None, why="the record does not hold hours a day on NIV")

    # -- prognosis --
    def _prognosis(self) -> None:
        result = self.report.encals
        diagnosed = self.record.diagnosis_date
        if diagnosed is not None and diagnosed > self.as_of:
            why = "the diagnosis is dated after this date"
            self.put(Fact.ENCALS_LINEAR_PREDICTOR, None, why=why)
            self.put(Fact.TRICALS_RISK_PROFILE, None, why=why)
            return
        missing = ", ".join(result.missing)
        why = f"the model needs: {missing}" if missing else ""
        self.put(
            Fact.ENCALS_LINEAR_PREDICTOR,
            None if result.linear_predictor is None else round(result.linear_predictor, 3),
            diagnosed,
            why=why,
        )
        inputs = result.inputs
        tricals_missing = [m for m in result.missing if m != "genetics.C9orf72"]
        if tricals_missing:
            self.put(
                Fact.TRICALS_RISK_PROFILE, None, why=f"the risk profile needs: {', '.join(tricals_missing)}"
            )
            return
        assert inputs.age_at_onset_years is not None and inputs.diagnostic_delay_months is not None  # noqa: S101
        assert inputs.delta_frs is not None and inputs.fvc_percent is not None  # noqa: S101
        lp = encals.tricals_linear_predictor(
            age_at_onset_years=inputs.age_at_onset_years,
            diagnostic_delay_months=inputs.diagnostic_delay_months,
            delta_frs=inputs.delta_frs,
            fvc_percent=inputs.fvc_percent,
            bulbar_onset=bool(inputs.bulbar_onset),
            definite_el_escorial=bool(inputs.definite_el_escorial),
            ftd=bool(inputs.ftd),
        )
        self.put(Fact.TRICALS_RISK_PROFILE, round(lp, 3), diagnosed)


def known_facts(facts: Facts) -> Iterable[FactValue]:
    """Every known, unkeyed fact (for display and debugging)."""
    return (value for value in facts.values.values() if value.known)


__all__ = [
    "DAYS_PER_MONTH",
    "FACT_SPECS",
    "Fact",
    "FactSpec",
    "FactType",
    "FactValue",
    "Facts",
    "MedicationPeriod",
    "facts_from_record",
    "known_facts",
    "show_value",
]
