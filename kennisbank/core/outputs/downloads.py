"""Downloadable templates (PDF, DOCX, ODT), meeting kits (ZIP per phase and step) and the PDFs prepared as HTML
(a theme, the whole knowledge base, the card set: outputs/meeting.py), cached across builds.

A document's cache key is a hash of the template record, the site details it prints and the generator
version, so an unchanged rebuild makes nothing new. Files are written under the cache folder (atomically: a
build that is stopped leaves whole files or none) and handed to the site generator by path. What is missing is
made across every core this process may use; a document's bytes depend only on its inputs, never on which process
made it or in what order.

PDFs need system libraries (Pango) that a host may lack, and a site may go without them on purpose (`pdf: false`):
then every other format and the kits are made without PDFs, and the DownloadSet says what was left out and why.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import os
import re
import time
import zipfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from kennisbank.core.i18n import Message, both, say
from kennisbank.core.labels import labels_for
from kennisbank.core.model.kinds import TEMPLATE
from kennisbank.core.model.knowledge_base import KnowledgeBase
from kennisbank.core.model.records import Template
from kennisbank.core.outputs.documents import FORMATS, GENERATOR_VERSION, DocumentContext, DocumentFormat, pdf_unavailable
from kennisbank.core.outputs.documents.cards_html import with_qr_codes
from kennisbank.core.outputs.documents.pdf_writer import html_pdf
from kennisbank.core.paths import SitePaths
from kennisbank.core.site import Site
from kennisbank.core.versions import library_versions

DOWNLOAD_DIR = "downloads"
_ATTACHMENT_LABEL = "eigen versie"


@dataclass(frozen=True)
class Download:
    format_label: str
    site_path: str      # docs-relative path, e.g. downloads/agenda-kick-off.pdf
    cache_path: Path
    size: int           # SIZE_LATER while it is being made (PendingDownloads.planned)


SIZE_LATER = -1


@dataclass(frozen=True)
class SkippedFormat:
    """A document format the site goes without, and why."""

    key: str        # a key of FORMATS: 'pdf'
    reason: str     # what could not be loaded, or the setting that switches it off
    chosen: bool    # switched off in the settings on purpose: worth an info line, not a warning


@dataclass(frozen=True)
class PreparedDocument:
    """A PDF made from HTML that says everything it shows (outputs/meeting.py); its cache key is a hash of that HTML."""

    key: str                    # what pages ask for: 'theme:<id>', 'full', 'cards'
    name: str                   # its cache files' name before the hash: 'meeting-theme-<id>'
    site_path: str              # downloads/pdf/…, from SitePaths
    html: str
    qr: tuple[str, ...] = ()    # the addresses of its QR codes, drawn into the HTML only when the PDF is made
    qr_title: str = ""          # their alt text


@dataclass
class DownloadSet:
    by_template: dict[str, list[Download]] = field(default_factory=dict)
    kits: dict[tuple[str, str], Download] = field(default_factory=dict)   # (phase|step, id) -> zip
    documents: dict[str, Download] = field(default_factory=dict)          # PreparedDocument.key -> its PDF
    generated: int = 0
    reused: int = 0
    documents_made: int = 0
    documents_reused: int = 0
    documents_stale: int = 0    # under `mkdocs serve`: an earlier version shown instead of waiting for a new one
    documents_withheld: bool = False   # the full PDF and the card set left out: too many elements (outputs/meeting.py)
    themes_withheld: tuple[str, ...] = ()   # the ids of the themes without a PDF: too many elements (outputs/meeting.py)
    skipped: dict[str, SkippedFormat] = field(default_factory=dict)     # formats made for no template, and why

    def all(self) -> list[Download]:
        return ([d for ds in self.by_template.values() for d in ds] + list(self.kits.values())
                + list(self.documents.values()))


def offered_formats(site: Site) -> list[DocumentFormat]:
    """The formats every template of this site is downloadable in (pages, kits and JSON-LD list the same).

    `site.pdf` is what the build decided: the site plan (core/site_plan.py) switches it off when the PDFs could not
    be made on this machine (`build_downloads` records why in `DownloadSet.skipped`)."""
    return [spec for key, spec in FORMATS.items() if key != "pdf" or site.pdf]


def skipped_notice(skipped: SkippedFormat) -> Message:
    """What the build log says about a format left out, for whoever publishes the site (`.text(language)`)."""
    if skipped.chosen:
        return both("Pdf-versies van de hulpmiddelen staan uit (pdf: false onder extra.kennisbank in mkdocs.yml): de "
                    "hulpmiddelen zijn te downloaden als Word en OpenDocument, de vergaderkits zonder pdf.",
                    "PDF versions of the templates are switched off (pdf: false under extra.kennisbank in mkdocs.yml): "
                    "the templates can be downloaded as Word and OpenDocument, the meeting kits come without PDFs.")
    return say("Geen pdf-versies van de hulpmiddelen: WeasyPrint kan op deze machine Pango (of een andere "
               "systeembibliotheek voor pdf) niet laden ({reason}). De site wordt gebouwd zonder pdf-versies "
               "van de hulpmiddelen; Word en OpenDocument zijn er wel, de vergaderkits zijn er zonder pdf.\n"
               "    oplossing: installeer Pango en een lettertype op de machine die de site bouwt. Debian/Ubuntu: "
               "'apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core'; macOS: 'brew install pango'; "
               "controleer daarna met python -c 'import weasyprint'. Of zet 'pdf: false' onder extra.kennisbank in "
               "mkdocs.yml als de site bewust zonder pdf's verschijnt; dan is dit geen waarschuwing meer (zie README.md).",
               "No PDF versions of the templates: WeasyPrint cannot load Pango (or another system library for PDF) "
               "on this machine ({reason}). The site is built without PDF versions of the templates; Word and "
               "OpenDocument are there, the meeting kits come without PDFs.\n"
               "    fix: install Pango and a font on the machine that builds the site. Debian/Ubuntu: "
               "'apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core'; macOS: 'brew install pango'; "
               "then check with python -c 'import weasyprint'. Or set 'pdf: false' under extra.kennisbank in "
               "mkdocs.yml if the site is meant to go without PDFs; then this is no longer a warning (see README.md).",
               reason=skipped.reason)


def _context(kb: KnowledgeBase, template: Template, site: Site) -> DocumentContext:
    labels = labels_for(site.language)
    return DocumentContext(
        site_name=site.name, page_url=site.file_url(site.page_url(TEMPLATE, template.id)),
        licence=site.licence, author=site.owner or site.name, language=site.language,
        phase_labels=tuple(t.label for t in (kb.term("phase", p) for p in template.phases) if t),
        step_labels=tuple(t.label for t in (kb.term("step", s) for s in template.steps) if t),
        kind_label=labels[f"template.{template.kind}"])


def _key(template: Template, ctx: DocumentContext, fmt: str) -> str:
    payload = json.dumps([GENERATOR_VERSION, fmt, template.model_dump(mode="json"), repr(ctx)], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:24]


def available_cores() -> int:
    """The cores this process may use: a container or a CI runner may get fewer than the machine has."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # no sched_getaffinity (macOS, Windows)
        return os.cpu_count() or 1


