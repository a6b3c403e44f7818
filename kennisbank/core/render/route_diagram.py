"""The route as a drawing: the steps in order, each in its development phase, with arrows between them.

Inline SVG, so that every label is real text and every step and phase a link a keyboard reaches. Two layouts of the
same drawing: phases as columns side by side (wide screens), and phases as bands one below the other (phones);
kennisbank.css shows one of them, and the hidden one is out of the tab order and the accessibility tree. The
ordered lists of `route_overview` below it stay the text equivalent. Colours and fonts come from classes (the
sanitiser lets no style or colour attribute through); all text from the taxonomy is escaped here.
"""
from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from kennisbank.core.model.records import Phase, Step
from kennisbank.core.render.hrefs import page_href
from kennisbank.core.render.pages import PageContext

FONT = 15            # user units; kennisbank.css sets the same font-size on the labels
LINE = 19            # distance between the lines of a label
PAD = 10             # inside a box, above and below the text
CHAR = 0.53 * FONT   # average width of a character: how many fit on a line
GAP = 30             # between two steps, where the arrow goes
MARGIN = 6


@dataclass(frozen=True)
class _Link:
    """A box in the drawing: a phase or step page, or (href None) the lane of the steps without a phase."""

    href: str | None
    text: str
    name: str           # the accessible name: the visible text, and for a step its phase
    kind: str           # 'head' (a phase), 'none' (the lane of steps without a phase) or 'step'


def _lines(text: str, width: float) -> list[str]:
    return textwrap.wrap(text, max(4, int((width - 2 * PAD) / CHAR)), break_on_hyphens=False) or [""]


def _height(lines: Sequence[str]) -> int:
    return 2 * PAD + len(lines) * LINE


def _box(link: _Link, x: float, y: float, width: float, lines: Sequence[str], height: float | None = None) -> str:
    """A rectangle with its (wrapped) label, as a link when it has a page. The ring shows keyboard focus."""
    height = height if height is not None else _height(lines)
    centre = x + width / 2
    top = y + (height - _height(lines)) / 2 + PAD
    spans = "".join(f'<tspan x="{centre:g}" y="{top + i * LINE + FONT - 1:g}">{html.escape(line, quote=False)}</tspan>'
                    for i, line in enumerate(lines))
    shape = (f'<rect class="kb-rd__{link.kind}" x="{x:g}" y="{y:g}" width="{width:g}" height="{height:g}" rx="5"/>'
             f'<text class="kb-rd__label kb-rd__label--{link.kind}">{spans}</text>')
    if link.href is None:
        return shape
    ring = f'<rect class="kb-rd__ring" x="{x - 4:g}" y="{y - 4:g}" width="{width + 8:g}" height="{height + 8:g}" rx="8"/>'
    return f'<a href="{html.escape(link.href)}" aria-label="{html.escape(link.name)}">{ring}{shape}</a>'


def _arrow(x1: float, y1: float, x2: float, y2: float) -> str:
    """Down from (x1, y1), across to x2 halfway if needed, and down to the arrowhead at (x2, y2)."""
    if x1 == x2:
        line = f"M{x1:g} {y1:g}V{y2 - 8:g}"
    else:
        middle = (y1 + y2) / 2
        line = f"M{x1:g} {y1:g}V{middle:g}H{x2:g}V{y2 - 8:g}"
    head = f"M{x2 - 6:g} {y2 - 9:g}L{x2 + 6:g} {y2 - 9:g}L{x2:g} {y2:g}Z"
    return f'<path class="kb-rd__arrow" d="{line}"/><path class="kb-rd__arrowhead" d="{head}"/>'


def _svg(layout: str, width: float, height: float, title: str, desc: str, body: str) -> str:
    ident = f"kb-rd-{layout}"
    # aria-label rather than <title>: the sanitiser's allow-list has no <title> (in HTML it would be the page's)
    return (f'<svg class="kb-rd__svg kb-rd__svg--{layout}" viewBox="0 0 {width:g} {height:g}" role="group" '
            f'aria-label="{html.escape(title)}" aria-describedby="{ident}-desc">'
            f'<desc id="{ident}-desc">{html.escape(desc, quote=False)}</desc>{body}</svg>')


