"""Problems found in the data, worded for editors: where, what, what was expected, how to fix."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

from kennisbank.core.textutil import escape_controls

Severity = Literal["error", "warning"]

_SEVERITY_NL = {"error": "fout", "warning": "waarschuwing"}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing an editor has to look at; `line` is 1-based, None when it concerns the whole file."""

    file: str
    line: int | None
    message: str
    expected: str | None = None
    fix: str | None = None
    severity: Severity = "error"
    subject: str | None = None  # e.g. "element 'mandaat'"
    unfinished: bool = False    # a placeholder such as TODO: a warning, an error under --strict

    def strict(self) -> Problem:
        """This problem as --strict sees it: unfinished text is an error there."""
        return replace(self, severity="error") if self.unfinished and not self.is_error else self

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def format(self) -> str:
        """Multi-line text for a terminal or a log."""
        head = f"{self.location}: {_SEVERITY_NL[self.severity]}: "
        if self.subject:
            head += f"{self.subject}: "
        lines = [head + self.message]
        if self.expected:
            lines.append(f"    verwacht: {self.expected}")
        if self.fix:
            lines.append(f"    oplossing: {self.fix}")
        return escape_controls("\n".join(lines))

    def format_github(self) -> str:
        """A GitHub Actions workflow command, so the problem shows on the line in the pull request."""
        level = "error" if self.is_error else "warning"
        text = self.message
        if self.expected:
            text += f" Verwacht: {self.expected}."
        if self.fix:
            text += f" Oplossing: {self.fix}"
        where = f"file={_gh_escape_property(self.file)}"
        if self.line:
            where += f",line={self.line}"
        title = _gh_escape_property(self.subject or "kennisbank")
        return f"::{level} {where},title={title}::{_gh_escape_data(text)}"


def _gh_escape_data(text: str) -> str:
    return escape_controls(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_escape_property(text: str) -> str:
    return _gh_escape_data(text).replace(":", "%3A").replace(",", "%2C")


def sort_problems(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """Errors and warnings in file order, so an editor can work top to bottom."""
    return tuple(sorted(problems, key=lambda p: (p.file, p.line or 0, p.message)))


def summary_line(problems: Iterable[Problem]) -> str:
    problems = list(problems)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return "Geen problemen gevonden."
    return f"{errors} {'fout' if errors == 1 else 'fouten'}, {warnings} {'waarschuwing' if warnings == 1 else 'waarschuwingen'}."


class DataError(Exception):
    """Raised when the data has errors; carries every problem found in the run."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sort_problems(problems)
        super().__init__(self.report())

    def report(self) -> str:
        body = "\n".join(p.format() for p in self.problems)
        return f"De kennisbank bevat fouten. {summary_line(self.problems)}\n{body}"


class CommandError(Exception):
    """A refusal of a command or a setting, worded for editors: what is wrong and how to fix it."""

    def __init__(self, message: str, fix: str | None = None):
        super().__init__(message)
        self.message, self.fix = message, fix

    def format(self) -> str:
        return f"fout: {self.message}" + (f"\n    oplossing: {self.fix}" if self.fix else "")