def build_downloads(kb: KnowledgeBase, site: Site, cache_dir: Path, workers: int | None = None,
                    data_dirs: tuple[Path, ...] = (), documents: Sequence[PreparedDocument] = (),
                    serving: bool = False) -> DownloadSet:
    """Every template in every format the site offers, plus the kits and the prepared `documents` (PDFs, made only
    when the site has PDFs); only what is not cached yet is made, all in one pool of processes.

    `workers`: how many processes make documents (default: every core this process may use; 1: all in this one).
    `serving`: `mkdocs serve`'s edit loop does not wait for a prepared document made before (one passed without HTML):
    it shows the version made last until the next `mkdocs build`. One never made is made, as in a build.
    """
    return start_downloads(kb, site, cache_dir, workers, data_dirs, documents, serving).done()


@dataclass
class PendingDownloads:
    """Downloads being made by other processes while this one goes on; `skipped` is already known."""

    skipped: dict[str, SkippedFormat]
    done: Callable[[], DownloadSet]   # waits for the documents, then makes the kits and reads the sizes
    planned: DownloadSet              # every download with its paths, the sizes of those being made SIZE_LATER
    cancel: Callable[[], None]        # the build failed: what has not started is not made
    making: int = 0                   # how many files other processes are making (0: done() does not wait)


