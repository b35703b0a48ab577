"""Splitting registry eligibility text into numbered inclusion and exclusion criteria."""

from __future__ import annotations

from alsnav.trials.criteria import Kind, split_criteria


def _texts(text: str, kind: Kind) -> list[str]:
    return [c.text for c in split_criteria(text) if c.kind is kind]


def test_headings_and_star_bullets_as_clinicaltrials_gov_writes_them() -> None:
    text = (
        "Inclusion Criteria:\n\n* Definite or probable ALS\n* FVC of 80% or more\n\n"
        "Exclusion Criteria:\n\n* Tracheostomy\n* Creatinine clearance 50 mL/min or less"
    )
    criteria = split_criteria(text)
    assert [(c.kind, c.number) for c in criteria] == [
        (Kind.INCLUSION, 1), (Kind.INCLUSION, 2), (Kind.EXCLUSION, 1), (Kind.EXCLUSION, 2)
    ]  # fmt: skip
    assert criteria[1].text == "FVC of 80% or more"


def test_numbered_lists_with_dots_and_brackets() -> None:
    text = (
        "Inclusion Criteria:\n1. Age 18 or older\n2) FVC >= 60%\n(3) ALSFRS-R >= 30\n"
        "Exclusion criteria\n1. Dementia"
    )
    assert _texts(text, Kind.INCLUSION) == ["Age 18 or older", "FVC >= 60%", "ALSFRS-R >= 30"]
    assert _texts(text, Kind.EXCLUSION) == ["Dementia"]


def test_key_and_main_headings_in_any_case() -> None:
    text = (
        "KEY INCLUSION CRITERIA:\n- Age 18 or older\nMain Exclusion Criteria -\n• Tracheostomy\n· Gastrostomy"
    )
    assert _texts(text, Kind.INCLUSION) == ["Age 18 or older"]
    assert _texts(text, Kind.EXCLUSION) == ["Tracheostomy", "Gastrostomy"]


def test_text_after_the_heading_colon_is_the_first_criterion() -> None:
    text = "Inclusion criteria: ALS diagnosis\nExclusion criteria: tracheostomy"
    assert _texts(text, Kind.INCLUSION) == ["ALS diagnosis"]
    assert _texts(text, Kind.EXCLUSION) == ["tracheostomy"]


def test_escaped_symbols_are_read_as_comparisons() -> None:
    text = "Inclusion Criteria:\n* SVC \\>60%\n* Age \\<= 80\n* ALSFRS-R ≥ 30\n* FVC ＞ 50%"
    assert _texts(text, Kind.INCLUSION) == ["SVC >60%", "Age <= 80", "ALSFRS-R >= 30", "FVC > 50%"]


def test_wrapped_lines_continue_the_criterion() -> None:
    text = (
        "Inclusion Criteria:\n* Slow vital capacity of at least 60%\n  of the predicted value\n"
        "* Age 18 or older"
    )
    assert _texts(text, Kind.INCLUSION) == [
        "Slow vital capacity of at least 60% of the predicted value",
        "Age 18 or older",
    ]


def test_nested_children_are_their_own_criteria_with_the_parent_as_context() -> None:
    text = (
        "Exclusion Criteria:\n1. Any of these medical conditions:\n   a. Tracheostomy\n   b. Dementia\n"
        "2. Pregnancy"
    )
    criteria = split_criteria(text)
    assert [c.text for c in criteria] == ["Tracheostomy", "Dementia", "Pregnancy"]
    assert criteria[0].context == "Any of these medical conditions:"
    assert [c.number for c in criteria] == [1, 2, 3]


def test_children_of_a_one_of_the_following_parent_are_alternatives_in_one_criterion() -> None:
    text = (
        "Inclusion Criteria:\n* One of the following:\n  - not taking riluzole\n"
        "  - stable riluzole for 30 days"
    )
    assert _texts(text, Kind.INCLUSION) == [
        "One of the following: not taking riluzole; or stable riluzole for 30 days"
    ]


def test_unmarked_lines_are_criteria_and_text_before_any_heading_is_inclusion() -> None:
    text = "Adults with ALS\nFVC 50% or more\nExclusion Criteria:\nTracheostomy"
    assert _texts(text, Kind.INCLUSION) == ["Adults with ALS", "FVC 50% or more"]
    assert _texts(text, Kind.EXCLUSION) == ["Tracheostomy"]


def test_letters_under_a_numbered_line_ending_in_a_colon_nest_without_indentation() -> None:
    text = "Inclusion Criteria:\n1. Breathing:\na. FVC >= 60%\nb. No NIV\n2. Age 18 or older"
    assert _texts(text, Kind.INCLUSION) == ["FVC >= 60%", "No NIV", "Age 18 or older"]


def test_empty_text_gives_no_criteria() -> None:
    assert split_criteria("") == []


def test_lead_in_lines_headings_for_parts_and_registry_boilerplate() -> None:
    text = (
        "Inclusion Criteria for Part C:\n\nParticipants must meet all of the following:\n\n"
        "* Age 18 or older\n* SVC >= 50%\n\nExclusion Criteria:\n\n* Tracheostomy\n\n"
        "NOTE: Other protocol-defined Inclusion/Exclusion Criteria may apply"
    )
    criteria = split_criteria(text)
    assert [(c.kind, c.text) for c in criteria] == [
        (Kind.INCLUSION, "Age 18 or older"),
        (Kind.INCLUSION, "SVC >= 50%"),
        (Kind.EXCLUSION, "Tracheostomy"),
    ]
    assert criteria[0].context == "Participants must meet all of the following:"


def test_a_criterion_that_starts_with_inclusion_is_not_a_heading() -> None:
    text = "Exclusion Criteria:\nInclusion in another drug study within 30 days\nTracheostomy"
    assert _texts(text, Kind.EXCLUSION) == ["Inclusion in another drug study within 30 days", "Tracheostomy"]
