"""What changed: the page "Nieuw en gewijzigd" (newest first, by day) and the history at the end of a record page.

Dates come from git (core/reading/history.py), never from the clock; without the history (a shallow clone, no
git) the pages say so and show the record's own `reviewed` date instead, never a guessed one. Record text is data:
titles go through `escape`, links through `link`.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from kennisbank.core.authoring.cms_config import field_label
from kennisbank.core.model.kinds import BY_NAME, Kind
from kennisbank.core.model.records import Record
from kennisbank.core.reading.history import OK, Change
from kennisbank.core.reading.record_history import Entry, SiteHistory
from kennisbank.core.render.mdtext import block, escape, front_matter, html_text, link, long_date, md_url, relative

if TYPE_CHECKING:
    from kennisbank.core.render.pages import PageContext

HISTORY_SHOWN = 10
"""How many changes a record page lists; older ones are counted."""

_CHANGE = {"A": "change.added", "M": "change.changed", "R": "change.renamed"}


def change_label(change: Change, labels: Mapping[str, str]) -> str:
    return labels[_CHANGE[change.status]]


def summary(entry: Entry, labels: Mapping[str, str]) -> str:
    """One line: 'Nieuw', 'Gewijzigd: samenvatting, bronnen' (the fields by their labels in the editors' form)."""
    text = change_label(entry.change, labels)
    if entry.fields:
        model = BY_NAME[entry.kind].model.__name__
        text += ": " + ", ".join(_lower_first(field_label(labels, model, name)) for name in entry.fields)
    return text


def commit_url(repository: str | None, sha: str) -> str | None:
    """The page of a commit on GitHub ({repo}/commit/{sha}), GitLab ({repo}/-/commit/{sha}) or a host that follows
    GitHub (Gitea, Forgejo); None without an http(s) repository address."""
    if not repository or urlsplit(repository).scheme not in ("http", "https"):
        return None
    base = repository.strip().rstrip("/").removesuffix(".git")
    return f"{base}/-/commit/{sha}" if "gitlab" in urlsplit(base).netloc else f"{base}/commit/{sha}"


# --- the section at the end of a record page -----------------------------------------------------------------

def history_section(ctx: PageContext, kind: Kind, record: Record) -> str:
    """The dates the record changed, each linked to its commit when the site has a repository; without history, why
    not, and the record's review date."""
    if ctx.history is None:
        return ""
    lb = ctx.labels
    changes = ctx.history.get((kind.name, record.id), ()) if ctx.history_state == OK else None
    if changes:
        items = [_history_item(ctx, change) for change in changes[:HISTORY_SHOWN]]
        if len(changes) > HISTORY_SHOWN:
            items.append(f"- {escape(lb['history.older'].format(count=len(changes) - HISTORY_SHOWN))}")
        content = _editors_note(lb["history.note"]) + "\n".join(items)
    else:
        why = (lb["history.uncommitted"] if changes is not None else
               lb["history.unavailable"].format(reason=lb[f"history.reason.{ctx.history_state}"]))
        content = f'<p class="kb-history-unavailable">{escape(why)}</p>'
        if record.reviewed:
            reviewed = long_date(record.reviewed, ctx.language)
            content += (f'\n\n<p class="kb-history-reviewed">{escape(lb["reviewed"])}: '
                        f'<time datetime="{record.reviewed.isoformat()}">{escape(reviewed)}</time></p>')
    return f"## {escape(lb['history'])} {{#{ctx.paths.anchor('geschiedenis')}}}\n\n{content}"


def _history_item(ctx: PageContext, change: Change) -> str:
    day = f'<time datetime="{change.date.isoformat()}">{escape(long_date(change.date, ctx.language))}</time>'
    url = commit_url(ctx.site.repository, change.sha)
    when = f"[{day}](<{md_url(url)}>)" if url else day
    return f"- {when}: {escape(change_label(change, ctx.labels))}"


def _editors_note(text: str) -> str:
    return f'<p class="kb-editors-note">{escape(text)}</p>\n\n'


# --- the page "Nieuw en gewijzigd" -----------------------------------------------------------------------------

def changes_page(ctx: PageContext, history: SiteHistory) -> str:
    lb, paths = ctx.labels, ctx.paths
    here = paths.changes
    title = lb["changes.title"]
    meta = {"title": html_text(title), "render_macros": False, "search": {"exclude": True},
            # the page's <head> links the feed (kennisbank/theme/main.html)
            "kb_feed": paths.changes_feed, "kb_feed_title": feed_title(ctx.site.name, lb)}
    feed = f"[{escape(lb['changes.feed'])}]({relative(paths.changes_feed, here)})"
    if not history.available:
        body = escape(lb["history.unavailable"].format(reason=lb[f"history.reason.{history.state}"]))
        return front_matter(meta) + block(f"# {escape(title)}", escape(lb["changes.intro"]), body, feed)
    days: dict[dt.date, list[str]] = {}   # newest first: the entries are
    for entry in history.latest:
        record = ctx.kb.of(entry.kind).get(entry.record_id)
        if record is None:
            continue
        kind = BY_NAME[entry.kind]
        days.setdefault(entry.change.date, []).append(
            f"- {link(record.title, paths.record_page(kind, record.id), here)} · "
            f"{escape(lb[f'kind.{entry.kind}'])} · {escape(summary(entry, lb))}")
    sections = [f"## {escape(long_date(day, ctx.language))}\n\n" + "\n".join(items) for day, items in days.items()]
    return front_matter(meta) + block(f"# {escape(title)}", escape(lb["changes.intro"]), feed,
                                      *(sections or [escape(lb["changes.none"])]))


def feed_title(site_name: str, labels: Mapping[str, str]) -> str:
    return labels["changes.feed.title"].format(site=site_name) if site_name else labels["changes.title"]


def _lower_first(label: str) -> str:
    """'Samenvatting' -> 'samenvatting' inside a sentence; 'DOI' stays."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label
