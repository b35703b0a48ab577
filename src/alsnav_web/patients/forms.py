"""Forms of the patient pages: they parse and check input; services decide what is stored."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms

from alsnav import terms
from alsnav.errors import Problem
from alsnav.record import questionnaire_keys
from alsnav.scales import alsfrs
from alsnav.scales.alsfrs_plain import ANSWER_PLAIN, ITEM_PLAIN
from alsnav.symptoms import SYMPTOM_CODES
from alsnav.terms import MEASUREMENTS as SPECS
from alsnav_web.patients.charts import date_text
from alsnav_web.patients.models import Role

GENES = terms.GENES

INTERVENTION_TYPES = terms.INTERVENTION
INTERVENTION_LABELS = terms.INTERVENTION_LABELS

MAX_IMPORT_BYTES = 2 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ChoiceRadios(forms.RadioSelect):
    """Radio buttons whose field id points at the first button, so error links can focus it."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        if index is None:
            index = "0"
        return super().id_for_label(id_, index)


class ChoiceCheckboxes(forms.CheckboxSelectMultiple):
    """Check boxes whose field id points at the first box, so error links can focus it."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        if index is None:
            index = "0"
        return super().id_for_label(id_, index)


def _blank(label: str, choices: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", label), *choices]


def _date_field(label: str, help_text: str = "", required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=["%Y-%m-%d"],  # what a date input sends; no guessing between 12/01 and 01/12
        required=required,
        help_text=help_text,
        widget=DateInput(),
        error_messages={"invalid": "Enter a real date, for example 2026-03-14."},
    )


_ENTRY_PATH = re.compile(r"^(assessments|measurements)\[\d+\]")
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
#: Record-format field names as they may appear in core messages, in the words the pages use.
_FIELD_WORDS = {
    "onset_date": "the date of the first symptoms",
    "diagnosis_date": "the date of diagnosis",
    "birth_date": "the date of birth",
    "vital_status.date": "the date they died",
}


def _plain(text: str) -> str:
    """A core message in the pages' words: dates as 12 Jan 2026, field names as words."""
    for name, phrase in _FIELD_WORDS.items():
        text = text.replace(name, phrase)

    def words(match: re.Match[str]) -> str:
        try:
            return date_text(dt.date.fromisoformat(match.group(0)))
        except ValueError:
            return match.group(0)

    return _ISO_DATE.sub(words, text)


class PatientForm(forms.Form):
    """Base: no browser pop-up validation (errors come back from the server in plain words)."""

    use_required_attribute = False

    def add_problems(self, problems: Iterable[Problem], field_of: Mapping[str, str] | None = None) -> None:
        """Show core problems (named by JSON path) beside the fields they concern, in plain words,
        one per problem: the same problem of many entries ("assessments[3].date is before
        onset_date …") is said once."""
        mapping = dict(field_of or {})
        before_onset: list[Problem] = []
        for problem in problems:
            if _ENTRY_PATH.match(problem.where) and "before onset_date" in problem.message:
                before_onset.append(problem)
                continue
            field = mapping.get(problem.where, problem.where.replace(".", "_"))
            message = _plain(problem.message)
            if field in self.fields:
                self.add_error(field, message[:1].upper() + message[1:] + ".")
            else:
                self.add_error(None, f"{_plain(problem.where)}: {message}.")
        if before_onset:
            dates = sorted(m.group(0) for p in before_onset if (m := _ISO_DATE.search(p.message)))
            earliest = f" (the earliest on {_plain(dates[0])})" if dates else ""
            count = len(before_onset)
            message = (
                f"{count} entr{'y is' if count == 1 else 'ies are'} dated before this date{earliest}. "
                "The first symptoms must come before every ALSFRS-R and measurement: check this date."
            )
            self.add_error("onset_date" if "onset_date" in self.fields else None, message)


