"""One vocabulary: the database choices and form fields offer exactly the record format's values."""

from __future__ import annotations

from typing import Any, get_args

import pytest

from alsnav import record, terms
from alsnav.record import MEASUREMENT_TYPES
from alsnav.symptoms import SYMPTOM_CODES
from alsnav_web.patients import forms
from alsnav_web.patients.models import Assessment, Measurement, PatientRecord


def _values(choices: Any) -> list[str]:
    return [value for value, _ in choices if value != ""]


@pytest.mark.parametrize(
    ("field", "literal"),
    [
        (PatientRecord._meta.get_field("sex"), record.Sex),
        (PatientRecord._meta.get_field("onset_region"), record.OnsetRegion),
        (PatientRecord._meta.get_field("diagnosis_criteria"), record.Criteria),
        (PatientRecord._meta.get_field("diagnosis_category"), record.DiagnosticCategory),
        (PatientRecord._meta.get_field("cognition"), record.Cognition),
        (Measurement._meta.get_field("position"), record.Position),
        (Assessment._meta.get_field("answered_by"), record.AnsweredBy),
    ],
    ids=lambda v: getattr(v, "name", ""),
)
def test_database_choices_equal_the_record_values(field: Any, literal: Any) -> None:
    assert _values(field.choices) == list(get_args(literal))


def test_measurement_types_units_and_forms_come_from_the_core() -> None:
    assert _values(Measurement._meta.get_field("type").choices) == list(MEASUREMENT_TYPES)
    form = forms.MeasurementForm()
    for kind in MEASUREMENT_TYPES:
        spec = terms.MEASUREMENT_BY_TYPE[kind]
        assert kind in form.fields
        assert spec.unit in str(form.fields[kind].label)


def test_profile_form_offers_the_record_values() -> None:
    form = forms.ProfileForm()
    assert _values(form.fields["sex"].choices) == list(get_args(record.Sex))
    assert _values(form.fields["cognition"].choices) == list(get_args(record.Cognition))
    assert _values(form.fields["gene_SOD1"].choices) == list(get_args(record.GeneResult))
    assert [g for g in terms.GENES] == ["SOD1", "C9orf72", "FUS", "TARDBP"]


def test_symptom_and_intervention_forms_use_the_core_lists() -> None:
    symptoms = forms.SymptomForm(prefix="symptom", labels={})
    assert _values(symptoms.fields["code"].choices) == list(SYMPTOM_CODES)
    interventions = forms.InterventionForm(prefix="intervention")
    assert _values(interventions.fields["type"].choices) == [k.value for k in terms.InterventionKind]
