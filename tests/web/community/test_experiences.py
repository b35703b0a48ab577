"""Treatment experiences: signed-in people rate 1–5; averages appear only from 5 people on."""

from __future__ import annotations

import pytest
from django.test import Client

from alsnav_web.community.models import Experience
from tests.web.community.helpers import TREATMENT_URL, client_for, html_of, make_user

pytestmark = pytest.mark.django_db

RATE_URL = "/community/treatments/riluzole/experience/"


def rate(client: Client, effect: int, side_effects: int, burden: int, note: str = "") -> int:
    data = {"effect": effect, "side_effects": side_effects, "burden": burden, "note": note}
    return int(client.post(RATE_URL, data).status_code)


def test_guests_are_asked_to_sign_in_to_rate(client: Client) -> None:
    html = html_of(client.get(TREATMENT_URL))
    assert "What people who used it say" in html
    assert "No one has rated Riluzole yet." in html
    assert 'href="/accounts/sign-in/?next=/treatments/riluzole/">Sign in</a>' in html
    response = client.get(RATE_URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")


def test_rating_form_is_a_set_of_labelled_scales() -> None:
    member = client_for(make_user("alex"))
    html = html_of(member.get(RATE_URL))
    for legend in (
        "How much did it help?",
        "How bad were the side effects?",
        "How hard was it to fit into daily life?",
    ):
        assert f"<legend>{legend}</legend>" in html
    assert html.count('type="radio"') == 15
    assert "1 = not at all, 5 = a lot" in html


def test_a_rating_is_saved_and_can_be_changed_and_removed() -> None:
    member = client_for(make_user("alex"))
    response = member.post(
        RATE_URL, {"effect": 4, "side_effects": 2, "burden": 3, "note": "Tired at first"}, follow=True
    )
    assert "Your rating of Riluzole is saved" in html_of(response)
    assert "Your rating: helped 4, side effects 2, daily life 3" in html_of(response)
    assert rate(member, 5, 1, 1) == 302
    assert Experience.objects.get().effect == 5 and Experience.objects.count() == 1
    assert 'id="id_effect_4" required checked' in html_of(member.get(RATE_URL))
    removed = member.post(RATE_URL + "remove/", follow=True)
    assert "Your rating of Riluzole has been removed" in html_of(removed)
    assert Experience.objects.count() == 0


def test_a_missing_scale_is_explained_and_the_note_kept() -> None:
    member = client_for(make_user("alex"))
    response = member.post(RATE_URL, {"effect": 3, "burden": 2, "note": "My own words stay here"})
    assert response.status_code == 400
    html = html_of(response)
    assert '<a href="#id_side_effects_0">' in html and "Choose how bad the side effects were" in html
    assert "My own words stay here" in html
    assert 'id="id_effect_2" required checked' in html
    assert Experience.objects.count() == 0


def test_out_of_range_values_are_refused() -> None:
    member = client_for(make_user("alex"))
    assert rate(member, 6, 0, 3) == 400
    assert Experience.objects.count() == 0


def test_averages_appear_only_when_five_people_have_rated(client: Client) -> None:
    for n, (effect, side, burden) in enumerate([(4, 2, 3), (3, 3, 3), (5, 1, 2), (2, 4, 4)]):
        assert rate(client_for(make_user(f"person{n}")), effect, side, burden) == 302
    html = html_of(client.get(TREATMENT_URL))
    assert "4 people have rated Riluzole so far" in html
    assert "out of 5" not in html
    api = client.get("/api/community/treatments/riluzole/experiences").json()
    assert api == {
        "treatment_id": "riluzole",
        "people": 4,
        "shown": False,
        "minimum_people": 5,
        "effect": None,
        "side_effects": None,
        "burden": None,
    }

    assert rate(client_for(make_user("person4")), 1, 5, 3) == 302
    html = html_of(client.get(TREATMENT_URL))
    assert "5 people rated Riluzole from 1 to 5" in html
    assert "<strong>3.0</strong> out of 5" in html  # effect (4+3+5+2+1)/5
    assert '<strong>3.0</strong> out of 5 <span class="muted">(1 = none, 5 = severe)' in html
    assert '<strong>3.0</strong> out of 5 <span class="muted">(1 = easy, 5 = very hard)' in html
    api = client.get("/api/community/treatments/riluzole/experiences").json()
    assert api["shown"] is True and api["effect"] == 3.0 and api["people"] == 5


def test_notes_are_private_and_no_rater_is_named(client: Client) -> None:
    for n in range(5):
        rate(client_for(make_user(f"rater{n}")), 3, 3, 3, note=f"private note {n}")
    html = html_of(client.get(TREATMENT_URL))
    assert "private note" not in html
    assert "rater" not in html
    assert "private note" not in client.get("/api/community/treatments/riluzole/experiences").content.decode()


def test_unknown_treatment_api_is_404(client: Client) -> None:
    assert client.get("/api/community/treatments/nope/experiences").status_code == 404
    assert client.get("/api/community/treatments/nope/comments").status_code == 404
