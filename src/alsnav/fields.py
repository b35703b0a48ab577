"""Field types and the base model shared by every reviewed content file.

Treatment entries (``content/treatments/``), care-plan rules (``content/careplan/``), the symptom
vocabulary, the search synonyms and trial criterion patterns are all data reviewed like code. They
share the types here, so a rule in one file means the same in every other:

* :data:`Text` — non-empty text, surrounding whitespace removed;
* :data:`Slug` — a stable id such as ``noninvasive-ventilation``;
* :class:`Strict` — unknown keys refused, immutable;
* :class:`Reference` — a citation with at least one locator (PMID, DOI or https URL);
* :class:`ReviewStatus` — the life cycle of an item (draft → published → retired);
* :class:`ReviewedContent` — id, status, last/next review with the review-interval rule.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=60)]

#: Longest allowed interval between two reviews (18 months), in days.
MAX_REVIEW_INTERVAL_DAYS = 550


class Strict(BaseModel):
    """Base of every content model: unknown keys are refused and values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class ReviewStatus(StrEnum):
    """Where an item is in its life cycle. Only published items reach users."""

    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


class Reference(Strict):
    """A source: a citation a reader can follow (PubMed id, DOI or an https address)."""

    citation: Text
    pmid: Annotated[str, StringConstraints(pattern=r"^\d{5,9}$")] | None = None
    doi: Annotated[str, StringConstraints(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")] | None = None

    @model_validator(mode="after")
    def _has_locator(self) -> Reference:
        if not (self.pmid or self.doi or self.url):
            raise ValueError("a reference needs at least one of pmid, doi or url")
        return self

    @property
    def link(self) -> str:
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return self.url or ""


class ReviewedContent(Strict):
    """What every reviewed content file carries: a stable id, a status and its review dates.

    ``next_review`` must come after ``last_reviewed`` and at most 18 months later. The file name
    must match the id (checked by the loader, which knows the path).
    """

    #: Noun used in messages ("treatment", "care-plan rule" …).
    kind: ClassVar[str] = "content item"

    id: Slug
    status: ReviewStatus = ReviewStatus.PUBLISHED
    last_reviewed: dt.date
    next_review: dt.date

    @model_validator(mode="after")
    def _review_order(self) -> ReviewedContent:
        if self.next_review <= self.last_reviewed:
            raise ValueError("next_review: must be after last_reviewed")
        if (self.next_review - self.last_reviewed).days > MAX_REVIEW_INTERVAL_DAYS:
            raise ValueError("next_review: must be at most 18 months after last_reviewed")
        return self

    @property
    def published(self) -> bool:
        return self.status is ReviewStatus.PUBLISHED


_Item = TypeVar("_Item", bound="ReviewedContent")


def published_only(items: list[_Item]) -> list[_Item]:
    """The items users may see: drafts and retired items are left out."""
    return [item for item in items if item.published]