class ProfileForm(PatientForm):
    display_name = forms.CharField(
        label="Name to show on the record",
        required=False,
        max_length=100,
        help_text="Shown on these pages, the clinic summary and to the people you share with.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    clinic_number = forms.CharField(
        label="Clinic or hospital number",
        required=False,
        max_length=50,
        help_text="Shown on the clinic summary, so the team can match it to their notes.",
    )
    external_id = forms.CharField(
        label="Your own reference for this record",
        required=False,
        max_length=100,
        help_text="For example the number your clinic uses. It is put in exported files.",
    )
    sex = forms.ChoiceField(label="Sex", required=False, choices=_blank("Not given", terms.SEX))
    birth_date = _date_field("Date of birth")
    country = forms.CharField(
        label="Country where you get care",
        required=False,
        max_length=2,
        help_text="Two-letter country code, for example GB, US or DE.",
        widget=forms.TextInput(attrs={"autocomplete": "country", "size": 4}),
    )
    onset_date = _date_field(
        "Date of the first symptoms", "Your best estimate is fine. It is needed to work out ΔFRS."
    )
    diagnosis_date = _date_field("Date of diagnosis")
    onset_region = forms.ChoiceField(
        label="Where the first symptoms started",
        required=False,
        choices=_blank("Not given", terms.ONSET_REGION),
    )
    diagnosis_criteria = forms.ChoiceField(
        label="Diagnostic criteria used",
        required=False,
        choices=_blank("Not known", terms.CRITERIA),
        help_text="Your neurologist's letter may say which criteria were used.",
    )
    diagnosis_category = forms.ChoiceField(
        label="Diagnostic category",
        required=False,
        choices=_blank("Not known", terms.DIAGNOSTIC_CATEGORY),
        help_text=(
            "El Escorial and Awaji give definite, probable or possible; "
            "Gold Coast gives criteria met or not met."
        ),
    )
    cognition = forms.ChoiceField(
        label="Thinking and behaviour", required=False, choices=_blank("Not given", terms.COGNITION)
    )
    in_multidisciplinary_clinic = forms.TypedChoiceField(
        label="Seen by a specialist ALS or MND team",
        required=False,
        choices=[("", "Not given"), ("yes", "Yes"), ("no", "No")],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
    )
    premorbid_weight_kg = forms.FloatField(
        label="Usual weight before ALS (kg)", required=False, min_value=20, max_value=300
    )
    height_cm = forms.FloatField(label="Height (cm)", required=False, min_value=50, max_value=250)
    deceased = forms.TypedChoiceField(
        label="Has the person with ALS died?",
        required=False,
        choices=[("", "Not recorded"), ("no", "No"), ("yes", "Yes, they have died")],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
        help_text=(
            "For a family member or the ALS team, when the time comes. "
            "It keeps the record and the clinic summary right. It can be changed back."
        ),
    )
    death_date = _date_field("Date they died", "If you know it.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for gene in GENES:
            self.fields[f"gene_{gene}"] = forms.ChoiceField(
                label=f"{gene} gene test", required=False, choices=_blank("Not given", terms.GENE_RESULT)
            )

    def clean_country(self) -> str:
        value: str = self.cleaned_data.get("country", "").strip().upper()
        return value

    def gene_fields(self) -> list[forms.BoundField]:
        return [self[f"gene_{gene}"] for gene in GENES]

    def field_groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        names = {
            "About you": [
                "display_name",
                "birth_date",
                "clinic_number",
                "external_id",
                "sex",
                "country",
                "height_cm",
                "premorbid_weight_kg",
            ],
            "Diagnosis": [
                "onset_date",
                "onset_region",
                "diagnosis_date",
                "diagnosis_criteria",
                "diagnosis_category",
                "cognition",
                "in_multidisciplinary_clinic",
            ],
            "If the person has died": ["deceased", "death_date"],
        }
        return [(title, [self[n] for n in fields]) for title, fields in names.items()]

    def readonly_groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The facts as ``(label, value in words)`` per group, for people who may view but not edit."""
        groups = []
        for title, fields in self.field_groups():
            if title == "Diagnosis":
                fields = [*fields, *self.gene_fields()]
            rows = []
            for bound in fields:
                value = bound.value()
                choices = dict(getattr(bound.field, "choices", ()) or ())
                if value in (None, ""):
                    text = "Not known"
                elif choices:
                    text = str(choices.get(value, value))
                elif hasattr(value, "strftime"):
                    text = value.strftime("%-d %B %Y")
                else:
                    text = str(value)
                rows.append((str(bound.label), text))
            groups.append((title, rows))
        return groups

    def changes(self) -> dict[str, Any]:
        """The cleaned values keyed by JSON path of the record format."""
        data = self.cleaned_data
        return {
            "id": data["external_id"].strip(),
            "sex": data["sex"],
            "birth_date": data["birth_date"],
            "country": data["country"],
            "onset_date": data["onset_date"],
            "diagnosis_date": data["diagnosis_date"],
            "onset_region": data["onset_region"],
            "diagnosis.criteria": data["diagnosis_criteria"],
            "diagnosis.category": data["diagnosis_category"],
            "cognition": data["cognition"],
            "in_multidisciplinary_clinic": data["in_multidisciplinary_clinic"],
            "premorbid_weight_kg": data["premorbid_weight_kg"],
            "height_cm": data["height_cm"],
            "vital_status.deceased": data["deceased"],
            "vital_status.date": data["death_date"],
        }

    def genetics(self) -> dict[str, str]:
        return {gene: self.cleaned_data[f"gene_{gene}"] for gene in GENES}

    def names(self) -> dict[str, str]:
        """The record's web-only fields (not part of the record exchange format)."""
        return {
            "display_name": self.cleaned_data["display_name"].strip(),
            "clinic_number": self.cleaned_data["clinic_number"].strip(),
        }

    #: JSON path (as named in core problems) -> form field
    FIELD_OF_PATH: dict[str, str] = {  # noqa: RUF012 - a constant table
        "id": "external_id",
        "diagnosis.criteria": "diagnosis_criteria",
        "diagnosis.category": "diagnosis_category",
        "vital_status.deceased": "deceased",
        "vital_status.date": "death_date",
        **{f"genetics.{gene}": f"gene_{gene}" for gene in GENES},
    }


class MedicationForm(PatientForm):
    name = forms.CharField(
        label="Medicine",
        max_length=100,
        help_text="For example riluzole or baclofen.",
        error_messages={"required": "Enter the name of the medicine."},
    )
    start_date = _date_field("Started on")
    stop_date = _date_field("Stopped on", "Leave empty if you still take it.")


class InterventionForm(PatientForm):
    type = forms.ChoiceField(
        label="What",
        choices=_blank("Choose one", INTERVENTION_TYPES),
        error_messages={"required": "Choose what the equipment or procedure is."},
    )
    start_date = _date_field(
        "Started on", "Needed for staging: a feeding tube or breathing support counts from this date."
    )
    stop_date = _date_field("Stopped on")
    refused = forms.BooleanField(label="It was offered but the person chose not to have it", required=False)


class SymptomForm(PatientForm):
    code = forms.ChoiceField(label="Symptom", choices=(), error_messages={"required": "Choose a symptom."})
    since = _date_field("Since")

    def __init__(self, *args: Any, labels: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = labels or {}
        self.fields["code"].choices = _blank(  # type: ignore[attr-defined]
            "Choose one",
            [(code, labels.get(code, code.replace("_", " ").capitalize())) for code in SYMPTOM_CODES],
        )


def item_choices(item: alsfrs.Item) -> list[tuple[str, str]]:
    """Answers from 4 (normal) down to 0, as on the printed form."""
    return [(str(score), item.answers[score]) for score in range(4, -1, -1)]


def alsfrs_question(field: forms.BoundField, item: alsfrs.Item) -> dict[str, Any]:
    """What ``patients/includes/alsfrs_question.html`` shows of one item: the radio group, the
    validated wording and, under the item and each answer, a plain note on the jargon."""
    return {
        "field": field,
        "item": item,
        "plain": ITEM_PLAIN[item.key],
        "answers": [(radio, ANSWER_PLAIN[item.key][int(radio.data["value"])]) for radio in field],
    }


def item_field(item: alsfrs.Item) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=f"{item.key}. {item.title}",
        choices=item_choices(item),
        coerce=int,
        widget=ChoiceRadios,
        error_messages={"required": f"Choose an answer for question {item.key} ({item.title})."},
    )


def answered_by_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Who gave the answers?",
        choices=terms.ANSWERED_BY,
        widget=ChoiceRadios,
        error_messages={"required": "Say who gave the answers."},
    )


