"""MkDocs event handlers: load and check the data, add one generated page per record, sanitise pages.

The `kennisbank` MkDocs plugin (plugin.py, registered in pyproject.toml) forwards MkDocs events here; the module is
imported once per process and keeps its cache across `mkdocs serve` rebuilds.
"""
from __future__ import annotations

import logging
from typing import Any

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from kennisbank.adapter import build_errors, cms_files, open_data, state
from kennisbank.adapter.incremental import Incremental
from kennisbank.adapter.mdx_linear import with_linear_markdown
from kennisbank.core.labels import labels_for
from kennisbank.core.outputs.security import meta_policy
from kennisbank.core.reading.problems import DataError
from kennisbank.core.render.glossary import GLOSSARY_PAGE, abbreviations, first_explanation_only
from kennisbank.core.render.problems_page import problems_page
from kennisbank.core.render.sanitize import clean_html, clean_text_html
from kennisbank.core.site_plan import plan_site

log = logging.getLogger("mkdocs.plugins.kennisbank")
PROBLEMS_PAGE = "kennisbank-problemen.md"
_command = "build"
incremental = Incremental()


def on_startup(command: str, dirty: bool = False) -> None:
    global _command
    _command = command
    incremental.start(command == "serve" and dirty)  # `make serve` runs `mkdocs serve --dirty`


def on_config(config: Any) -> Any:
    build = state.load_for(config)
    for problem in build.result.warnings:
        # A warning for editors is no reason to fail a --strict build; text still to be written (TODO) is.
        (log.warning if problem.unfinished else log.info)(problem.format())
    if build.result.errors:
        if _command != "serve":  # never publish a partial site
            raise Abort(DataError(build.result.errors).report())
        for problem in build.result.errors:
            log.error(problem.format())
    _vendored_offline_shim(config)
    # Python-Markdown in time linear in a record's text, whatever the project's mkdocs.yml lists (mdx_linear.py)
    with_linear_markdown(config.markdown_extensions)
    _without_html_tooltips(config)
    # kennisbank/theme/main.html: a CSP meta tag for hosts without headers, on by default
    # (see kennisbank/core/outputs/security.py)
    config.extra["kennisbank_csp_meta"] = "" if build.settings.csp_meta is False or _offline(config) \
        else meta_policy(_command == "serve")
    # kennisbank/theme/main.html shows a banner linking to the problem list while an editor works with `mkdocs serve`
    count = len(build.result.errors)
    config.extra["kennisbank_problems"] = count
    labels = labels_for(build.settings.language)
    config.extra["kennisbank_problems_text"] = {
        "message": labels["problems.banner.one"] if count == 1 else labels["problems.banner.many"].format(count=count),
        "link": labels["problems.banner.link"]}
    return config


def _offline(config: Any) -> bool:
    """The file:// build gets no policy tag: Chromium's 'self' does not cover file: URLs, so search (the vendored
    iframe-worker) would stop. Record text is inert there without the policy too (sanitize.py, no HTML tooltips)."""
    plugin = config.plugins.get("material/offline")
    return bool(plugin and plugin.config.enabled)


UNSAFE_FEATURES = ("content.tooltips",)


def _without_html_tooltips(config: Any) -> None:
    """Material's tooltips put title attributes (and an overflowing header title) into innerHTML: escaped record text
    would run as markup there whenever no CSP is sent. Our own tooltips (kennisbank-tooltips.js) show text only."""
    features = config.theme.get("features") or []
    for feature in UNSAFE_FEATURES:
        if feature in features:
            features.remove(feature)
            log.warning(f"theme.features: '{feature}' is uitgezet: Material zet daarmee tekst uit de records als HTML in de "
                        "pagina. De kennisbank toont uitleg bij begrippen zelf, als gewone tekst. "
                        f"Oplossing: haal '- {feature}' weg uit mkdocs.yml.")


IFRAME_WORKER_SHIM = "assets/vendor/iframe-worker/shim.js"


def _vendored_offline_shim(config: Any) -> None:
    """Material's offline plugin loads its file:// worker shim from unpkg.com; we ship that file (no other hosts)."""
    polyfills = config.extra.get("polyfills") or []
    if any("iframe-worker" in url for url in polyfills):
        config.extra["polyfills"] = [url for url in polyfills if "iframe-worker" not in url] + [IFRAME_WORKER_SHIM]


