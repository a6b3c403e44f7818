"""Problems found in the data, worded for editors: where, what, what was expected, how to fix."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

from kennisbank.core.i18n import in_language, language_of
from kennisbank.core.textutil import escape_controls

Severity = Literal["error", "warning"]

# The words around a problem, per language; the problem's own text is a Message (kennisbank/core/i18n.py).
_WORDS = {
    "nl": {"error": "fout", "warning": "waarschuwing", "expected": "verwacht", "fix": "oplossing",
           "none": "Geen problemen gevonden.", "errors": ("fout", "fouten"), "warnings": ("waarschuwing", "waarschuwingen"),
           "report": "De kennisbank bevat fouten."},
    "en": {"error": "error", "warning": "warning", "expected": "expected", "fix": "fix",
           "none": "No problems found.", "errors": ("error", "errors"), "warnings": ("warning", "warnings"),
           "report": "The knowledge base has errors."},
}


def _words(language: str | None) -> dict:
    return _WORDS[language_of(language)]


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

    def format(self, language: str | None = "nl") -> str:
        """Multi-line text for a terminal or a log, in the site's language."""
        words = _words(language)
        head = f"{self.location}: {words[self.severity]}: "
        if self.subject:
            head += f"{in_language(self.subject, language)}: "
        lines = [head + in_language(self.message, language)]  # type: ignore[operator]
        if self.expected:
            lines.append(f"    {words['expected']}: {in_language(self.expected, language)}")
        if self.fix:
            lines.append(f"    {words['fix']}: {in_language(self.fix, language)}")
        return escape_controls("\n".join(lines))

    def format_github(self, language: str | None = "nl") -> str:
        """A GitHub Actions workflow command, so the problem shows on the line in the pull request."""
        level = "error" if self.is_error else "warning"
        words = _words(language)
        text = in_language(self.message, language) or ""
        if self.expected:
            text += f" {words['expected'].capitalize()}: {in_language(self.expected, language)}."
        if self.fix:
            text += f" {words['fix'].capitalize()}: {in_language(self.fix, language)}"
        where = f"file={_gh_escape_property(self.file)}"
        if self.line:
            where += f",line={self.line}"
        title = _gh_escape_property(in_language(self.subject, language) or "kennisbank")
        return f"::{level} {where},title={title}::{_gh_escape_data(text)}"


def _gh_escape_data(text: str) -> str:
    return escape_controls(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_escape_property(text: str) -> str:
    return _gh_escape_data(text).replace(":", "%3A").replace(",", "%2C")


def sort_problems(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """Errors and warnings in file order, so an editor can work top to bottom."""
    return tuple(sorted(problems, key=lambda p: (p.file, p.line or 0, str(p.message))))


def summary_line(problems: Iterable[Problem], language: str | None = "nl") -> str:
    problems = list(problems)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    words = _words(language)
    if not problems:
        return words["none"]
    return f"{errors} {words['errors'][errors != 1]}, {warnings} {words['warnings'][warnings != 1]}."


class DataError(Exception):
    """Raised when the data has errors; carries every problem found in the run."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sort_problems(problems)
        super().__init__(self.report())

    def report(self, language: str | None = "nl") -> str:
        body = "\n".join(p.format(language) for p in self.problems)
        return f"{_words(language)['report']} {summary_line(self.problems, language)}\n{body}"


class CommandError(Exception):
    """A refusal of a command or a setting, worded for editors: what is wrong and how to fix it."""

    def __init__(self, message: str, fix: str | None = None):
        super().__init__(message)
        self.message, self.fix = message, fix

    def format(self, language: str | None = "nl") -> str:
        words = _words(language)
        return f"{words['error']}: {in_language(self.message, language)}" + \
            (f"\n    {words['fix']}: {in_language(self.fix, language)}" if self.fix else "")
