"""The citation cache (kennisbank/core/render/citation_cache.py): citeproc's strings kept across builds.

The same strings with and without the cache; a changed source field, year suffix or language is formatted anew;
a corrupt file or one from other versions is ignored; an unchanged build writes nothing.
"""
from __future__ import annotations

import json
from pathlib import Path

from conftest import MINI

from kennisbank.core.labels import labels_for
from kennisbank.core.model.kinds import SOURCE
from kennisbank.core.model.records import Source
from kennisbank.core.reading.loader import load
from kennisbank.core.render import citation_cache as cc
from kennisbank.core.render.citation import in_text_markdown, reference_markdown, source_item, source_reference_block
from kennisbank.core.render.citation_cache import FILE_NAME, CitationCache, entry_key
from kennisbank.core.render.pages import PageContext, render_record_page
from kennisbank.core.site import Site

NL, EN = labels_for("nl"), labels_for("en")
PLANTED = "GEPLANT"


def source(**fields) -> Source:
    return Source.model_validate({"id": "bron", "title": "Leren in <i>netwerken</i>", "summary": "Samenvatting.",
                                  "type": "article", "authors": [{"family": "Wenger", "given": "Etienne"}],
                                  "year": 2015, "container": "Journal of Knowledge Management", "volume": "19",
                                  "doi": "10.1108/jkm-01-2015-0001", **fields})


def planted(folder: Path, *sources: tuple[Source, str, str]) -> None:
    """A cache file whose reference of each (source, year suffix, language) is PLANTED: shows whether it is read."""
    entries = {entry_key("reference", source_item(s, labels_for(lang), suffix), lang): PLANTED for s, suffix, lang in sources}
    (folder / FILE_NAME).write_text(json.dumps({"fingerprint": cc.fingerprint(), "entries": entries}), encoding="utf-8")


def test_the_same_strings_with_and_without_the_cache(tmp_path: Path):
    sources = [source(), source(id="b", title="Onbekend", title_known=False, year=None),
               source(id="c", type="book", publisher="Movisie", doi=None, url="https://example.org/?a=1&b=<2>")]
    for language, labels in (("nl", NL), ("en", EN)):
        for s in sources:
            plain = source_reference_block(s, labels, language, "a")
            cold = CitationCache(tmp_path)
            assert source_reference_block(s, labels, language, "a", cold) == plain and cold.made == 2
            assert cold.save()
            warm = CitationCache(tmp_path)  # a new process: read from the file, nothing formatted
            assert source_reference_block(s, labels, language, "a", warm) == plain and warm.made == 0
            assert reference_markdown(s, labels, language, "a", warm) == reference_markdown(s, labels, language, "a")
            assert in_text_markdown(s, labels, language, "a", warm) == in_text_markdown(s, labels, language, "a")


def test_a_changed_field_year_suffix_or_language_is_formatted_anew(tmp_path: Path):
    planted(tmp_path, (source(), "", "nl"))
    cache = CitationCache(tmp_path)
    assert reference_markdown(source(), NL, "nl", "", cache) == PLANTED  # the file is read
    for changed, suffix, language in ((source(volume="20"), "", "nl"), (source(title="Leren in netwerken"), "", "nl"),
                                      (source(authors=[{"family": "Trayner"}]), "", "nl"), (source(), "b", "nl"),
                                      (source(), "", "en")):
        shown = reference_markdown(changed, labels_for(language), language, suffix, cache)
        assert shown != PLANTED and shown == reference_markdown(changed, labels_for(language), language, suffix)
    assert in_text_markdown(source(), NL, "nl", "", cache) != PLANTED  # the in-text citation has its own entry


def test_a_corrupt_file_or_one_from_other_versions_is_ignored_and_replaced(tmp_path: Path):
    expected = reference_markdown(source(), NL)
    for content in ("{not json", '{"fingerprint": "other", "entries": {}}', "[1, 2]", '{"entries": {"x": 1}}', "\udcff"):
        (tmp_path / FILE_NAME).write_text(content, encoding="utf-8", errors="surrogateescape")
        cache = CitationCache(tmp_path)
        assert reference_markdown(source(), NL, "nl", "", cache) == expected and cache.made == 1
        assert cache.save()
        assert CitationCache(tmp_path).reference(source_item(source(), NL), "nl") == expected
    planted(tmp_path, (source(), "", "nl"))
    data = json.loads((tmp_path / FILE_NAME).read_text(encoding="utf-8"))
    data["fingerprint"] = "citeproc-py 0.0.1"  # written by other versions (or another apa.csl, or other patches)
    (tmp_path / FILE_NAME).write_text(json.dumps(data), encoding="utf-8")
    assert reference_markdown(source(), NL, "nl", "", CitationCache(tmp_path)) == expected


def test_an_unchanged_build_writes_nothing_and_unused_entries_go(tmp_path: Path):
    first = CitationCache(tmp_path)
    first.reference(source_item(source(), NL), "nl")
    first.reference(source_item(source(id="weg", title="Verwijderd"), NL), "nl")
    assert first.save() and not first.save()
    written = (tmp_path / FILE_NAME).stat().st_mtime_ns
    again = CitationCache(tmp_path)
    again.reference(source_item(source(), NL), "nl")
    again.reference(source_item(source(id="weg", title="Verwijderd"), NL), "nl")
    assert not again.save() and (tmp_path / FILE_NAME).stat().st_mtime_ns == written
    later = CitationCache(tmp_path)  # the second source was removed from the data
    later.reference(source_item(source(), NL), "nl")
    assert later.made == 0 and later.save()
    assert len(json.loads((tmp_path / FILE_NAME).read_text(encoding="utf-8"))["entries"]) == 1
    assert not CitationCache(None).save()  # memory only
    assert not CitationCache(tmp_path / "leeg").save()  # nothing used, no file: nothing written


def test_source_pages_are_the_same_with_a_cache_folder_and_it_is_filled(tmp_path: Path):
    from kennisbank.core.render.pages import remember_citations

    kb = load([MINI], root=MINI).kb
    assert kb is not None and kb.sources
    site = Site(name="Kennisbank", owner="Redactie")
    without = PageContext(kb, NL, site)
    with_cache = PageContext(kb, NL, site, cache_dir=tmp_path / "kb-cache")
    remember_citations(with_cache)
    assert (tmp_path / "kb-cache" / FILE_NAME).is_file()
    for record in kb.sources.values():
        assert render_record_page(with_cache, SOURCE, record) == render_record_page(without, SOURCE, record)
    entries = json.loads((tmp_path / "kb-cache" / FILE_NAME).read_text(encoding="utf-8"))["entries"]
    assert len(entries) == 2 * len(kb.sources)  # a reference and an in-text citation per source
    assert with_cache.citations is cc.citation_cache(tmp_path / "kb-cache")  # one per folder and process