def _columns(lanes: Sequence[_Link], steps: Sequence[tuple[_Link, int]], title: str, desc: str) -> str:
    """Wide screens: one column per phase, a row per step, so the route reads from top left to bottom right."""
    lane_width, inner = 244, 220
    heads = [_lines(head.text, inner) for head in lanes]
    head_height = max(_height(lines) for lines in heads)
    boxes, y = [], MARGIN + head_height + GAP
    for link, lane in steps:
        lines = _lines(link.text, inner)
        boxes.append((link, MARGIN + lane * lane_width + (lane_width - inner) / 2, y, lines))
        y += _height(lines) + GAP
    height = y - GAP + 2 * MARGIN + 8
    width = len(lanes) * lane_width + 2 * MARGIN
    parts = [f'<rect class="kb-rd__lane" x="{MARGIN + i * lane_width + 4:g}" y="{MARGIN:g}" '
             f'width="{lane_width - 8:g}" height="{height - 2 * MARGIN:g}" rx="6"/>' for i in range(len(lanes))]
    arrows = [_arrow(a[1] + inner / 2, a[2] + _height(a[3]), b[1] + inner / 2, b[2]) for a, b in pairwise(boxes)]
    parts.append(f'<g aria-hidden="true">{"".join(arrows)}</g>')
    parts += [_box(head, MARGIN + i * lane_width + (lane_width - inner) / 2, MARGIN, inner, lines, head_height)
              for i, (head, lines) in enumerate(zip(lanes, heads, strict=True))]
    parts += [_box(link, x, y, inner, lines) for link, x, y, lines in boxes]
    return _svg("wide", width, height, title, desc, "".join(parts))


def _bands(runs: Sequence[tuple[_Link, list[_Link]]], title: str, desc: str) -> str:
    """Phones: the phases as bands one below the other, each with its steps; a phase the route comes back to
    gets a band again, a phase without steps a band of its own at the end (no arrow leads there)."""
    width = 340
    head_width, step_width = width - 2 * MARGIN - 8, width - 2 * MARGIN - 40
    centre = width / 2
    bands, arrows, boxes = [], [], []
    y: float = MARGIN
    bottom: float | None = None   # of the last box on the route, where the next arrow starts
    for head, run in runs:
        top = y
        lines = _lines(head.text, head_width)
        if bottom is not None and run:
            arrows.append(_arrow(centre, bottom, centre, y + 4))
        boxes.append(_box(head, MARGIN + 4, y + 4, head_width, lines))
        y += 4 + _height(lines)
        previous = y   # the phase's box: the arrow to its first step starts there
        for link in run:
            y += GAP - 8
            lines = _lines(link.text, step_width)
            arrows.append(_arrow(centre, previous, centre, y))
            boxes.append(_box(link, (width - step_width) / 2, y, step_width, lines))
            y += _height(lines)
            previous = y
        if run:
            bottom = previous
        y += 12
        bands.append(f'<rect class="kb-rd__lane" x="{MARGIN:g}" y="{top:g}" width="{width - 2 * MARGIN:g}" '
                     f'height="{y - top:g}" rx="6"/>')
        y += GAP - 8
    height = y - (GAP - 8) + MARGIN
    body = "".join(bands) + f'<g aria-hidden="true">{"".join(arrows)}</g>' + "".join(boxes)
    return _svg("narrow", width, height, title, desc, body)


def route_diagram(ctx: PageContext, here: str) -> str:
    """The drawing in both layouts with the editors' note as its caption; '' when the taxonomy has no steps."""
    kb, lb, paths, site = ctx.kb, ctx.labels, ctx.paths, ctx.site
    steps: list[Step] = list(kb.taxonomy.steps)
    if not steps:
        return ""
    phases: list[Phase] = list(kb.taxonomy.phases)
    known = {p.id for p in phases}
    heads = {p.id: _Link(page_href(site, paths.term_page("phase", p.id), here), p.label, f"{lb['phase']}: {p.label}",
                         "head") for p in phases}
    lane_ids: list[str | None] = [p.id for p in phases]
    if any(s.phase not in known for s in steps):  # steps without (a known) phase get a lane without a link
        heads[""] = _Link(None, lb["route.diagram.no_phase"], lb["route.diagram.no_phase"], "none")
        lane_ids.append(None)

    def phase_of(step: Step) -> str:
        return step.phase if step.phase and step.phase in known else ""

    def step_link(step: Step) -> _Link:
        phase = heads[phase_of(step)]
        name = lb["route.diagram.step"].format(step=step.label, phase=phase.text) if phase.href else step.label
        return _Link(page_href(site, paths.term_page("step", step.id), here), step.label, name, "step")

    lane_of = {phase_id or "": i for i, phase_id in enumerate(lane_ids)}
    ordered = [(step_link(s), lane_of[phase_of(s)]) for s in steps]
    lanes = [heads[phase_id or ""] for phase_id in lane_ids]
    runs: list[tuple[_Link, list[_Link]]] = []
    for step, (link, _) in zip(steps, ordered, strict=True):
        if runs and runs[-1][0] is heads[phase_of(step)]:
            runs[-1][1].append(link)
        else:
            runs.append((heads[phase_of(step)], [link]))
    visited = {phase_of(s) for s in steps}
    runs += [(heads[p.id], []) for p in phases if p.id not in visited]

    title, desc = lb["route.diagram.title"], lb["route.diagram.desc"]
    note = html.escape(lb["route.diagram.note"], quote=False)
    # out of the search index: the lists under it give the same labels, once
    return (f'<figure class="kb-rd" data-search-exclude>{_columns(lanes, ordered, title, desc)}{_bands(runs, title, desc)}'
            f'<figcaption class="kb-editors-note">{note}</figcaption></figure>\n')
