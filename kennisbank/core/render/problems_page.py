"""A page listing data problems, shown by `mkdocs serve` instead of crashing while an editor works."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from kennisbank.core.reading.problems import Problem
from kennisbank.core.render.mdtext import escape, front_matter, html_text


def problems_page(problems: Iterable[Problem], labels: Mapping[str, str]) -> str:
    items = []
    for problem in problems:
        text = f"- **{escape(problem.location)}** — {escape(problem.message)}"
        if problem.expected:
            text += f"<br>\n  {escape(labels['problems.expected'])}: {escape(problem.expected)}"
        if problem.fix:
            text += f"<br>\n  {escape(labels['problems.fix'])}: {escape(problem.fix)}"
        items.append(text)
    meta = {"title": html_text(labels["problems.title"]), "render_macros": False, "search": {"exclude": True}}
    return (front_matter(meta) + f"# {escape(labels['problems.title'])}\n\n{escape(labels['problems.intro'])}\n\n"
            + "\n".join(items) + "\n")
