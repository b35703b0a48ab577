"""Every ALSFRS-R item and answer has a plain-language note; the validated wording is untouched."""

from __future__ import annotations

from alsnav.scales import alsfrs
from alsnav.scales.alsfrs_plain import ANSWER_PLAIN, ITEM_PLAIN


def test_every_item_and_every_answer_has_a_plain_note() -> None:
    keys = {item.key for item in alsfrs.ITEMS}
    assert set(ITEM_PLAIN) == keys
    assert set(ANSWER_PLAIN) == keys
    for key in keys:
        assert set(ANSWER_PLAIN[key]) == {0, 1, 2, 3, 4}, key
        assert all(text.strip() and len(text) <= 120 for text in ANSWER_PLAIN[key].values()), key


def test_the_jargon_is_explained() -> None:
    assert "nothing by mouth" in ANSWER_PLAIN["3"][0]
    assert "lying flat" in ITEM_PLAIN["11"]
    assert "short of breath" in ITEM_PLAIN["10"]
    assert "breathing machine" in ANSWER_PLAIN["12"][3]


def test_the_validated_wording_is_unchanged() -> None:
    assert alsfrs.ITEM_BY_KEY["3"].answers[0] == "NPO (exclusively parenteral or enteral feeding)"
    assert alsfrs.ITEM_BY_KEY["11"].title == "Orthopnea"
