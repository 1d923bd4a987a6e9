"""A problem found in a user's file, reported as `file:line: key: what is wrong — how to fix`."""

from __future__ import annotations

from dataclasses import dataclass, field

# The `kind` of a finding that is shown but stops nothing (`jdih periksa` lists it as a warning
# and still exits 0): e.g. a tag written like an existing one in another letter case.
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    key: str
    message: str
    fix: str
    # What kind of problem, for code (pydantic's error type, e.g. "extra_forbidden"); never shown.
    kind: str = field(default="", compare=False)

    def __str__(self) -> str:
        key = f" {self.key}:" if self.key else ""
        return f"{self.file}:{self.line}:{key} {self.message} — {self.fix}"


class ProblemsError(Exception):
    """Raised when a user file cannot be used; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
