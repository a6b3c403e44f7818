"""`kennisbank generate DIR`: the whole site as a self-contained MkDocs project that needs no kennisbank plugin.

The project holds a mkdocs.yml, the hand-written pages with their overview macros already evaluated, the Markdown
of every record, phase and step page, the downloads, the open data and the editors' form (admin/). Plain MkDocs +
Material builds it into the same pages as the plugin does, and so can any engine that reads mkdocs.yml and
Markdown. The files come from the same site plan as the plugin's (core/site_plan.py).

What the plugin does during a build is done here beforehand:
- record text is safe in the tree itself: every page is converted once with the project's Markdown extensions and
  checked as a browser would parse it (sanitize.unsafe_parts); a page with anything the sanitiser would remove is
  written as its sanitised HTML instead (named in the report; `kennisbank check` has warned its editors already);
- glossary explanations are appended to every page, JSON-LD goes into the page's front matter (theme/main.html
  prints it), and the theme files, styles and scripts of the package are copied into the project's theme folder.
What it cannot do without a plugin: the edit button of a record page (it would open a Markdown file that is not in
the repository, so the generated project has none) and showing a glossary explanation on the first use only.
"""
from __future__ import annotations

import dataclasses
import os
import posixpath
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import markdown
import yaml
from jinja2.sandbox import SandboxedEnvironment
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data
from mkdocs.utils.yaml import yaml_load

from kennisbank.adapter import cms_files, config_tweaks
from kennisbank.adapter.plugin import SCRIPTS, STYLES, THEME_DIR
from kennisbank.adapter.state import BuildState, load_build
from kennisbank.core.i18n import Message, both, say
from kennisbank.core.labels import labels_for
from kennisbank.core.outputs.downloads import skipped_notice
from kennisbank.core.outputs.open_data import page_jsonld
from kennisbank.core.outputs.safe_text import safe_knowledge_base
from kennisbank.core.reading.loader import FileCache
from kennisbank.core.reading.problems import CommandError, DataError
from kennisbank.core.render.glossary import abbreviations
from kennisbank.core.render.mdtext import front_matter
from kennisbank.core.render.page_macros import bound_macros
from kennisbank.core.render.sanitize import clean_html, unsafe_parts
from kennisbank.core.site import relative_url
from kennisbank.core.site_plan import SiteFile, plan_site

THEME_FOLDER = "theme"     # in the generated project: the package's theme files with the project's custom_dir on top
_OUR_PLUGINS = ("macros", "kennisbank")


@dataclass
class Generated:
    root: Path
    pages: int = 0
    files: int = 0
    language: str = "nl"                                 # the site's: the language of the report
    notices: list[str] = field(default_factory=list)     # what the downloads lack and why (e.g. no PDFs without Pango)
    replaced: list[Message] = field(default_factory=list)  # text fields taken over as plain text (file, field, why)
    sanitised: list[Message] = field(default_factory=list)  # pages still written as sanitised HTML, with what was in them


def generate(config_file: Path, out: Path) -> Generated:
    """Write the self-contained project for the site of `config_file` into `out` (a new or empty folder)."""
    if out.exists() and any(out.iterdir()):
        raise CommandError(say("de map {out} bestaat al en is niet leeg.", "the folder {out} already exists and is not empty.",
                               out=out), fix=both("Kies een nieuwe of lege map.", "Choose a new or empty folder."))
    config = _load_config(config_file)
    build = load_build(config, FileCache())
    if build.result.errors or build.context is None:
        raise CommandError(DataError(build.result.errors).report(build.settings.language),
                           fix=both("Los eerst de fouten op ('kennisbank check').", "Fix the errors first ('kennisbank check')."))
    settings = build.settings
    convert = _converter(config)
    kb, replaced = safe_knowledge_base(build.context.kb, convert)
    context = dataclasses.replace(build.context, kb=kb)
    build = dataclasses.replace(build, result=dataclasses.replace(build.result, kb=kb), context=context)
    plan = plan_site(context, settings.root / ".cache" / "kennisbank" / "downloads",
                     [settings.root / d for d in settings.data_dirs])
    build = dataclasses.replace(build, site=plan.site,  # no PDFs when they could not be made here
                                context=dataclasses.replace(context, documents=plan.downloads.documents))
    docs = out / "docs"
    language = build.site.language
    report = Generated(out, language=language, replaced=replaced,
                       notices=[skipped_notice(s).text(language) for s in plan.downloads.skipped.values()])
    labels = labels_for(build.site.language)
    for planned in plan.files:
        if planned.is_page:
            text = _page(planned.render() if planned.render else str(planned.content), planned.path, build, labels)
            _write(docs / planned.path, _safe(text, planned.path, planned.what, convert, report, build.site.directory_urls))
            report.pages += 1
        elif planned.source is not None:
            _copy(planned.source, docs / planned.path)
        else:
            _write(docs / planned.path, planned.text())
        report.files += 1
    _hand_written(Path(config.docs_dir), docs, build, convert, report, {f.path for f in plan.files})
    for path, content in cms_files.admin_files(config, build).items():
        if not (docs / path).exists():  # a hand-written admin page wins, as in the plugin's build
            _copy(content, docs / path) if isinstance(content, Path) else _write(docs / path, content)
            report.files += 1
    _theme(config, out / THEME_FOLDER)
    project = _project_config(config_file, config, build, [f for f in plan.files if f.is_page])
    _write(out / "mkdocs.yml", yaml.safe_dump(project, allow_unicode=True, sort_keys=False, width=120))
    return report