def start_downloads(kb: KnowledgeBase, site: Site, cache_dir: Path, workers: int | None = None,
                    data_dirs: tuple[Path, ...] = (), documents: Sequence[PreparedDocument] = (),
                    serving: bool = False) -> PendingDownloads:
    """`build_downloads`, returning once the documents that are missing are on their way."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    result = DownloadSet()
    if not site.pdf and (kb.templates or documents):
        result.skipped["pdf"] = SkippedFormat("pdf", both("pdf: false onder extra.kennisbank",
                                                          "pdf: false under extra.kennisbank"), chosen=True)
    formats = {key: spec for key, spec in FORMATS.items() if key not in result.skipped}
    jobs: list[_Job] = []
    for template in kb.templates.values():
        ctx = _context(kb, template, site)  # type: ignore[arg-type]
        for fmt, spec in formats.items():
            path = cache_dir / f"{template.id}-{_key(template, ctx, fmt)}.{spec.extension}"  # type: ignore[arg-type]
            if path.exists():
                result.reused += 1
            else:
                jobs.append((fmt, template, ctx, str(path)))
            result.by_template.setdefault(template.id, []).append(
                Download(spec.label, f"{DOWNLOAD_DIR}/{template.id}.{spec.extension}", path, SIZE_LATER))
    if "pdf" not in result.skipped:
        jobs += _plan_documents(documents, cache_dir, result, serving)
    if any(fmt in ("pdf", "html") for fmt, *_ in jobs):
        # Asked only when a PDF has to be made: loading WeasyPrint takes a second, and cached PDFs are valid PDFs.
        reason = pdf_unavailable()
        if reason:
            result.skipped["pdf"] = SkippedFormat("pdf", reason, chosen=False)
            jobs = [job for job in jobs if job[0] not in ("pdf", "html")]
            result.by_template = {t: [d for d in ds if not d.site_path.endswith(f".{FORMATS['pdf'].extension}")]
                                  for t, ds in result.by_template.items()}
            result.documents, result.documents_made, result.documents_reused = {}, 0, 0
    _add_attachments(kb, result, data_dirs, site.paths)
    kits = _plan_kits(kb, result, cache_dir, site.paths)
    planned = DownloadSet(by_template={t: list(ds) for t, ds in result.by_template.items()}, kits=dict(result.kits),
                          documents=dict(result.documents), documents_stale=result.documents_stale,
                          skipped=result.skipped)
    wait, cancel = _start(jobs, workers or available_cores())

    def done() -> DownloadSet:
        wait()
        result.generated = sum(1 for job in jobs if job[0] != "html")
        result.documents = {k: _sized(d) for k, d in result.documents.items()}
        result.by_template = {t: [_sized(d) for d in ds] for t, ds in result.by_template.items()}
        _make_kits(kits, result)
        _prune(cache_dir, {d.cache_path.name for d in result.all() if d.cache_path.parent == cache_dir})
        return result

    return PendingDownloads(result.skipped, done, planned, cancel, len(jobs))


def _sized(download: Download) -> Download:
    return Download(download.format_label, download.site_path, download.cache_path, download.cache_path.stat().st_size)


def _add_attachments(kb: KnowledgeBase, result: DownloadSet, data_dirs: tuple[Path, ...], paths: SitePaths) -> None:
    """An organisation's own file for a template (checked by the loader to lie inside its data folder)."""
    for template in kb.templates.values():
        attachment = getattr(template, "attachment", None)
        origin = kb.origins.get(("template", template.id))
        if not attachment or origin is None:
            continue
        for folder in data_dirs:
            path = (folder / attachment).resolve()
            if path.is_file() and folder.resolve() in path.parents:
                suffix = path.suffix.lower()
                result.by_template[template.id].append(Download(
                    f"{suffix[1:].upper()} ({_ATTACHMENT_LABEL})", f"{DOWNLOAD_DIR}/{template.id}{paths.attachment}{suffix}",
                    path, path.stat().st_size))
                break


# Bump when how a prepared document becomes a PDF changes (with_qr_codes, html_pdf); its HTML is in its key.
_PREPARED_VERSION = 1
_LIBRARIES = ("weasyprint", "pydyf", "fonttools", "segno")


@functools.cache
def _library_versions() -> str:
    return library_versions(_LIBRARIES)


def _document_key(document: PreparedDocument) -> str:
    payload = json.dumps([_PREPARED_VERSION, _library_versions(), document.html, document.qr, document.qr_title])
    return hashlib.sha256(payload.encode()).hexdigest()[:24]