def on_files(files: Files, config: Any) -> Files:
    """Hand the core's site plan to MkDocs; a planned file may never replace a hand-written one."""
    build = state.current(config)
    if build.result.errors:
        labels = labels_for(build.settings.language)
        files.append(File.generated(config, PROBLEMS_PAGE, content=problems_page(build.result.errors, labels)))
    if build.context is None:
        return files
    incremental.begin(config, build.context.kb.glossary)
    cms_files.add_files(files, config, build)  # admin/: the editors' form (Decap CMS), config generated from the schema
    settings = build.settings
    plan = plan_site(build.context, state.site_info(config), open_data.export_site(config),
                     settings.root / ".cache" / "kennisbank" / "downloads", [settings.root / d for d in settings.data_dirs])
    log.info(f"Hulpmiddelen om te downloaden: {plan.downloads.generated} gemaakt, {plan.downloads.reused} hergebruikt "
             "uit de cache.")
    clashes = [f"docs/{f.path} (handgeschreven) en {f.what} hebben hetzelfde adres."
               for f in plan.files if files.get_file_from_path(f.path) is not None]
    if clashes:
        raise Abort("Een gegenereerd bestand zou een handgeschreven bestand vervangen:\n" + "\n".join(clashes) +
                    "\nOplossing: hernoem het record (de bestandsnaam in data/) of verplaats het bestand in docs/; "
                    "de mappen open-data/ en downloads/ maakt de generator.")
    for planned in plan.files:
        inclusion = InclusionLevel.UNDEFINED if planned.in_nav else InclusionLevel.NOT_IN_NAV
        if planned.source is not None:
            files.append(File.generated(config, planned.path, abs_src_path=str(planned.source), inclusion=inclusion))
            continue
        content = planned.text()
        file = File.generated(config, planned.path, content=content, inclusion=inclusion)
        files.append(file)
        if planned.is_page and isinstance(content, str):
            incremental.generated(file, content)
    incremental.hand_written(files)
    return files


def on_env(env: Any, config: Any, files: Files) -> Any:
    return incremental.environment(env)


@event_priority(50)  # before the search plugin writes its index
def on_post_build(config: Any) -> None:
    incremental.merge_search(config)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    """Glossary terms get their explanation on every page (runs after mkdocs-macros, so nothing here is a template)."""
    build = state.current(config)
    build_errors.converting(page)  # MkDocs converts it next; on_build_error names its record if that fails
    if build.result.kb is not None and page.file.src_uri != GLOSSARY_PAGE:
        markdown += abbreviations(build.result.kb.glossary, markdown)
    return incremental.markdown(page, markdown)  # `mkdocs serve --dirty`: unchanged pages are not converted again


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    """Every page's content passes the allow-list; so do its table-of-contents titles."""
    build_errors.converted()
    reused = incremental.content(page, html)
    if reused is not None:
        return reused
    _clean_toc(page.toc)
    return incremental.remember(page, clean_html(first_explanation_only(html)))


def on_build_error(error: Exception) -> None:
    """A page that fails to convert: say which record and data file it comes from (build_errors.py)."""
    build_errors.report(error, _current_kb(), _command)


def _current_kb() -> Any:
    current = state._current  # never load data here: the build is already failing
    return current.result.kb if current else None


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    """The edit button of a record page opens its YAML file, not a Markdown page that does not exist."""
    build = state.current(config)
    record = (page.meta or {}).get("kennisbank")
    if record and config.repo_url and build.result.kb:
        kind, _, record_id = record.partition("/")
        origin = build.result.kb.origins.get((kind, record_id))
        if origin:
            page.edit_url = f"{config.repo_url.rstrip('/')}/edit/{build.settings.options.branch}/{origin.file}"
    context["kb_jsonld"] = open_data.page_jsonld(page, config)  # schema.org JSON-LD, printed by kennisbank/theme/main.html
    return context


def _clean_toc(items: Any) -> None:
    for item in items:
        item.title = clean_text_html(item.title)
        _clean_toc(item.children)