def _load_config(config_file: Path) -> Any:
    if not config_file.is_file():
        raise CommandError(say("{file} bestaat niet.", "{file} does not exist.", file=config_file),
                           fix=both("Draai het commando in de map van je kennisbank, of geef --config mkdocs.yml van je "
                                    "kennisbank op.", "Run the command in the folder of your knowledge base, or give "
                                                      "--config with the mkdocs.yml of your knowledge base."))
    cwd = os.getcwd()
    os.chdir(config_file.resolve().parent)  # !ENV, INHERIT and relative paths as MkDocs itself reads them
    try:
        return load_config(str(config_file.resolve()))
    finally:
        os.chdir(cwd)


def _page(markdown_text: str, path: str, build: BuildState, labels: dict[str, str] | Any) -> str:
    """The page as the plugin gives it to MkDocs: glossary explanations appended, JSON-LD in the front matter."""
    kb = build.result.kb
    assert kb is not None
    body, meta = get_data(markdown_text)
    url = _url(path, build.site.directory_urls)
    jsonld = page_jsonld(kb, build.site, meta.get("kennisbank"), path, url, labels)
    if jsonld:
        meta["kb_jsonld"] = jsonld
    if path != build.site.paths.glossary:
        body += abbreviations(kb.glossary, body)
    meta.pop("render_macros", None)  # nothing in the generated project is a template
    return front_matter(meta) + body if meta else body


def _url(path: str, directory_urls: bool) -> str:
    stem = path[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/" if directory_urls else stem + ".html"


def _converter(config: Any) -> Callable[[str], str]:
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)

    def convert(text: str) -> str:
        return md.reset().convert(text)
    return convert


def _safe(text: str, path: str, what: str, convert: Callable[[str], str], report: Generated, directory_urls: bool) -> str:
    """The page as it is when a browser would find nothing the sanitiser removes; else its sanitised HTML."""
    body, meta = get_data(text)
    html = convert(body)
    found = unsafe_parts(html)
    if not found:
        return text
    report.sanitised.append(say("docs/{path} ({what}): {found}", "docs/{path} ({what}): {found}", path=path, what=what,
                                found=", ".join(sorted(set(found))[:8])))
    meta.setdefault("title", _first_heading(html) or path)
    # Raw HTML is left alone by Markdown; the page keeps its text and links, not its table of contents.
    content = _page_links(clean_html(html), path, directory_urls)
    return front_matter(meta) + f'<div class="kb-sanitised">\n{content}\n</div>\n'


_MD_HREF = re.compile(r'(href=")([^"#:?]+?\.md)(#[^"]*)?"')


def _page_links(html: str, path: str, directory_urls: bool) -> str:
    """Links to other pages as MkDocs writes them ('../b.md' -> '../../b/'): it leaves raw HTML alone."""
    here = _url(path, directory_urls)

    def url(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(path), match.group(2)))
        return f'{match.group(1)}{relative_url(_url(target, directory_urls), here)}{match.group(3) or ""}"'
    return _MD_HREF.sub(url, html)


_HEADING = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


def _first_heading(html: str) -> str:
    match = _HEADING.search(html)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def _hand_written(docs_dir: Path, docs: Path, build: BuildState, convert: Callable[[str], str], report: Generated,
                  planned: set[str]) -> None:
    """docs/ of the project; pages that ask for macros get them evaluated here, in a sandbox without Python access."""
    context = build.context
    assert context is not None
    labels = labels_for(build.site.language)
    for source in sorted(p for p in docs_dir.rglob("*") if p.is_file()):
        path = source.relative_to(docs_dir).as_posix()
        if path in planned:  # the plugin refuses this clash; so does generate
            raise CommandError(say("docs/{path} (handgeschreven) en een gegenereerd bestand hebben hetzelfde adres.",
                                   "docs/{path} (written by hand) and a generated file have the same address.", path=path),
                               fix=both("Hernoem het record of verplaats het bestand in docs/.",
                                        "Rename the record or move the file in docs/."))
        if not path.endswith(".md"):
            _copy(source, docs / path)
            continue
        text = source.read_text(encoding="utf-8")
        body, meta = get_data(text)
        if meta.get("render_macros"):
            body = _evaluate_macros(body, path, bound_macros(context, path))
        page = _page(front_matter(meta) + body if meta else body, path, build, labels)
        _write(docs / path, _safe(page, path, _HAND_WRITTEN, convert, report, build.site.directory_urls))
        report.pages += 1


