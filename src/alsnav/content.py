"""The one place the core reads files: content files -> validated models, with path:line errors.

Content is data reviewed like code. Every problem is reported as ``path:line: message`` so an
editor can jump to it; the loader collects every problem in every file before giving up.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from alsnav.errors import ContentError, Problem
from alsnav.fields import ReviewedContent
from alsnav.kb.models import Treatment, TreatmentMeta
from alsnav.symptoms import SYMPTOM_CODES, SymptomVocabulary

FRONT_MATTER_FENCE = "---"


def default_content_dir() -> Path:
    """The content directory: ``$ALSNAV_CONTENT_DIR`` or ``content/`` at the project root."""
    configured = os.environ.get("ALSNAV_CONTENT_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "content"


# --- YAML with line numbers ---------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as dates but refuses duplicate keys."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def node_line(node: yaml.Node | None, loc: Sequence[int | str]) -> int | None:
    """Follow a pydantic error location through the YAML node tree; return a 1-based line."""
    if node is None:
        return None
    current: yaml.Node = node
    for part in loc:
        if isinstance(current, yaml.MappingNode):
            match = next(
                ((k, v) for k, v in current.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)),
                None,
            )
            if match is None:
                break
            current = match[1]
        elif isinstance(current, yaml.SequenceNode) and isinstance(part, int) and part < len(current.value):
            current = current.value[part]
        else:
            break
    return int(current.start_mark.line) + 1


def _validation_problems(
    error: ValidationError, path: str, node: yaml.Node | None, line_offset: int
) -> list[Problem]:
    problems = []
    for item in error.errors():
        loc = [part for part in item["loc"] if not (isinstance(part, str) and part.startswith("function-"))]
        message = item["msg"].removeprefix("Value error, ")
        if not loc and ": " in message:  # a cross-field check names its field first: "field: message"
            key, message = message.split(": ", 1)
            loc = [key]
        line = node_line(node, loc)
        field = ".".join(str(part) for part in loc) or "(file)"
        if item["type"] == "extra_forbidden":
            message = "unknown key (check the spelling; unknown keys are not allowed)"
        problems.append(Problem(path, f"{field}: {message}", (line or 1) + line_offset))
    return problems


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML document: the data and the node tree that knows each value's line."""

    data: Any
    node: yaml.Node | None


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse YAML once (duplicate keys refused); problems carry ``path:line``."""
    loader = _Loader(text)
    try:  # one parse: compose the node tree (kept for line numbers), then build the data from it
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        return None, [Problem(path, f"YAML error: {exc.problem or exc}", line)]
    finally:
        loader.dispose()
    return YamlDocument(data, node), []


_M = TypeVar("_M", bound=BaseModel)
_R = TypeVar("_R", bound=ReviewedContent)


def validate_model(
    model: type[_M], parsed: YamlDocument, path: str, line_offset: int = 0
) -> tuple[_M | None, list[Problem]]:
    """Validate parsed YAML against a pydantic model; every problem names its field and line."""
    if not isinstance(parsed.data, dict):
        return None, [Problem(path, "expected a mapping of keys to values", 1 + line_offset)]
    try:
        return model.model_validate(parsed.data), []
    except ValidationError as exc:
        return None, _validation_problems(exc, path, parsed.node, line_offset)


def read_text_file(path: Path) -> tuple[str | None, list[Problem]]:
    """The UTF-8 text of a content file, or the problem that stops it being read."""
    try:
        return path.read_text(encoding="utf-8"), []
    except UnicodeDecodeError:
        return None, [Problem(str(path), "the file is not valid UTF-8 text", 1)]
    except OSError as exc:
        return None, [Problem(str(path), f"cannot be read: {exc.strerror or exc}", 1)]


def load_yaml_file(path: Path, model: type[_M]) -> tuple[_M | None, YamlDocument | None, list[Problem]]:
    """Read, parse (once) and validate one YAML content file.

    Returns the model (``None`` on any problem), the parsed document (for cross-file checks that
    need line numbers) and the problems.
    """
    text, problems = read_text_file(path)
    if text is None:
        return None, None, problems
    parsed, problems = parse_yaml(text, str(path))
    if parsed is None:
        return None, None, problems
    item, problems = validate_model(model, parsed, str(path))
    return item, parsed, problems


def check_reviewed_directory(
    directory: Path, model: type[_R], pattern: str = "*.yaml"
) -> tuple[list[_R], list[Problem]]:
    """Validate every reviewed content file in ``directory`` (one item per file, id = file name).

    Returns the valid items sorted by id, and every problem in every file.
    """
    items: list[_R] = []
    problems: list[Problem] = []
    for file in sorted(directory.glob(pattern)):
        item, parsed, found = load_yaml_file(file, model)
        problems.extend(found)
        if item is None:
            continue
        if item.id != file.stem:
            line = node_line(parsed.node if parsed else None, ["id"]) or 1
            problems.append(
                Problem(str(file), f"id: '{item.id}' must match the file name '{file.name}'", line)
            )
            continue
        items.append(item)
    seen: set[str] = set()
    for item in items:
        if item.id in seen:  # pragma: no cover - file names are unique within a directory
            problems.append(Problem(str(directory), f"{model.kind} id '{item.id}' appears twice"))
        seen.add(item.id)
    return sorted(items, key=lambda i: i.id), problems


# --- Treatments -----------------------------------------------------------------------------


def split_front_matter(text: str, path: str) -> tuple[str, str, list[Problem]]:
    """Split ``---`` YAML front matter from the Markdown body."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        return (
            "",
            "",
            [Problem(path, "the file must start with a '---' line opening the YAML front matter", 1)],
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == FRONT_MATTER_FENCE:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]).strip(), []
    return "", "", [Problem(path, "the YAML front matter is never closed by a '---' line", 1)]


