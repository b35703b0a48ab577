"""Search in the core: lay words, brand names, typos, symptom codes, snippets and suggestions.

Every test states what a reader would notice: which page comes first, what is marked in the
snippet, what "did you mean" offers. Runs without Django.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from alsnav.kb.catalog import Catalog, load_catalog
from alsnav.search import SearchDocument, SearchIndex, SymptomInfo, load_index
from alsnav.search.text import clean_query, phrase_stems, stem


@pytest.fixture(scope="module")
def catalog(content_dir: Path) -> Catalog:
    return load_catalog(content_dir)


@pytest.fixture(scope="module")
def index(content_dir: Path) -> SearchIndex:
    return load_index(content_dir)


def top(index: SearchIndex, query: str, n: int = 3) -> list[str]:
    return [hit.id for hit in index.search(query).results[:n]]


# --- Finding the right page from the words people use ---------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # lay symptom words -> the treatments for that symptom
        ("drooling", {"glycopyrrolate", "trihexyphenidyl", "amitriptyline", "botulinum-toxin"}),
        ("stiff legs", {"baclofen", "tizanidine", "diazepam", "physical-therapy"}),
        ("can't clear phlegm", {"cough-assist"}),
        ("choking on food", {"speech-therapy", "nutritional-support", "feeding-tube", "lifestyle-changes"}),
        ("breathless lying flat", {"noninvasive-ventilation"}),
        ("laughing or crying for no reason", {"dextromethorphan-quinidine"}),
        # brand and generic names, abbreviations
        ("rilutek", {"riluzole"}),
        ("Radicava", {"edaravone"}),
        ("qalsody", {"tofersen"}),
        ("PEG", {"feeding-tube"}),
        ("bipap", {"noninvasive-ventilation"}),
        ("save my voice", {"voice-banking"}),
        ("zanaflex", {"tizanidine"}),
        # misspellings the editors never listed
        ("baclofem", {"baclofen"}),
        ("edaravome", {"edaravone"}),
        ("ribuzolle", {"riluzole"}),
        ("glicoperolate", {"glycopyrrolate"}),
        # words run together or split apart
        ("co q 10", {"coenzyme-q10"}),
        ("coughasist settings", {"cough-assist"}),
    ],
)
def test_everyday_words_find_the_right_treatment_in_the_first_three(
    index: SearchIndex, query: str, expected: set[str]
) -> None:
    assert expected & set(top(index, query)), top(index, query, 5)


@pytest.mark.parametrize("query", ["rilutek", "Radicava", "nuedexta", "PEG", "tiglutik"])
def test_a_brand_name_puts_its_treatment_first(index: SearchIndex, query: str) -> None:
    assert index.search(query).results[0].id in {
        "riluzole",
        "edaravone",
        "dextromethorphan-quinidine",
        "feeding-tube",
    }


def test_a_symptom_word_surfaces_treatments_whose_text_never_uses_it(
    index: SearchIndex, catalog: Catalog
) -> None:
    # "slobbering" is a reviewed lay synonym of sialorrhea; no treatment page uses the word.
    assert not any("slobber" in (t.body + t.meta.model_dump_json()).casefold() for t in catalog.treatments)
    response = index.search("slobbering")
    sialorrhea = {t.id for t in catalog.for_symptom("sialorrhea")}
    assert response.results and {hit.id for hit in response.results[:4]} <= sialorrhea
    assert response.results[0].matched_symptoms == ("sialorrhea",)
    assert response.symptoms[0] == "sialorrhea"


def test_a_longer_symptom_phrase_wins_over_a_word_inside_it(index: SearchIndex) -> None:
    # "thick spit" is thick secretions, not drooling, although "spit" alone means drooling.
    response = index.search("his spit is thick and stringy")
    assert response.symptoms[0] == "thick_secretions"
    assert "cough-assist" in top(index, "his spit is thick and stringy")


def test_als_alone_does_not_rank_a_query_about_something_else(index: SearchIndex) -> None:
    # "als" is on every page; "mexiletine for als" must still be about mexiletine.
    assert top(index, "mexiletine for als", 1) == ["mexiletine"]


# --- Corrections and "did you mean" ---------------------------------------------------------


def test_a_typo_is_corrected_and_offered_as_did_you_mean(index: SearchIndex) -> None:
    response = index.search("baclofem tablets")
    assert response.results[0].id == "baclofen"
    assert response.corrected_query == "baclofen tablets"
    assert "baclofen tablets" in response.suggestions


@pytest.mark.parametrize(
    ("typed", "corrected"),
    [
        ("tizanadyne", "tizanidine"),  # not "tizanadine", a misspelling listed among its names
        ("insomia", "insomnia"),  # not "insomina", a misspelling listed among the symptom words
        ("wieght loss", "weight loss"),
        ("my dad keeps faling over", "my dad keeps falling over"),
    ],
)
def test_a_correction_is_spelled_as_the_site_spells_it(
    index: SearchIndex, typed: str, corrected: str
) -> None:
    assert index.search(typed).corrected_query == corrected


def test_ordinary_words_are_not_corrected_into_treatment_names(index: SearchIndex) -> None:
    for query in ("how do i tell my kids", "chin tuck trick"):
        assert index.search(query).corrected_query is None, query


def test_nothing_found_comes_with_suggestions_that_look_like_the_query(index: SearchIndex) -> None:
    response = index.search("glycopiroleyt")  # too far from any word to be corrected
    assert response.results == ()
    assert any("Glycopyrrolate" in s for s in response.suggestions), response.suggestions


def test_a_badly_misspelled_symptom_is_offered_by_its_plain_name(index: SearchIndex) -> None:
    response = index.search("constipashun")
    assert response.results == () and response.suggestions[0] == "constipation"


def test_gibberish_finds_nothing_and_says_so_without_error(index: SearchIndex) -> None:
    response = index.search("qzxv wvkj")
    assert response.results == () and isinstance(response.suggestions, tuple)


def test_a_symptom_query_suggests_the_medical_term(index: SearchIndex) -> None:
    assert "sialorrhea" in index.search("drooling").suggestions  # as in docs/contracts/cli.md


# --- Snippets ----------------------------------------------------------------------------


def test_snippets_mark_the_words_searched_for(index: SearchIndex) -> None:
    hit = index.search("drooling").results[0]
    assert "<mark>drooling</mark>" in hit.snippet.html.casefold()
    assert "drooling" in hit.snippet.text.casefold() and "<mark>" not in hit.snippet.text


def test_a_named_treatment_has_its_name_marked_even_when_misspelled(index: SearchIndex) -> None:
    hit = index.search("baclophen").results[0]
    assert hit.id == "baclofen" and "<mark>Baclofen</mark>" in hit.snippet.html


def test_snippets_are_short_and_carry_no_markdown_or_unverified_markers(index: SearchIndex) -> None:
    for query in ("riluzole liver", "feeding tube", "cough machine", "vitamin e"):
        for hit in index.search(query).results:
            assert len(hit.snippet.text.split()) <= 40, hit.snippet.text
            assert (
                "[M]" not in hit.snippet.text
                and "##" not in hit.snippet.text
                and "**" not in hit.snippet.text
            )


def _tiny_index(**overrides: str) -> SearchIndex:
    doc = SearchDocument(
        id="test-entry",
        title=overrides.get("title", "Test entry"),
        category="therapy",
        names=("tester",),
        symptoms=("cramps",),
        summary=(overrides.get("summary", 'Helps with <script>alert("x")</script> & cramps at night.'),),
        body=("A second sentence about legs.",),
    )
    return SearchIndex(
        [doc], [SymptomInfo("cramps", "Muscle cramps", "What helps with cramps?", ("charley horse",))]
    )


def test_snippet_html_escapes_content_and_query_text() -> None:
    index = _tiny_index()
    hit = index.search("script cramps").results[0]
    assert "<script>" not in hit.snippet.html
    assert "&lt;<mark>script</mark>" in hit.snippet.html
    assert "&amp;" in hit.snippet.html and "<mark>cramps</mark>" in hit.snippet.html


def test_snippet_without_a_matching_sentence_shows_the_first_one_unmarked() -> None:
    index = _tiny_index()
    hit = index.search("charley horse").results[0]  # found through the symptom, not the text
    assert hit.matched_symptoms == ("cramps",)
    assert hit.snippet.text.startswith("Helps with")


# --- Suggestions while typing --------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "first_kind", "first_label"),
    [
        ("rilu", "treatment", "Riluzole"),
        ("dro", "symptom", "What helps with drooling?"),
        ("drooling", "symptom", "What helps with drooling?"),
        ("nuedex", "treatment", "Dextromethorphan–quinidine (Nuedexta)"),
    ],
)
def test_suggestions_complete_a_partly_typed_word(
    index: SearchIndex, typed: str, first_kind: str, first_label: str
) -> None:
    suggestions = index.suggest(typed)
    assert suggestions and (suggestions[0].kind, suggestions[0].label) == (first_kind, first_label)
    assert len(suggestions) <= 8


def test_suggestions_offer_only_symptoms_that_have_a_page(index: SearchIndex, catalog: Catalog) -> None:
    for symptom in catalog.vocabulary.symptoms if catalog.vocabulary else []:
        for suggestion in index.suggest(symptom.synonyms[0] if symptom.synonyms else symptom.label):
            if suggestion.kind == "symptom":
                assert catalog.for_symptom(suggestion.target.replace("-", "_")), suggestion


@pytest.mark.parametrize("typed", ["", " ", "x", "*", '"', "((", "\x00"])
def test_suggestions_for_nothing_useful_are_empty(index: SearchIndex, typed: str) -> None:
    assert index.suggest(typed) == []


# --- The contract and the index ------------------------------------------------------------


def test_json_follows_the_command_line_contract(index: SearchIndex) -> None:
    document = json.loads(json.dumps(index.search("drooling", limit=2).to_json()))
    assert set(document) >= {"query", "results", "suggestions"}
    assert document["query"] == "drooling" and len(document["results"]) == 2
    for result in document["results"]:
        assert set(result) >= {"id", "title", "score", "snippet"}
        assert isinstance(result["score"], float)
    scores = [r["score"] for r in document["results"]]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("limit", [1, 3, 10, 50, 0, -5, 1000])
def test_limit_is_respected_and_bounded(index: SearchIndex, limit: int) -> None:
    results = index.search("als medicine", limit=limit).results
    assert 1 <= len(results) <= max(1, min(limit, 50))


def test_one_index_answers_many_threads_at_once(index: SearchIndex) -> None:
    queries = ["drooling", "rilutek", "stiff legs", "peg tube", "cant sleep"] * 8
    expected = {q: top(index, q) for q in set(queries)}
    failures: list[str] = []

    def worker(query: str) -> None:
        if top(index, query) != expected[query]:
            failures.append(query)

    threads = [threading.Thread(target=worker, args=(q,)) for q in queries]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_every_entry_of_the_catalogue_is_findable_by_its_title(index: SearchIndex, catalog: Catalog) -> None:
    missing = [t.id for t in catalog.treatments if t.id not in top(index, t.title)]
    assert missing == []


# --- Text helpers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "same"),
    [
        (("drooling", "drools", "drool", "drooled"), True),
        (("choking", "choke", "chokes"), True),
        (("cramps", "cramping", "cramp"), True),
        (("stiffness", "stiff"), True),
        (("sobbing", "sob"), False),  # "SOB" (short of breath) is not crying
    ],
)
def test_word_forms_meet_on_one_stem(words: tuple[str, ...], same: bool) -> None:
    assert (len({stem(w) for w in words}) == 1) is same


def test_negations_are_one_word_in_phrases() -> None:
    assert phrase_stems("can't sleep") == phrase_stems("cannot sleep") == phrase_stems("not sleeping")


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("  drooling\t\n", "drooling"),
        ("stiff\x00legs", "stiff legs"),
        ("a\u200bb", "a b"),
        ("ﬁnd", "find"),
        ("x" * 10_000, "x" * 200),
    ],
)
def test_queries_are_cleaned_before_anything_else(raw: str, cleaned: str) -> None:
    assert clean_query(raw) == cleaned