def _plan_documents(documents: Sequence[PreparedDocument], cache_dir: Path, result: DownloadSet,
                    serving: bool) -> list[_Job]:
    """The prepared documents' cache paths (in result.documents, sizes still to come) and the jobs for those not cached."""
    jobs: list[_Job] = []
    earlier: dict[str, Path] | None = None
    for document in documents:
        path = cache_dir / f"{document.name}-{_document_key(document)}.pdf"
        if serving and not document.html:  # not even written (outputs/meeting.py): the version made last
            earlier = _newest_versions(cache_dir) if earlier is None else earlier
            if document.name not in earlier:
                continue  # removed since it was asked for: no link until the next build makes it
            path = earlier[document.name]
            result.documents_stale += 1
        elif path.exists():
            result.documents_reused += 1
        else:
            jobs.append(("html", document, None, str(path)))
            result.documents_made += 1
        result.documents[document.key] = Download("PDF", document.site_path, path, SIZE_LATER)
    return jobs


_PREPARED = re.compile(r"(meeting-.+)-[0-9a-f]{24}\.pdf")


def made_before(cache_dir: Path) -> frozenset[str]:
    """The names of the prepared documents of which the cache holds a version (`mkdocs serve` makes only the others)."""
    return frozenset(_newest_versions(cache_dir)) if cache_dir.is_dir() else frozenset()


def _newest_versions(cache_dir: Path) -> dict[str, Path]:
    """The newest cached file of every prepared document, by name."""
    newest: dict[str, tuple[float, Path]] = {}
    for path in cache_dir.iterdir():
        match = _PREPARED.fullmatch(path.name)
        if match:
            with contextlib.suppress(OSError):
                stamp = path.stat().st_mtime
                if match.group(1) not in newest or stamp > newest[match.group(1)][0]:
                    newest[match.group(1)] = (stamp, path)
    return {name: path for name, (_, path) in newest.items()}


# Fewer documents than this are made in this process: a worker starts in about a second (WeasyPrint loads its
# fonts), longer than a few documents take. A prepared document counts as many: it has many pages.
_PARALLEL_FROM = 9
_PREPARED_WEIGHT = 8

_Job = tuple[str, Template | PreparedDocument, DocumentContext | None, str]   # (format or 'html', what, context, path)


