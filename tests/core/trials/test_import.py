"""Import of ClinicalTrials.gov API v2 JSON: shapes, upsert by NCT id, idempotency, bad files."""

from __future__ import annotations

import copy
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from alsnav.cli import main
from alsnav.errors import InputError
from alsnav.trials.ctgov import load_studies, parse_age, parse_document
from tests.core.trials.helpers import FIXTURES


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue(), capsys.readouterr().err


def sample() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "als-trials-sample.json").read_text(encoding="utf-8"))
    return data


def test_the_three_shapes_parse_to_the_same_studies() -> None:
    one = load_studies(FIXTURES / "NCT03127514.json")
    listed = load_studies(FIXTURES / "als-trials-sample.json")
    folder = load_studies(FIXTURES)
    assert [s.nct_id for s in one] == ["NCT03127514"]
    assert len(listed) == 7
    assert [s.nct_id for s in folder] == [s.nct_id for s in listed]
    centaur = next(s for s in listed if s.nct_id == "NCT03127514")
    assert centaur.minimum_age_years == 18 and centaur.maximum_age_years == 80
    assert centaur.phases == ("PHASE2",)


def test_ages_units_and_unknown_keys() -> None:
    assert parse_age("18 Years") == 18
    assert parse_age("6 Months") == 0.5
    assert parse_age("N/A") is None
    data = sample()["studies"][0]
    data["protocolSection"]["somethingNew"] = {"x": 1}
    data["newTopLevel"] = True
    assert parse_document(data, "x.json")[0].nct_id == "NCT01492686"


def test_expanded_access_and_locations_are_kept() -> None:
    data = copy.deepcopy(sample()["studies"][0])
    data["protocolSection"]["designModule"] = {"studyType": "EXPANDED_ACCESS"}
    data["protocolSection"]["contactsLocationsModule"] = {
        "locations": [{"facility": "Clinic", "city": "Utrecht", "country": "Netherlands"}]
    }
    data["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"] = {"date": "2026-09-14"}
    study = parse_document(data, "x.json")[0]
    assert study.expanded_access
    assert study.countries == ("Netherlands",)
    assert str(study.last_update) == "2026-09-14"


def test_a_missing_nct_id_names_the_file_and_json_path() -> None:
    data = sample()
    del data["studies"][3]["protocolSection"]["identificationModule"]["nctId"]
    with pytest.raises(InputError) as caught:
        parse_document(data, "studies.json")
    assert [str(p) for p in caught.value.problems] == [
        "studies.json: studies[3].protocolSection.identificationModule.nctId: required"
    ]


def test_import_twice_changes_nothing_and_a_newer_version_updates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    code, out, _ = run(
        capsys, "trials", "import", str(FIXTURES / "als-trials-sample.json"), "--store", str(store)
    )
    assert code == 0
    assert out.startswith("created 7, updated 0, unchanged 0")
    before = {p.name: p.read_bytes() for p in store.iterdir()}
    code, out, _ = run(capsys, "trials", "import", str(FIXTURES), "--store", str(store), "--json")
    assert json.loads(out)["created"] == 0 and json.loads(out)["unchanged"] == 14
    assert {p.name: p.read_bytes() for p in store.iterdir()} == before
    newer = sample()
    newer["studies"][0]["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"] = {
        "date": "2026-10-01"
    }
    (tmp_path / "newer.json").write_text(json.dumps(newer), encoding="utf-8")
    code, out, _ = run(
        capsys, "trials", "import", str(tmp_path / "newer.json"), "--store", str(store), "--json"
    )
    assert (json.loads(out)["updated"], json.loads(out)["unchanged"]) == (1, 6)
    older = sample()
    older["studies"][0]["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"] = {
        "date": "2020-01-01"
    }
    (tmp_path / "older.json").write_text(json.dumps(older), encoding="utf-8")
    code, out, _ = run(
        capsys, "trials", "import", str(tmp_path / "older.json"), "--store", str(store), "--json"
    )
    assert json.loads(out)["updated"] == 0  # the newer stored version is kept


def test_a_malformed_file_exits_2_names_file_and_path_and_imports_nothing_from_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIXTURES / "NCT03127514.json", folder / "good.json")
    bad = sample()
    del bad["studies"][3]["protocolSection"]["identificationModule"]["nctId"]
    bad["studies"][5]["protocolSection"]["eligibilityModule"]["minimumAge"] = "eighteen"
    (folder / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    store = tmp_path / "store"
    code, out, err = run(capsys, "trials", "import", str(folder), "--store", str(store))
    assert code == 2
    lines = err.strip().splitlines()
    assert f"{folder / 'bad.json'}: studies[3].protocolSection.identificationModule.nctId: required" in lines
    assert any(
        line.startswith(f"{folder / 'bad.json'}: studies[5].protocolSection.eligibilityModule.minimumAge:")
        for line in lines
    )
    assert any(line.startswith(f"{folder / 'broken.json'}: (file): not valid JSON") for line in lines)
    # nothing from bad.json (not even its 5 valid studies); the good file in the folder is imported
    assert sorted(p.name for p in store.iterdir()) == ["NCT03127514.json"]
    assert out.startswith("created 1,")


def test_a_missing_path_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "trials", "import", str(tmp_path / "nope"), "--store", str(tmp_path))
    assert code == 2
    assert "no such file or folder" in err
