"""Record text never runs as script, with or without a Content-Security-Policy, on pages of every kind.

A site is built from the mini knowledge base plus records of every kind whose text carries script in every place
that reached the DOM as HTML before: title attributes (Material's tooltips copied them into innerHTML), a glossary
definition (an <abbr> title on every page), a record title long enough to overflow the header (Material's ellipsis
tooltip), ids that take over Material's configuration (`__config`), theme classes, and images from another host.
The project even switches Material's `content.tooltips` back on, as an organisation might; the plugin refuses it.
Chromium then hovers and focuses every element with a tooltip, with the policy tag off and on.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from browser_helpers import chromium, search, serve
from conftest import Built, build, make_project
from playwright.sync_api import Page, sync_playwright

RUN = "window.__kbxss=(window.__kbxss||0)+1"
PAYLOAD = f"<img src=x onerror={RUN}>"
ESCAPED = PAYLOAD.replace("<", "&lt;").replace(">", "&gt;")
LONG_TITLE = "Een titel die zo lang is dat hij de kop van de pagina op een telefoon laat overlopen " + PAYLOAD
CONFIG_TAKEOVER = '{"base": "https://evil.example", "features": [], "search": "https://evil.example/s.js"}'

BODY = f"""Uitleg bij de **netwerkdag** en een <abbr title="{ESCAPED}">AFK</abbr>.

<span title="{ESCAPED}">Beweeg hierover</span> en <a href="#__search" title="{ESCAPED}">een link</a>.

<span id="__config">{CONFIG_TAKEOVER}</span>

<div id="__drawer" class="md-header md-ellipsis md-status">Doet zich voor als het thema</div>

