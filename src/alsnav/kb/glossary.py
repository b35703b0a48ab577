"""The glossary: research and regulatory words explained in plain language (``content/glossary.yaml``).

Pages link to the glossary when their text uses one of its terms (:func:`terms_in`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from pydantic import Field, model_validator

from alsnav.content import default_content_dir, load_yaml_file, node_line
from alsnav.errors import ContentError, Problem
from alsnav.fields import Reference, ReviewedContent, Slug, Strict, Text

GLOSSARY_FILE = "glossary.yaml"


class Term(Strict):
    id: Slug
    term: Text
    meaning: Text  # plain words, a sentence or three
    example: Text | None = None
    #: Ways the term is written in content ("hazard ratio", "HR"); matched as whole words.
    matches: list[Text] = Field(min_length=1)
    sources: list[Reference] = Field(min_length=1)


class Glossary(ReviewedContent):
    kind = "glossary"

    title: Text
    intro: Text
    terms: list[Term] = Field(min_length=1)
    reviewed_by: Text

    @model_validator(mode="after")
    def _unique(self) -> Glossary:
        ids = [t.id for t in self.terms]
        if len(set(ids)) != len(ids):
            raise ValueError("terms: a term id appears twice")
        return self

    def terms_in(self, texts: Iterable[str]) -> list[Term]:
        """The glossary terms used in ``texts``, in glossary order."""
        text = " ".join(texts)
        return [t for t in self.terms if any(_pattern(m).search(text) for m in t.matches)]


def _pattern(phrase: str) -> re.Pattern[str]:
    flags = 0 if phrase.isupper() else re.IGNORECASE  # "HR" only in capitals; "placebo" any case
    return re.compile(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])", flags)


def check_glossary(path: Path) -> tuple[Glossary | None, list[Problem]]:
    if not path.exists():
        return None, [Problem(str(path), "the glossary file is missing")]
    item, parsed, problems = load_yaml_file(path, Glossary)
    if item is not None and parsed is not None and item.id != path.stem:
        problems.append(
            Problem(
                str(path),
                f"id: '{item.id}' must match the file name '{path.name}'",
                node_line(parsed.node, ["id"]),
            )
        )
    return (item if not problems else None), problems


def load_glossary(content_dir: Path | None = None) -> Glossary | None:
    path = (content_dir or default_content_dir()) / GLOSSARY_FILE
    if not path.exists():
        return None
    item, problems = check_glossary(path)
    if problems or item is None:
        raise ContentError(problems)
    return item
