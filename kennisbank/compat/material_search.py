"""What kennisbank/theme/assets/kennisbank-search.js relies on in Material for MkDocs' search (9.8.1).

Material's search has no hook for the query or the ranking (the `transform` option of Material 7 is gone): the
bundle sends the words as typed to a web worker, which makes every word an optional prefix (`te*`) and orders the
pages by lunr's score. kennisbank-search.js sits in between: it wraps the one Worker the bundle makes for search
(the URL in Material's `#__config`), takes the stop words out of each QUERY message and re-orders the groups of
the RESULT message (pages with every word first), and adds the kind of each page to the rendered result list. It
leans on these parts of Material, each listed in SOURCES with the sha256 of its source as the installed source
maps hold it (tests/test_compat_material_search.py checks them):

- the message protocol: SearchMessageType (SETUP, READY, QUERY, RESULT, numbered in that order; SEARCH_MESSAGES
  below is what the page is told), a QUERY's `data` is the query string, SETUP's `data.config` has `lang` and
  `separator`, the worker answers every QUERY with one RESULT, in order (worker/main);
- `watchWorker(url)` makes the worker with `new Worker(url)` and only uses addEventListener("message") and
  postMessage (browser/worker);
- a RESULT's `data.items` is a list of groups, one per page, each a list of items with `location`, `title`, `text`
  (with <mark> highlights) and `terms` (query term -> matched), in the order the result list shows them
  (integrations/search/_, components/search/result); an empty query gives no items; words in quotes become
  required (`+word`) and every other word a prefix (query/transform, query/_);
- each group renders as `li.md-search-result__item` whose first `a.md-search-result__link` holds an `article`
  with the page's `h1` (templates/search).

The stop words the script takes out are lunr's lists, copied into the script (STOP_WORDS there); the test compares
them with the files Material ships (lunr's English list in the worker, lunr-languages' lunr.<lang>.min.js).

To upgrade mkdocs-material: read the new versions of the sources in SOURCES (the test names those that changed),
adjust kennisbank-search.js, run tests/test_compat_material_search.py and tests/test_browser_search.py, then put
the new hashes and version here.
"""
from __future__ import annotations

import hashlib
import json
import re
from functools import cache
from pathlib import Path

from kennisbank.compat import require_versions

MKDOCS_MATERIAL = "9.8.1"


def _check_version() -> None:
    require_versions(__name__, {"mkdocs-material": MKDOCS_MATERIAL},
                     "kennisbank/theme/assets/kennisbank-search.js relies on Material's search worker messages and "
                     "result list (listed in kennisbank/compat/material_search.py): compare them in the new version, "
                     "adjust the script, run tests/test_compat_material_search.py and tests/test_browser_search.py, "
                     "then update the hashes and version there and the pin in pyproject.toml.",
                     "kennisbank/theme/assets/kennisbank-search.js leunt op de berichten van Materials zoekworker en "
                     "op de lijst met zoekresultaten (zie kennisbank/compat/material_search.py): vergelijk die in de "
                     "nieuwe versie, pas het script aan, draai tests/test_compat_material_search.py en "
                     "tests/test_browser_search.py en pas daarna de hashes en de versie daar en in pyproject.toml aan.")


_check_version()

# Material's SearchMessageType (integrations/search/worker/message): a const enum, so numbers in the built bundle.
SEARCH_MESSAGES = {"setup": 0, "ready": 1, "query": 2, "result": 3}

_SOURCE = "src/templates/assets/javascripts/"
SOURCES = {  # source (in the bundle's or the worker's source map) -> sha256 of its text in 9.8.1
    "bundle": {
        _SOURCE + "browser/worker/index.ts": "22224ec6d1d1745e1be9589a73f740d4d20238b8a825864d655d7c22069fe973",
        _SOURCE + "integrations/search/worker/message/index.ts":
            "d5b7ac95b6875d396cd0d0d65a26106aadbe60a819d14ac2c0c2dac71292875f",
        _SOURCE + "integrations/search/worker/_/index.ts":
            "9261d64b0383b3cf39d14bf363f594fff1cb3e8acc96dfeac4719bd332e3aa9f",
        _SOURCE + "components/search/result/index.ts": "dd95b6bf5e8868aaf472f2cf43ede1ab93b9d70d3fe542b4d0f13eab70f9b82f",
        _SOURCE + "templates/search/index.tsx": "cd543ca2ce22ab9c0d926cdb7e0490308675bb5d1802b2a7ad782c1fcc72dcc1",
    },
    "worker": {
        _SOURCE + "integrations/search/worker/main/index.ts":
            "59e1cbdda8f1cfdcd5d422b3c36bebfe992c16d35474eeb527cc81dc0f5b3ae6",
        _SOURCE + "integrations/search/_/index.ts": "326e637901bfff8ed1eebd491dec2f1fec9a6357fd7c992c81c741b0c30a22bd",
        _SOURCE + "integrations/search/query/_/index.ts":
            "d938932c8692d12ca1eb2caa50727f0f5ce3e1c4fe3386fc9d5f107d09bc0671",
        _SOURCE + "integrations/search/query/transform/index.ts":
            "01f3628ac0c0f88a8d64542ba5ccdfea5431cb3c13ce390556f194541ce25f1d",
    },
}


def _scripts() -> Path:
    import material
    return Path(material.__file__).resolve().parent / "templates" / "assets" / "javascripts"


def _script(kind: str) -> Path:
    """Material's built bundle ('bundle') or search worker ('worker'); their names carry a content hash."""
    folder, prefix = (_scripts(), "bundle.") if kind == "bundle" else (_scripts() / "workers", "search.")
    found = sorted(folder.glob(f"{prefix}*.min.js"))
    if len(found) != 1:
        raise LookupError(f"expected one {prefix}*.min.js in {folder}, found {len(found)}")
    return found[0]


@cache
def sources(kind: str) -> dict[str, str]:
    """The sources of Material's bundle or worker, from the source map installed next to it."""
    source_map = json.loads(_script(kind).with_suffix(".js.map").read_text(encoding="utf-8"))
    return dict(zip(source_map["sources"], source_map["sourcesContent"], strict=True))


def source_sha256(kind: str, path: str) -> str:
    return hashlib.sha256(sources(kind)[path].encode("utf-8")).hexdigest()


_STOP_LIST = re.compile(r"generateStopWordFilter\((?:\"([^\"]*)\"\.split\(\" \"\)|\[([^\]]*)\])\)")


def stop_words(language: str) -> frozenset[str]:
    """The stop words Material's search leaves out of the index for `language` (lunr's for 'en')."""
    if language == "en":
        text = _script("worker").read_text(encoding="utf-8")
    else:
        text = (_scripts() / "lunr" / "min" / f"lunr.{language}.min.js").read_text(encoding="utf-8")
    found = _STOP_LIST.search(text)
    if found is None:
        raise LookupError(f"no stop word list found for {language!r}")
    words = found.group(1).split(" ") if found.group(1) is not None else json.loads(f"[{found.group(2)}]")
    return frozenset(word for word in words if word)