def parse_treatment(text: str, path: str) -> tuple[Treatment | None, list[Problem]]:
    """Parse one treatment file's text. Returns the entry or the problems found."""
    front, body, problems = split_front_matter(text, path)
    if problems:
        return None, problems
    parsed, problems = parse_yaml(front, path, line_offset=1)
    if parsed is None:
        return None, problems
    meta, problems = validate_model(TreatmentMeta, parsed, path, line_offset=1)
    if not body:
        problems.append(
            Problem(path, "the Markdown body after the front matter is empty", front.count("\n") + 3)
        )
    if meta is None or problems:
        return None, problems
    stem = Path(path).stem
    if meta.id != stem:
        line = node_line(parsed.node, ["id"]) or 1
        return None, [Problem(path, f"id: '{meta.id}' must match the file name '{stem}.md'", line + 1)]
    return Treatment(meta=meta, body=body, path=path), []


def _line_of(path: str, needle: str, after: str = "") -> int:
    """The first line containing ``needle`` at or after the first line containing ``after``."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    start = next((i for i, line in enumerate(lines) if after in line), 0)
    return next((i + 1 for i in range(start, len(lines)) if needle in lines[i]), 1)


def _cross_check(treatments: Iterable[Treatment]) -> list[Problem]:
    entries = list(treatments)
    ids = {t.id for t in entries}
    problems = []
    for entry in entries:
        for related in entry.meta.related:
            if related not in ids:
                line = _line_of(entry.path, related, after="related:")
                problems.append(Problem(entry.path, f"related: unknown treatment id '{related}'", line))
    return problems


def check_treatments(directory: Path) -> tuple[list[Treatment], list[Problem]]:
    """Validate every ``*.md`` file in ``directory``; return the valid entries and all problems."""
    entries: list[Treatment] = []
    problems: list[Problem] = []
    files = sorted(directory.glob("*.md"))
    if not files:
        problems.append(Problem(str(directory), "no treatment files (*.md) found"))
    for file in files:
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            problems.append(Problem(str(file), "the file is not valid UTF-8 text", 1))
            continue
        entry, found = parse_treatment(text, str(file))
        problems.extend(found)
        if entry is not None:
            entries.append(entry)
    problems.extend(_cross_check(entries))
    return entries, problems


def load_treatments(directory: Path | None = None) -> list[Treatment]:
    """Load every treatment, sorted by title; raise :class:`ContentError` if any file is invalid."""
    entries, problems = check_treatments(directory or default_content_dir() / "treatments")
    if problems:
        raise ContentError(problems)
    return sorted(entries, key=lambda t: t.title.casefold())


# --- Symptom vocabulary ---------------------------------------------------------------------


def check_symptoms(path: Path) -> tuple[SymptomVocabulary | None, list[Problem]]:
    if not path.exists():
        return None, [Problem(str(path), "the symptom vocabulary file is missing")]
    parsed, problems = parse_yaml(path.read_text(encoding="utf-8"), str(path), line_offset=0)
    if parsed is None:
        return None, problems
    vocabulary, problems = validate_model(SymptomVocabulary, parsed, str(path), line_offset=0)
    if vocabulary is not None:
        seen: set[str] = set()
        for index, symptom in enumerate(vocabulary.symptoms):
            if symptom.code in seen:
                line = node_line(parsed.node, ["symptoms", index, "code"])
                problems.append(
                    Problem(str(path), f"symptoms.{index}.code: '{symptom.code}' appears twice", line)
                )
            seen.add(symptom.code)
    return (vocabulary if not problems else None), problems


def load_symptoms(path: Path | None = None) -> SymptomVocabulary:
    vocabulary, problems = check_symptoms(path or default_content_dir() / "symptoms.yaml")
    if problems or vocabulary is None:
        raise ContentError(problems)
    return vocabulary


# --- Everything -----------------------------------------------------------------------------


def check_content(root: Path | None = None) -> list[Problem]:
    """Validate every content file under ``root`` (default: the project's content directory)."""
    root = root or default_content_dir()
    problems: list[Problem] = []
    treatments_dir = root / "treatments"
    entries: list[Treatment] = []
    if treatments_dir.is_dir():
        entries, found = check_treatments(treatments_dir)
        problems.extend(found)
    else:
        problems.append(Problem(str(treatments_dir), "the treatments directory is missing"))
    symptoms_file = root / "symptoms.yaml"
    if symptoms_file.exists():
        problems.extend(check_symptoms(symptoms_file)[1])
    synonyms_file = root / "search-synonyms.yaml"
    if synonyms_file.exists():
        from alsnav.search.vocabulary import check_search_synonyms  # imports this module

        problems.extend(check_search_synonyms(synonyms_file, [t.id for t in entries])[1])
    urgent_file = root / "urgent-help.yaml"
    if urgent_file.exists():
        from alsnav.kb.urgent import check_urgent_help  # imports this module

        problems.extend(check_urgent_help(urgent_file, {t.id for t in entries})[1])
    glossary_file = root / "glossary.yaml"
    if glossary_file.exists():
        from alsnav.kb.glossary import check_glossary  # imports this module

        problems.extend(check_glossary(glossary_file)[1])
    problems.extend(check_regulatory_rows(entries))
    problems.extend(check_readability(entries))
    if entries and treatments_dir.is_dir():
        problems.extend(check_symptom_coverage(entries, treatments_dir))
    problems.extend(_check_trial_criteria(root))
    # Care-plan rules, monitoring and availability (alsnav.careplan; imports this module).
    from alsnav.careplan.load import check_careplan_content

    problems.extend(check_careplan_content(root, entries))
    return problems


def _check_trial_criteria(root: Path) -> list[Problem]:
    """Trial criterion patterns (``trial-criteria/``): schema, regexes and every example phrasing."""
    from alsnav.trials.patterns import check_patterns  # imports this module

    return check_patterns(root / "trial-criteria")[1]


# --- Checks added in issue 13: regulatory rows, readability, symptom coverage, what is due ------

#: The hardest a summary may read: Flesch-Kincaid grade level (textstat, pyphen syllables).
MAX_SUMMARY_GRADE = 8.0
_MARKER = re.compile(r"\s*\[M\]")


def _front_node(path: str) -> yaml.Node | None:
    """The YAML node tree of a treatment file's front matter (for line numbers)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError:
        return None
    front, _, problems = split_front_matter(text, path)
    parsed, found = parse_yaml(front, path, line_offset=1)
    return parsed.node if parsed is not None and not problems and not found else None


def _entry_line(entry: Treatment, loc: Sequence[int | str]) -> int:
    line = node_line(_front_node(entry.path), loc)
    return (line or 0) + 1


def check_regulatory_rows(entries: Iterable[Treatment]) -> list[Problem]:
    """Every regulatory row needs a date and a source (a reference with a link)."""
    problems = []
    for entry in entries:
        for index, row in enumerate(entry.meta.regulatory):
            missing = [name for name, value in (("date", row.date), ("source", row.source)) if value is None]
            if missing:
                problems.append(
                    Problem(
                        entry.path,
                        f"regulatory.{index}: the {row.region} row needs {' and '.join(missing)} "
                        "(when it was decided or last checked, and where that is written down)",
                        _entry_line(entry, ["regulatory", index]),
                    )
                )
    return problems


def summary_grade(text: str) -> float:
    """Flesch-Kincaid grade level of ``text`` ([M] markers left out)."""
    import textstat  # only check-content needs it

    return float(textstat.flesch_kincaid_grade(_MARKER.sub("", text)))


def check_readability(entries: Iterable[Treatment]) -> list[Problem]:
    """Each entry's summary (its four answers read together) must read at grade 8 or below."""
    problems = []
    for entry in entries:
        summary = entry.meta.summary
        text = " ".join(
            (summary.what_it_is, summary.who_it_may_help, summary.how_it_is_given, summary.what_to_watch_for)
        )
        grade = summary_grade(text)
        if grade > MAX_SUMMARY_GRADE:
            problems.append(
                Problem(
                    entry.path,
                    f"summary: reads at grade {grade:.1f} (Flesch-Kincaid); make it grade "
                    f"{MAX_SUMMARY_GRADE:.0f} or below with shorter sentences and plainer words",
                    _entry_line(entry, ["summary"]),
                )
            )
    return problems


def check_symptom_coverage(entries: Iterable[Treatment], where: Path) -> list[Problem]:
    """Every symptom code has at least one entry that helps with it."""
    covered = {code for entry in entries for code in entry.meta.symptoms}
    return [
        Problem(str(where), f"symptoms: no treatment entry lists symptom '{code}'; every symptom needs one")
        for code in SYMPTOM_CODES
        if code not in covered
    ]


def check_content_warnings(root: Path | None = None, today: dt.date | None = None) -> list[Problem]:
    """Things to look at that do not make the content invalid: expected events whose date passed.

    Each message starts with ``warning:``; ``alsnav check-content`` prints them and keeps its exit
    status.
    """
    root = root or default_content_dir()
    today = today or dt.datetime.now(dt.UTC).date()
    entries, _ = check_treatments(root / "treatments")
    warnings = []
    for entry in entries:
        for index, item in enumerate(entry.meta.expected):
            if item.date < today:
                warnings.append(
                    Problem(
                        entry.path,
                        f"warning: expected.{index}: the {item.kind.value} due {item.date.isoformat()} "
                        f"({item.what}) has passed; check the news and update the entry",
                        _entry_line(entry, ["expected", index]),
                    )
                )
    return warnings
