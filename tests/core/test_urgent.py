"""The urgent-help recogniser: emergencies written many ways trigger it; ordinary questions never do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from alsnav.cli import main
from alsnav.kb.urgent import HelpLevel, load_urgent_help
from alsnav.search import load_index
from alsnav.search.urgent import UrgentRecogniser

ROOT = Path(__file__).resolve().parents[2]

# (query, the situation it describes). Typos, lay words, first person and caregiver voice.
EMERGENCIES = [
    ("cant breathe", "breathing-emergency"),
    ("I can't breathe", "breathing-emergency"),
    ("he cannot breathe", "breathing-emergency"),
    ("cnat breathe", "breathing-emergency"),
    ("my husband is struggling to breathe", "breathing-emergency"),
    ("mum is gasping for air", "breathing-emergency"),
    ("her lips are turning blue", "breathing-emergency"),
    ("lips gone blue and breathing fast", "breathing-emergency"),
    ("breathing suddenly much worse", "breathing-emergency"),
    ("suddenly very short of breath at rest", "breathing-emergency"),
    ("dad is hard to wake and breathing is shallow", "breathing-emergency"),
    ("he is choking and cant stop", "choking-not-clearing"),
    ("shes choking", "choking-not-clearing"),
    ("i'm choking", "choking-not-clearing"),
    ("choking cant breathe", "choking-not-clearing"),
    ("chokeing and turning blue", "choking-not-clearing"),
    ("food stuck in her throat and she cant breathe", "choking-not-clearing"),
    ("my PEG tube fell out", "feeding-tube-out"),
    ("feeding tube came out", "feeding-tube-out"),
    ("his peg has fallen out what do i do", "feeding-tube-out"),
    ("the tube got pulled out by accident", "feeding-tube-out"),
    ("mickey button fell out", "feeding-tube-out"),
    ("peg tube moved and is leaking", "feeding-tube-moved"),
    ("want to end it all", "suicidal-thoughts"),
    ("I want to kill myself", "suicidal-thoughts"),
    ("feeling suicidal", "suicidal-thoughts"),
    ("my wife says she doesnt want to live anymore", "suicidal-thoughts"),
    ("thinking of ending my life", "suicidal-thoughts"),
    ("better off dead", "suicidal-thoughts"),
    ("fell and hit his head", "fall-with-injury"),
    ("she fell and cant get up", "fall-with-injury"),
    ("had a fall and think her wrist is broken", "fall-with-injury"),
    ("ventilator stopped working", "ventilator-problem"),
    ("power cut and he is on a breathing machine", "ventilator-problem"),
    ("trach tube blocked", "ventilator-problem"),
    ("bipap alarm wont stop and machine not working", "ventilator-problem"),
    ("one leg swollen and painful", "blood-clot"),
    ("swollen red calf", "blood-clot"),
    ("fever and coughing up green phlegm", "chest-infection"),
    ("high temperature and rattly chest", "chest-infection"),
    ("i think he has a chest infection", "chest-infection"),
    ("morning headache and drowsy all day", "raised-carbon-dioxide"),
    ("new back pain after tofersen", "after-tofersen"),
    ("legs weak after qalsody injection", "after-tofersen"),
    ("cant pee after tofersen dose", "after-tofersen"),
    ("feeding tube dislodged", "feeding-tube-out"),
    ("breathing machine broke", "ventilator-problem"),
    ("cant get air", "breathing-emergency"),
    ("high fever and lots of phlegm", "chest-infection"),
    ("what to do if someone is choking", "choking-not-clearing"),
]

# Ordinary questions and symptoms: the box must not appear (alarm fatigue is a harm too).
ORDINARY = [
    "drooling",
    "stiff legs",
    "cramps at night",
    "feeding tube pros and cons",
    "breathing machine",
    "how to use cough assist",
    "can't breathe lying flat",
    "short of breath when talking",
    "choking on food",
    "coughing when drinking",
    "afraid of choking",
    "morning headaches",
    "sleepy during the day",
    "swollen ankles",
    "swollen feet",
    "keeps getting chest infections",
    "fear of falling",
    "keeps falling",
    "fell over",
    "tofersen side effects",
    "tofersen",
    "peg",
    "when can a peg tube come out",
    "bipap mask",
    "ventilator",
    "tracheostomy",
    "depression",
    "feeling down",
    "muscle twitching",
    "throat closing up",
    "thick mucus",
    "weak cough",
    "trouble swallowing",
    "slurred speech",
    "constipation",
    "can't sleep",
    "rilutek",
    "save my voice",
    "head drop",
    "bed sores",
    "breathing exercises",
    "is noninvasive ventilation worth it",
    "clinical trials near me",
    "how to prevent choking",
    "laughing or crying for no reason",
    "cant breathe through my nose",
    "dvt prevention",
    "suicide rates in als",
    "choking risk",
    "tube feeding at night",
]


@pytest.fixture(scope="module")
def recogniser() -> UrgentRecogniser:
    content = load_urgent_help()
    assert content is not None
    return UrgentRecogniser(content)


def test_there_are_enough_phrasings_of_both_kinds() -> None:
    assert len(EMERGENCIES) >= 40
    assert len(ORDINARY) >= len(EMERGENCIES)


@pytest.mark.parametrize(("query", "situation"), EMERGENCIES)
def test_emergency_phrasings_raise_the_box(recogniser: UrgentRecogniser, query: str, situation: str) -> None:
    match = recogniser.recognise(query)
    assert match is not None, f"{query!r} should raise urgent help"
    assert match.situation.id == situation
    assert match.situation.level in (HelpLevel.EMERGENCY, HelpLevel.TODAY)


@pytest.mark.parametrize("query", ORDINARY)
def test_ordinary_queries_do_not_raise_the_box(recogniser: UrgentRecogniser, query: str) -> None:
    match = recogniser.recognise(query)
    assert match is None, (
        f"{query!r} raised {match.situation.id if match else ''} ({match.trigger if match else ''})"
    )


def test_negated_symptoms_do_not_raise_the_box(recogniser: UrgentRecogniser) -> None:
    assert recogniser.recognise("drooling but not choking") is None
    assert recogniser.recognise("no fever but a cough") is None


def test_held_out_set(recogniser: UrgentRecogniser) -> None:
    """An independent set written before tuning: every urgent query found, no ordinary one."""
    data = yaml.safe_load((ROOT / "eval" / "urgent-heldout.yaml").read_text(encoding="utf-8"))
    missed = [
        q["query"]
        for q in data["urgent"]
        if (m := recogniser.recognise(q["query"])) is None or m.situation.id != q["situation"]
    ]
    false_alarms = [q for q in data["ordinary"] if recogniser.recognise(q) is not None]
    assert missed == []
    assert false_alarms == []


def test_search_eval_queries_rarely_raise_the_box(recogniser: UrgentRecogniser) -> None:
    """The 197 everyday search queries of the search eval are ordinary symptom questions."""
    data = yaml.safe_load((ROOT / "eval" / "search-queries.yaml").read_text(encoding="utf-8"))
    queries = [item["q"] for item in data["queries"]]
    raised = [q for q in queries if recogniser.recognise(q) is not None]
    assert len(raised) <= len(queries) // 50, raised


def test_search_answer_carries_the_urgent_box() -> None:
    response = load_index().search("cant breathe")
    assert response.urgent is not None
    document = response.to_json()
    assert document["urgent"]["title"] == "Sudden or fast-worsening breathlessness"
    assert any("emergency number" in line for line in document["urgent"]["advice"])
    assert document["urgent"]["url"].startswith("/urgent/")
    assert load_index().search("drooling").to_json()["urgent"] is None


def test_cli_json_has_urgent(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "my PEG tube fell out", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["urgent"]["title"] == "A feeding tube has come out"
    assert main(["search", "stiff legs", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["urgent"] is None


def test_cli_text_puts_urgent_help_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "he is choking and cant stop"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("URGENT")
    assert "Choking that does not clear" in out


def test_urgent_command_lists_the_numbers_of_a_country(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["urgent", "--country", "gb", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [n["country"] for n in document["numbers"]] == ["GB"]
    assert document["numbers"][0]["emergency"] == "999"
    assert {s["level"] for s in document["situations"]} == {"emergency", "today", "next_visit"}


def test_urgent_command_shows_unverified_numbers_as_such(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["urgent", "--country", "EU"]) == 0
    out = capsys.readouterr().out
    assert "[M]" not in out and "(unverified)" in out


def test_urgent_command_refuses_an_unknown_country_naming_the_option(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["urgent", "--country", "XX"]) == 2
    assert "--country: no numbers for 'XX'" in capsys.readouterr().err