<img src="https://evil.example/pixel.png" alt="extern"> ![ook extern](https://evil.example/y.png) ![leeg](//evil.example/z.png)

[Naar de zoekbalk](#__search){{: #__toc .md-search title="{ESCAPED}" }}

## __config
"""


def hostile_records() -> dict[str, dict]:
    common = {"summary": f'Samenvatting met <span title="{ESCAPED}">titel</span> en {PAYLOAD}.', "body": BODY}
    return {
        "themes/vijandig-thema.yaml": {"title": f"Thema {PAYLOAD}", **common, "phases": ["formeren"], "order": 99},
        "elements/vijandig-element.yaml": {
            "title": LONG_TITLE, **common, "themes": ["vijandig-thema"],
            "evidence": [{"kind": "expert", "sources": ["salem-2002"],
                          "note": f'Noot <span title="{ESCAPED}">met titel</span>'}]},
        "sources/vijandige-bron.yaml": {"title": f"Bron {PAYLOAD}", **common, "type": "other",
                                        "authors": [{"family": f"Auteur {PAYLOAD}"}], "year": 2020, "verified": False},
        "examples/vijandig-voorbeeld.yaml": {"title": f"Voorbeeld {PAYLOAD}", **common, "elements": ["vijandig-element"]},
        "templates/vijandig-hulpmiddel.yaml": {
            "title": f"Hulpmiddel {PAYLOAD}", **common, "kind": "checklist", "elements": ["vijandig-element"],
            "phases": ["formeren"], "sections": [{"title": f"Deel {PAYLOAD}", "items": [f"Punt {PAYLOAD}"]}]},
    }


PAGES = ["", "themas/vijandig-thema/", "werkzame-elementen/vijandig-element/", "bronnen/vijandige-bron/",
         "praktijkvoorbeelden/vijandig-voorbeeld/", "hulpmiddelen/vijandig-hulpmiddel/", "werkzame-elementen/",
         "themas/", "bronnen/", "praktijkvoorbeelden/", "hulpmiddelen/", "begrippen/", "fasen/formeren/",
         "onderbouwing/"]


def _with_html_tooltips(config: str) -> str:
    return config.replace("    - search.highlight\n", "    - search.highlight\n    - content.tooltips\n", 1)


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("hostile") / "p", config_edit=_with_html_tooltips)
    data = project / "data"
    for name, record in hostile_records().items():
        (data / name).write_text(yaml.safe_dump(record, allow_unicode=True, width=1000), encoding="utf-8")
    glossary = yaml.safe_load((data / "glossary.yaml").read_text(encoding="utf-8"))
    glossary["terms"].append({"term": "netwerkdag", "definition": f"Een dag {PAYLOAD} voor het hele netwerk."})
    (data / "glossary.yaml").write_text(yaml.safe_dump(glossary, allow_unicode=True, width=1000), encoding="utf-8")
    return project


@pytest.fixture(scope="module", params=["zonder-csp", "met-csp"])
def hostile_site(request: pytest.FixtureRequest, hostile_project: Path) -> Built:
    # Not --strict: the refused feature is a warning, which --strict (rightly) turns into a failed build.
    built = build(hostile_project, strict=False,
                  env={"KENNISBANK_CSP_META": "false" if request.param == "zonder-csp" else "auto"})
    assert built.returncode == 0, built.log
    assert "'content.tooltips' is uitgezet" in built.log
    return built


TARGETS = "[title], abbr, .md-ellipsis, .md-header__topic, .md-status"
_POINT_AND_FOCUS = """targets => { for (const el of targets) {
    for (const type of ["pointerover", "pointerenter", "mouseover", "mouseenter"])
        el.dispatchEvent(new MouseEvent(type, {bubbles: type.endsWith("over")}));
    if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
    el.focus();
} return targets.length; }"""


def _hover_everything(page: Page) -> int:
    """Every element that can show a tooltip gets the events a pointer and the keyboard send (wherever it is, even in
    a closed drawer); those in the content and the header are also hovered with the real mouse."""
    count = page.locator(TARGETS).evaluate_all(_POINT_AND_FOCUS)
    for target in page.locator(f"article :is({TARGETS}), .md-header__title :is({TARGETS})").all():
        if target.is_visible():
            target.scroll_into_view_if_needed()
            target.hover(timeout=2_000, force=True)
    page.wait_for_timeout(400)  # Material shows tooltips after a short delay
    return count


def test_no_script_runs_from_record_text_on_any_page(hostile_site: Built) -> None:
    with serve(hostile_site.site) as base, sync_playwright() as playwright:
        browser = chromium(playwright)
        # A phone-sized window makes the long title overflow the header.
        page = browser.new_page(locale="nl-NL", viewport={"width": 390, "height": 844})
        hosts: set[str] = set()
        page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        hovered = 0
        for path in PAGES:
            page.goto(base + path)
            page.wait_for_load_state("load")
            assert page.evaluate("typeof window.document$") == "object", f"Material's scripts did not start on /{path}"
            hovered += _hover_everything(page)
            assert page.evaluate("window.__kbxss") is None, f"script from record text ran on /{path}"
            assert page.locator("img[onerror], [onmouseover], [onclick]").count() == 0, path
            assert page.locator("#__config").count() == 1, path  # only the theme's own
        assert hovered > 50
        assert hosts == {urlsplit(base).netloc}, hosts  # no image or config from another host
        assert errors == []
        browser.close()


def test_glossary_explanation_is_shown_as_the_text_it_is(hostile_site: Built) -> None:
    with serve(hostile_site.site) as base, sync_playwright() as playwright:
        browser = chromium(playwright)
        page = browser.new_page(locale="nl-NL")
        page.goto(base + "werkzame-elementen/vijandig-element/")
        term = page.locator("article abbr", has_text="netwerkdag").first
        term.focus()  # reachable by keyboard, not only by mouse
        tip = page.locator(".kb-tooltip")
        assert tip.inner_text() == f"Een dag {PAYLOAD} voor het hele netwerk."
        assert tip.locator("img").count() == 0
        assert term.get_attribute("aria-describedby") == tip.get_attribute("id")
        page.keyboard.press("Escape")
        assert tip.count() == 0
        assert search(page, base, "netwerkdag")  # Material's search still works: __config was not taken over
        browser.close()