class AssessmentForm(PatientForm):
    """The whole ALSFRS-R on one page. Item 5 is 5a or 5b as given to the constructor."""

    date = _date_field("Date of the answers", required=True)
    answered_by = answered_by_field()

    def __init__(self, *args: Any, item5: str = "5a", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item5 = item5
        self.fields["date"].error_messages["required"] = "Enter the date of the answers."
        for key in self.item_keys():
            self.fields[f"item_{key}"] = item_field(alsfrs.ITEM_BY_KEY[key])

    def item_keys(self) -> list[str]:
        return questionnaire_keys(gastrostomy=self.item5 == "5b")

    def item_bound_fields(self) -> list[tuple[forms.BoundField, alsfrs.Item]]:
        return [(self[f"item_{key}"], alsfrs.ITEM_BY_KEY[key]) for key in self.item_keys()]

    def questions(self) -> list[dict[str, Any]]:
        return [alsfrs_question(field, item) for field, item in self.item_bound_fields()]

    def scores(self) -> dict[str, int]:
        return {key: int(self.cleaned_data[f"item_{key}"]) for key in self.item_keys()}

    FIELD_OF_PATH: dict[str, str] = {  # noqa: RUF012 - a constant table
        **{f"alsfrs_r.{key}": f"item_{key}" for key in alsfrs.ITEM_BY_KEY},
    }


class DraftStartForm(PatientForm):
    date = _date_field("Date of the answers", required=True)
    answered_by = answered_by_field()
    gastrostomy = forms.TypedChoiceField(
        label="Do you have a feeding tube (gastrostomy)?",
        choices=[("no", "No"), ("yes", "Yes")],
        coerce=lambda v: v == "yes",
        widget=ChoiceRadios,
        help_text=(
            "This decides which version of question 5 is asked. It counts even if the tube is not used."
        ),
        error_messages={"required": "Say whether you have a feeding tube."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].error_messages["required"] = "Enter the date of the answers."


class DraftItemForm(PatientForm):
    def __init__(self, *args: Any, item: alsfrs.Item, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["answer"] = item_field(item)

    def question(self) -> dict[str, Any]:
        return alsfrs_question(self["answer"], self.item)


class MeasurementForm(PatientForm):
    """Measurements taken on one date; every value is optional but at least one is needed."""

    date = _date_field("Date measured", required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].error_messages["required"] = "Enter the date the measurements were taken."
        for spec in SPECS:
            unit = spec.unit.replace("%", "%%")  # error messages are %-formatted by Django
            self.fields[spec.type] = forms.FloatField(
                label=f"{spec.label} ({spec.unit})",
                required=False,
                min_value=spec.minimum,
                max_value=spec.maximum,
                help_text=f"{spec.hint} Between {spec.minimum:g} and {spec.maximum:g} {spec.unit}.",
                widget=forms.NumberInput(attrs={"step": spec.step, "inputmode": "decimal"}),
                error_messages={
                    "invalid": f"Enter a number in {unit}, using digits and a decimal point.",
                    "min_value": f"Enter {spec.minimum:g} {unit} or more. Check the unit.",
                    "max_value": f"Enter {spec.maximum:g} {unit} or less. Check the unit.",
                },
            )
            if spec.has_position:
                self.fields[f"{spec.type}_position"] = forms.ChoiceField(
                    label=f"{spec.short}: position",
                    required=False,
                    choices=_blank("Not given", terms.POSITION),
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(spec.type) is not None for spec in SPECS) and not self.errors:
            raise forms.ValidationError("Enter at least one measurement.")
        for spec in SPECS:
            if spec.has_position and cleaned.get(f"{spec.type}_position") and cleaned.get(spec.type) is None:
                self.add_error(
                    f"{spec.type}_position", f"Enter the {spec.short} value, or leave the position empty."
                )
        return cleaned

    def spec_fields(self) -> list[tuple[Any, forms.BoundField, forms.BoundField | None]]:
        return [
            (spec, self[spec.type], self[f"{spec.type}_position"] if spec.has_position else None)
            for spec in SPECS
        ]


def _permission_choices() -> list[tuple[str, str]]:
    from alsnav_web.patients.selectors import GRANT_WORDS, GRANTABLE

    return [(p.value, GRANT_WORDS[p]) for p in GRANTABLE]


def permissions_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="What they may do",
        choices=_permission_choices(),
        widget=ChoiceCheckboxes,
        help_text="You can change this later, or take access away at any time.",
        error_messages={"required": "Choose at least one thing they may do."},
    )


class InviteForm(PatientForm):
    """Invite someone by e-mail. Whether the address has an account is never checked here."""

    email = forms.EmailField(
        label="Their e-mail address",
        max_length=254,
        help_text="We send them a link. They get access only once they accept it.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": "Enter the e-mail address of the person.",
            "invalid": "Enter an e-mail address like name@example.org.",
        },
    )
    role = forms.ChoiceField(
        label="Who they are to you",
        choices=[
            (Role.CAREGIVER.value, "A caregiver: family, a friend or a paid carer"),
            (Role.CLINICIAN.value, "A clinician: a member of your ALS team"),
        ],
        widget=ChoiceRadios,
        error_messages={"required": "Choose who they are to you."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["permissions"] = permissions_field()


class GrantPermissionsForm(PatientForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["permissions"] = permissions_field()


class SettingsForm(PatientForm):
    prognosis_opt_in = forms.BooleanField(
        label="Show the ENCALS survival estimate to my clinicians",
        required=False,
        help_text="Off unless you turn it on. You can change your mind at any time.",
    )


class ImportForm(PatientForm):
    file = forms.FileField(
        label="Patient record file (JSON)",
        help_text="A file exported from ALS Navigator or made in the same format. Up to 2 MB.",
        error_messages={"required": "Choose a file to import."},
    )
    replace = forms.BooleanField(
        label="I understand this replaces everything now in the record",
        error_messages={"required": "Tick the box to confirm that the file replaces the record."},
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                "The file is larger than 2 MB. A patient record file is much smaller."
            )
        content: bytes = upload.read()
        return content


class DeleteForm(PatientForm):
    confirm = forms.BooleanField(
        label="I understand that my record and everything in it will be deleted for good",
        error_messages={"required": "Tick the box to confirm that you want to delete your data."},
    )