def _start(jobs: list[_Job], workers: int) -> tuple[Callable[[], None], Callable[[], None]]:
    """Start making the documents, each written to its cache path by the process that made it; the first function
    returned waits until all are made (and raises the first error of a worker), the second cancels what has not
    started.

    A PDF takes about a fifth of a second, a DOCX a tenth, an ODT a fortieth. The jobs go out in template order (a
    template's formats together) in chunks of at most four: few enough round trips, and no core left waiting long
    for the last chunk. Prepared documents (the full PDF takes longest of all) go out first, the largest first,
    one at a time, so that the templates fill the other cores meanwhile.
    """
    prepared = sorted((j for j in jobs if j[0] == "html"), key=lambda j: -len(j[1].html))  # type: ignore[union-attr]
    rest = [j for j in jobs if j[0] != "html"]
    weight = len(rest) + _PREPARED_WEIGHT * len(prepared)
    workers = min(workers, len(prepared) + len(rest))
    if weight < _PARALLEL_FROM or workers < 2:
        for job in prepared + rest:
            _make(job)
        return (lambda: None), (lambda: None)
    chunksize = max(1, min(4, len(rest) // (workers * 8)))
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        pending = [pool.submit(_make, job) for job in prepared]
        made = pool.map(_make, rest, chunksize=chunksize)  # submits every chunk now
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise

    def wait() -> None:
        try:
            for _ in made:
                pass  # map raises the first error of a worker here
            for future in pending:
                future.result()
        finally:
            pool.shutdown(cancel_futures=True)

    return wait, functools.partial(pool.shutdown, wait=False, cancel_futures=True)


def _make(job: _Job) -> None:
    fmt, what, ctx, path = job
    if isinstance(what, PreparedDocument):
        html = with_qr_codes(what.html, what.qr, what.qr_title) if what.qr else what.html
        _write(Path(path), html_pdf(html))
    else:
        assert ctx is not None
        _write(Path(path), FORMATS[fmt].render(what, ctx))


def _write(path: Path, data: bytes) -> None:
    """Write atomically: another build (or a stopped one) never sees half a file in the cache."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


# Bump when the layout of a kit changes, so that cached kits are made again. 2: members stored, not deflated again.
_KIT_VERSION = 2


_Kit = tuple[tuple[str, str], Download, list[Download]]   # (phase|step, id), the kit, its members


def _plan_kits(kb: KnowledgeBase, result: DownloadSet, cache_dir: Path, paths: SitePaths) -> list[_Kit]:
    """A ZIP per phase and step with the files of its templates; its name in the cache says exactly what is in it,
    so it is known before its members are made (in result.kits, sizes still to come)."""
    identities: dict[Path, str] = {}
    kits: list[_Kit] = []
    for term_kind in ("phase", "step"):
        for term in kb.terms(term_kind):
            members = [t for t in kb.templates.values() if term.id in getattr(t, f"{term_kind}s")]
            if not members:
                continue
            files = [d for t in members for d in result.by_template[t.id]]
            contents = [(d.site_path, _identity(d.cache_path, cache_dir, identities)) for d in files]
            digest = hashlib.sha256(json.dumps([_KIT_VERSION, contents]).encode()).hexdigest()[:24]
            kit = Download("ZIP", paths.kit(term_kind, term.id), cache_dir / f"kit-{term_kind}-{term.id}-{digest}.zip",
                           SIZE_LATER)
            result.kits[(term_kind, term.id)] = kit
            kits.append(((term_kind, term.id), kit, files))
    return kits


def _make_kits(kits: list[_Kit], result: DownloadSet) -> None:
    """The kits not in the cache yet, once their members are (result.by_template has the members as made)."""
    for key, kit, members in kits:
        if kit.cache_path.exists():
            result.reused += 1
        else:
            _write(kit.cache_path, _zip(members))
            result.generated += 1
        result.kits[key] = _sized(kit)


def _identity(path: Path, cache_dir: Path, known: dict[Path, str]) -> str:
    """What a kit member's bytes are: a made document's cache name holds its hash; an attachment is hashed here."""
    if path.parent == cache_dir:
        return path.name
    if path not in known:
        known[path] = hashlib.sha256(path.read_bytes()).hexdigest()
    return known[path]


def _zip(files: list[Download]) -> bytes:
    """A deterministic ZIP: sorted names, fixed timestamps.

    The members are stored as they are: every one is compressed already (a PDF's streams; DOCX, ODT and the other
    attachment types are ZIPs themselves), and deflating them again saved about 5% while taking most of a kit's time.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for download in sorted(files, key=lambda d: d.site_path):
            info = zipfile.ZipInfo(Path(download.site_path).name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 3  # the same bytes on every system that builds the site
            info.external_attr = 0o644 << 16
            archive.writestr(info, download.cache_path.read_bytes())
    return buffer.getvalue()


# What this module writes into the cache folder: a document or kit named after its hash, or one being written.
_CACHED = re.compile(r".+-[0-9a-f]{24}\.(pdf|docx|odt|zip)(\.[0-9]+\.tmp)?")
_PRUNE_AFTER = 24 * 3600  # seconds; younger files may belong to another build of the same project running now


def _prune(cache_dir: Path, used: set[str]) -> None:
    """Remove cached files this build did not use and nobody wrote in the last day: the files of edited or removed
    templates, and of old kits, would otherwise pile up (in CI every run saves the folder again)."""
    old = time.time() - _PRUNE_AFTER
    for path in cache_dir.iterdir():
        if path.name in used or not _CACHED.fullmatch(path.name):
            continue
        with contextlib.suppress(OSError):  # gone already, or not ours to remove: it stays, nothing breaks
            if path.is_file() and path.stat().st_mtime < old:
                path.unlink()


def size_text(download: Download, language: str) -> str:
    """A download's size as a page shows it; while it is being made, a marker that `sizes_filler` fills in."""
    return human_size(download.size, language) if download.size != SIZE_LATER else _marker(download.site_path)


def _marker(site_path: str) -> str:
    # letters, digits and hyphens only: Markdown, the sanitiser and the search index keep it as it is
    return f"kb-size-{hashlib.blake2b(site_path.encode('utf-8', 'surrogatepass'), digest_size=8).hexdigest()}"


_MARKER = re.compile(r"kb-size-[0-9a-f]{16}")


def sizes_filler(downloads: DownloadSet, language: str) -> Callable[[str], str]:
    """Puts the sizes of `downloads` (as made) where a page has the marker of `size_text`."""
    sizes = {_marker(d.site_path): human_size(d.size, language) for d in downloads.all()}

    def fill(text: str) -> str:
        return _MARKER.sub(lambda m: sizes.get(m.group(0), m.group(0)), text) if "kb-size-" in text else text
    return fill


def human_size(size: int, language: str = "nl") -> str:
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        text = f"{size / 1000:.0f} kB"
    else:
        text = f"{size / 1_000_000:.1f} MB"
    return text.replace(".", ",") if language == "nl" else text


def downloads_for_pages(downloads: DownloadSet) -> Mapping[str, tuple[Download, ...]]:
    return {k: tuple(v) for k, v in downloads.by_template.items()}