_HAND_WRITTEN = both("een pagina uit docs/", "a page from docs/")


def _evaluate_macros(body: str, path: str, macros: dict[str, Callable[..., object]]) -> str:
    environment = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)
    try:
        return environment.from_string(body, globals=macros).render()
    except jinja2.TemplateError as err:
        line = getattr(err, "lineno", None)
        where = say(", regel {line}", ", line {line}", line=line) if line else ""
        raise CommandError(say("docs/{path}{where}: {err}.", "docs/{path}{where}: {err}.", path=path, where=where, err=err),
                           fix=say("'kennisbank generate' voert alleen de macro's van de kennisbank uit ({macros}); "
                                   "schrijf andere tekst zonder {variable} of {tag}.",
                                   "'kennisbank generate' only runs the knowledge base's own macros ({macros}); write "
                                   "other text without {variable} or {tag}.",
                                   macros=", ".join(sorted(macros)), variable="{{ }}", tag="{% %}")) from None


def _theme(config: Any, target: Path) -> None:
    """The package's theme files with the project's own custom_dir on top (it may override any of them)."""
    shutil.copytree(THEME_DIR, target)
    if config.theme.custom_dir:
        shutil.copytree(config.theme.custom_dir, target, dirs_exist_ok=True)


def _project_config(config_file: Path, config: Any, build: BuildState, plan_pages: list[SiteFile]) -> dict[str, Any]:
    """The project's own mkdocs.yml, values resolved, with what the plugin adds at build time written out."""
    with config_file.open("rb") as handle:
        raw: dict[str, Any] = yaml_load(handle) or {}
    raw.pop("watch", None)
    raw.pop("hooks", None)
    raw["docs_dir"], raw["site_dir"] = "docs", "site"
    theme = dict(raw.get("theme") or {})
    theme["custom_dir"] = THEME_FOLDER
    theme["features"] = [f for f in theme.get("features") or [] if f not in config_tweaks.UNSAFE_FEATURES]
    raw["theme"] = theme
    raw["plugins"] = [p for p in raw.get("plugins") or []
                      if not (p in _OUR_PLUGINS or isinstance(p, dict) and set(p) & set(_OUR_PLUGINS))]
    raw["extra_css"] = [*STYLES, *(s for s in raw.get("extra_css") or [] if s not in STYLES)]
    raw["extra_javascript"] = [*SCRIPTS, *(s for s in raw.get("extra_javascript") or [] if s not in SCRIPTS)]
    extra = dict(raw.get("extra") or {})
    extra.pop("kennisbank", None)
    settings = build.settings
    extra["kennisbank_csp_meta"] = config_tweaks.csp_meta_value(config, settings.csp_meta, serving=False)
    extra["kennisbank_search"] = config_tweaks.search_settings(settings.language, build.site.paths)
    extra["kennisbank_problems"] = 0
    if "polyfills" in extra:
        extra["polyfills"] = config_tweaks.offline_polyfills(extra["polyfills"])
    raw["extra"] = extra
    if raw.get("repo_url"):
        raw["edit_uri"] = ""  # record pages have no Markdown file in the repository to edit
    raw["not_in_nav"] = _not_in_nav(plan_pages)
    return raw


def _not_in_nav(pages: list[SiteFile]) -> str:
    """Record, phase and step pages are reached from the overviews, not listed in an automatic navigation (as the
    plugin has it): one pattern per folder, not one per page, so that MkDocs matches in linear time."""
    hidden = {f.path for f in pages if not f.in_nav}
    patterns: list[str] = []
    for path in sorted(hidden):
        folder = posixpath.dirname(path)
        if path.endswith("index.md") or not folder:
            patterns.append(f"/{path}")
        elif f"/{folder}/*.md" not in patterns:
            patterns.append(f"/{folder}/*.md")
            if f"{folder}/index.md" not in hidden:
                patterns.append(f"!/{folder}/index.md")  # the folder's overview (hand-written) stays
    return "\n".join(patterns)


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


__all__ = ["Generated", "SiteFile", "generate"]
