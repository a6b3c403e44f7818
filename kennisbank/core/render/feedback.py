"""Feedback without a server: links that open a prefilled issue on the configured repository."""
from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote, urlsplit

from kennisbank.core.render.mdtext import escape

_ACTIONS = (("feedback.source", "bron"), ("feedback.error", "fout"), ("feedback.used", "gebruikt"))


def issue_url(repository: str, title: str, body: str, label: str) -> str:
    """A 'new issue' URL for GitHub or GitLab (by host), with title, body and label filled in."""
    base = repository.rstrip("/")
    if "gitlab" in urlsplit(base).netloc:
        return (f"{base}/-/issues/new?issue%5Btitle%5D={quote(title)}&issue%5Bdescription%5D={quote(body)}"
                f"&issue%5Blabel_names%5D%5B%5D={quote(label)}")
    return f"{base}/issues/new?title={quote(title)}&body={quote(body)}&labels={quote(label)}"


def feedback_links(repository: str | None, page_title: str, page_url: str, file: str,
                   labels: Mapping[str, str]) -> str:
    """Three links under a record; nothing when no repository is configured."""
    if not repository:
        return ""
    links = []
    for key, label in _ACTIONS:
        title = f"{labels[key + '.title']}: {page_title}"
        body = labels[key + ".body"].format(url=page_url, file=file)
        links.append(f"[{escape(labels[key])}](<{issue_url(repository, title, body, label)}>)")
    return f'<p class="kb-feedback" markdown>{escape(labels["feedback"])}: ' + " · ".join(links) + "</p>"
