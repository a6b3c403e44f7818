"""Pages for the route: one per development phase and per step, plus the route overview."""
from __future__ import annotations

from kennisbank.core.model.kinds import BY_NAME
from kennisbank.core.model.records import GroupStage, Phase, Step, Term
from kennisbank.core.outputs.downloads import size_text
from kennisbank.core.render.mdlists import normalise_lists
from kennisbank.core.render.mdtext import block, escape, front_matter, html_text, inline, link, relative
from kennisbank.core.render.pages import PageContext, _editors_note, _record_list, _section
from kennisbank.core.render.route_diagram import route_diagram


def render_term_page(ctx: PageContext, term_kind: str, term: Term) -> str:
    paths = ctx.paths
    here = paths.term_page(term_kind, term.id)
    kb, lb = ctx.kb, ctx.labels
    parts = [f"# {escape(term.label)}"]
    if term.description:
        parts.append(f"{inline(term.description)}\n{{: .kb-summary }}")
    phase = kb.term("phase", term.phase) if isinstance(term, Step) and term.phase else None
    if phase:
        parts.append(f"{escape(lb['phase'])}: {link(phase.label, paths.term_page('phase', phase.id), here)}")
    if isinstance(term, GroupStage):
        parts.append(_editors_note(lb["group_stages.note"]))
    parts.append(normalise_lists(getattr(term, "body", "")))
    kit = ctx.kits.get((term_kind, term.id))
    if kit:
        parts.append(f"[{escape(lb['kit.download'])} ({escape(size_text(kit, ctx.language))})]"
                     f"({relative(kit.site_path, here)}){{ .md-button download }}")
    if isinstance(term, Phase):
        steps = [s for s in kb.taxonomy.steps if s.phase == term.id]
        step_links = "\n".join(f"- {link(s.label, paths.term_page('step', s.id), here)}" for s in steps)
        parts.append(_section(ctx, lb["steps"], step_links, "stappen"))
    for kind_name, anchor in (("theme", "themas"), ("element", "werkzame-elementen"), ("template", "hulpmiddelen"),
                              ("example", "praktijkvoorbeelden")):
        records = sorted(kb.referring(term_kind, term.id, kind_name), key=lambda r: r.title.casefold())
        parts.append(_section(ctx, lb[f"kind.{kind_name}.plural"], _record_list(ctx, BY_NAME[kind_name], records, here),
                              anchor))
    meta = {"title": html_text(term.label), "description": html_text(term.description or ""), "render_macros": False}
    return front_matter(meta) + paths.relink(block(*parts), here)


def route_overview(ctx: PageContext, here: str) -> str:
    """The route as a drawing (route_diagram.py), then as text: the steps in their order (each naming its phase), the
    development phases and the group stages, as ordered lists of links."""
    kb, lb, paths = ctx.kb, ctx.labels, ctx.paths
    steps = []
    for step in kb.taxonomy.steps:
        phase = kb.term("phase", step.phase) if step.phase else None
        line = f"1. **{link(step.label, paths.term_page('step', step.id), here)}**"
        if phase:
            line += f" <span class=\"kb-route__phase\">{escape(lb['phase'])}: {escape(phase.label)}</span>"
        if step.description:
            line += f"<br>\n   {inline(step.description)}"
        steps.append(line)
    phases = [f"1. **{link(p.label, paths.term_page('phase', p.id), here)}**"
              + (f"<br>\n   {inline(p.description)}" if p.description else "") for p in kb.taxonomy.phases]
    parts = [route_diagram(ctx, here)]
    if steps:
        parts.append(f'<nav class="kb-route kb-route--steps" aria-label="{html_text(lb["steps"])}" markdown>\n\n'
                     + "\n".join(steps) + "\n\n</nav>")
    parts.append(f'<h3 class="kb-route__heading">{escape(lb["phases.heading"])}</h3>\n\n'
                 f'<nav class="kb-route kb-route--phases" aria-label="{html_text(lb["phases"])}" markdown>\n\n'
                 + "\n".join(phases) + "\n\n</nav>")
    stages = [f"1. **{link(g.label, paths.term_page('group_stage', g.id), here)}**"
              + (f"<br>\n   {inline(g.description)}" if g.description else "") for g in kb.taxonomy.group_stages]
    if stages:  # a separate model, so it gets its own heading and a line saying so
        heading = f'<h3 class="kb-route__heading" id="{paths.anchor("fasen-van-de-groep")}">{escape(lb["group_stages"])}</h3>'
        parts.append(heading + "\n\n" + _editors_note(lb["group_stages.note"]) +
                     f'<nav class="kb-route kb-route--stages" aria-label="{html_text(lb["group_stages"])}" markdown>\n\n'
                     + "\n".join(stages) + "\n\n</nav>")
    return "\n\n".join(p for p in parts if p) + "\n"
