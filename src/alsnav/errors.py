"""The one exception hierarchy of the core.

Every error a user can cause subclasses :class:`AlsnavError` (itself a ``ValueError``), so
callers may catch either. Messages name the field or JSON path and what was expected.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in an input: where (a file path and line, or a JSON path) and what."""

    where: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.where}:{self.line}: {self.message}"
        return f"{self.where}: {self.message}"


class AlsnavError(ValueError):
    """Root of every error raised by the core."""


class ContentError(AlsnavError):
    """One or more content files are invalid."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class NotFoundError(AlsnavError, LookupError):
    """A requested id does not exist (or, for health data, exists but is not yours to know of)."""


class AccessDenied(AlsnavError, PermissionError):
    """The caller may see the thing but their access does not allow this action."""


class InputError(AlsnavError):
    """User input (a record, a query, an option) is invalid; ``problems`` lists each one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @classmethod
    def single(cls, where: str, message: str) -> InputError:
        return cls([Problem(where, message)])
