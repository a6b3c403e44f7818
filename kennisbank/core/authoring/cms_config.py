"""The Decap CMS configuration (admin/config.yml), generated from the content model.

The editors' form is derived from the same pydantic models that validate the data, and its references
from the same REFERENCES table that checks them, so the form cannot offer what `kennisbank check`
would refuse. This module knows nothing of MkDocs; kennisbank/adapter/cms_files.py writes the result.
"""
from __future__ import annotations

import copy
import datetime as dt
import functools
import operator
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import NoneType, UnionType
from typing import Annotated, Any, Literal, Union
from urllib.parse import urlsplit

from pydantic import BaseModel

from kennisbank.core.i18n import both, say
from kennisbank.core.model.kinds import BY_NAME, KINDS, Kind
from kennisbank.core.model.knowledge_base import TERM_LISTS
from kennisbank.core.model.records import Doi, LongText, RecordId, ShortText, Taxonomy, Text, Title, Url, field_description
from kennisbank.core.paths import SitePaths, paths_for
from kennisbank.core.reading.references import REFERENCES
from kennisbank.core.textutil import ID_PATTERN

TEXT_OR_OBJECT_LIST = "kennisbank-list"  # a custom Decap widget, defined in admin/kennisbank-cms.js
DEFAULT_LOCAL_BACKEND = "http://localhost:8081/api/v1"  # where `npx decap-server` listens unless PORT says otherwise

OMITTED_FIELDS = frozenset({
    "id",        # the file name is the id; the loader refuses an `id:` line in the file
    "replaces",  # only meaningful when overriding a record of an earlier data folder, which the form cannot do
})

# Keys an organisation may set under extra.kennisbank.cms.backend (Decap's own names), e.g. its OAuth settings.
BACKEND_KEYS = frozenset({"name", "repo", "branch", "base_url", "auth_endpoint", "auth_type", "app_id", "api_root",
                          "graphql_api_root", "site_domain", "use_graphql", "squash_merges", "open_authoring",
                          "cms_label_prefix", "always_fork"})
OPTION_KEYS = frozenset({"enabled", "data", "local_backend", "backend"})

# Options of a Literal field: which label family names its values.
_OPTION_LABELS = {("Source", "type"): "source", ("Template", "kind"): "template", ("Item", "type"): "cms.item"}

_MARKDOWN_BUTTONS = ["bold", "italic", "link", "heading-two", "heading-three", "quote", "bulleted-list", "numbered-list"]
_DOI_PATTERN = r"^(https?://(dx\.)?doi\.org/|doi:\s*)?10\.\d{4,9}/\S+$"
_URL_PATTERN = r"^https?://[^\s/]+\S*$"


class CmsConfigError(ValueError):
    """A mistake in extra.kennisbank.cms of mkdocs.yml, worded for whoever maintains the site (args[0] is a Message:
    Dutch as str, `in_language(err.args[0], language)` for the site's language)."""


@dataclass(frozen=True)
class CmsOptions:
    """What the form needs to know about the site; read from mkdocs.yml by `options_from`."""
    repository: str = ""
    branch: str = "main"
    data_dir: str = "data"
    site_url: str = ""
    language: str = "nl"
    paths: SitePaths | None = None           # where the record pages are (preview links); None: those of `language`
    enabled: bool = True
    local_backend: bool | str = True
    backend: Mapping[str, Any] = field(default_factory=dict)

    @property
    def site_paths(self) -> SitePaths:
        return self.paths or paths_for(self.language)


def options_from(kennisbank: Mapping[str, Any] | None, *, repo_url: str | None, site_url: str | None,
                 language: str, data_dirs: Sequence[str], paths: SitePaths | None = None) -> CmsOptions:
    """Options from the `extra.kennisbank` mapping; `cms:` in there may be false or a mapping of OPTION_KEYS.
    `paths`: the site's (Site.paths, which also reads extra.kennisbank.paths); by default those of `language`."""
    kb = dict(kennisbank or {})
    cms = kb.get("cms", {})
    if cms is None or isinstance(cms, bool):
        cms = {"enabled": cms is not False}
    if not isinstance(cms, Mapping):
        raise CmsConfigError(say("extra.kennisbank.cms in mkdocs.yml moet 'false' zijn of een lijst instellingen ({keys}).",
                                 "extra.kennisbank.cms in mkdocs.yml must be 'false' or a list of settings ({keys}).",
                                 keys=", ".join(sorted(OPTION_KEYS))))
    unknown = sorted(set(cms) - OPTION_KEYS)
    if unknown:
        raise CmsConfigError(say("extra.kennisbank.cms in mkdocs.yml kent {unknown} niet. Toegestaan: {keys}.",
                                 "extra.kennisbank.cms in mkdocs.yml does not know {unknown}. Allowed: {keys}.",
                                 unknown=", ".join(map(repr, unknown)), keys=", ".join(sorted(OPTION_KEYS))))
    backend = cms.get("backend") or {}
    if not isinstance(backend, Mapping) or set(backend) - BACKEND_KEYS:
        wrong = sorted(set(backend) - BACKEND_KEYS) if isinstance(backend, Mapping) else [str(backend)]
        raise CmsConfigError(say("extra.kennisbank.cms.backend in mkdocs.yml kent {wrong} niet. "
                                 "Toegestaan (namen van Decap CMS): {keys}.",
                                 "extra.kennisbank.cms.backend in mkdocs.yml does not know {wrong}. "
                                 "Allowed (names from Decap CMS): {keys}.",
                                 wrong=", ".join(map(repr, wrong)), keys=", ".join(sorted(BACKEND_KEYS))))
    local = cms.get("local_backend", True)
    if not isinstance(local, (bool, str)):
        raise CmsConfigError(say("extra.kennisbank.cms.local_backend moet true, false of een adres zijn, bijv. {url}.",
                                 "extra.kennisbank.cms.local_backend must be true, false or an address, e.g. {url}.",
                                 url=DEFAULT_LOCAL_BACKEND))
    # The form edits the last data folder: that is where an organisation keeps its own records.
    data_dir = str(cms.get("data") or (data_dirs[-1] if data_dirs else "data")).strip("/")
    return CmsOptions(repository=str(kb.get("repository") or repo_url or ""), branch=str(kb.get("branch") or "main"),
                      data_dir=data_dir, site_url=site_url or "", language=language, paths=paths,
                      enabled=cms.get("enabled", True) is not False, local_backend=local, backend=dict(backend))


# --- the whole config ---------------------------------------------------------------------------------

def cms_config(taxonomy: Taxonomy, options: CmsOptions, labels: Mapping[str, str]) -> dict[str, Any]:
    """The Decap CMS config as a plain dict (ready for yaml.safe_dump)."""
    config: dict[str, Any] = {
        "backend": backend_for(options, labels),
        "locale": "en" if options.language.startswith("en") else "nl",
        "publish_mode": "editorial_workflow",  # every change becomes a pull/merge request that the check runs on
        "media_folder": f"{options.data_dir}/templates/bijlagen",
        "public_folder": "templates/bijlagen",  # attachments are paths inside the data folder (see loader.py)
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "editor": {"preview": False},  # Decap's generic preview would not look like the site
        "show_preview_links": bool(options.site_url),
        "collections": [_collection(kind, taxonomy, options, labels) for kind in KINDS],
    }
    if options.local_backend:
        config["local_backend"] = True if options.local_backend is True else {"url": str(options.local_backend)}
    if options.site_url:
        config["site_url"] = config["display_url"] = options.site_url
    return config


def backend_for(options: CmsOptions, labels: Mapping[str, str]) -> dict[str, Any]:
    """GitHub or GitLab, from the repository address; without one, only a local decap-server can be used."""
    backend: dict[str, Any] = {"branch": options.branch}
    repo = options.repository.strip().rstrip("/").removesuffix(".git")
    parts = urlsplit(repo)
    host, path = (parts.hostname or "").lower(), parts.path.strip("/")
    name = options.backend.get("name")
    if not repo:
        backend.update(name="proxy", proxy_url=_local_url(options))
    elif name or host == "github.com" or "gitlab" in host:
        name = name or ("github" if host == "github.com" else "gitlab")
        backend.update(name=name, repo=path)
        if name == "gitlab" and host != "gitlab.com":  # a self-hosted GitLab
            backend.update(base_url=f"{parts.scheme}://{parts.netloc}", api_root=f"{parts.scheme}://{parts.netloc}/api/v4")
    else:
        raise CmsConfigError(say("het beheerformulier herkent de repository '{repo}' niet als GitHub of GitLab. "
                                 "Zet de naam van de Decap-backend in extra.kennisbank.cms.backend.name (bijv. gitea), "
                                 "of zet het formulier uit met 'cms: false'.",
                                 "the editing form does not recognise the repository '{repo}' as GitHub or GitLab. "
                                 "Put the name of the Decap backend in extra.kennisbank.cms.backend.name (e.g. gitea), "
                                 "or turn the form off with 'cms: false'.", repo=repo))
    backend.update(options.backend)
    backend["commit_messages"] = {key: labels[f"cms.commit.{key}"]
                                  for key in ("create", "update", "delete", "uploadMedia", "deleteMedia")}
    return backend


def _local_url(options: CmsOptions) -> str:
    return options.local_backend if isinstance(options.local_backend, str) else DEFAULT_LOCAL_BACKEND


def connect_origins(config: Mapping[str, Any]) -> tuple[str, ...]:
    """Every other origin the admin page may talk to: the backend's API and, when enabled, a local decap-server.

    admin/index.html allows exactly these in its Content-Security-Policy; anything else (status pages,
    avatars, CDNs) is blocked, so the admin makes no requests the organisation did not configure.
    """
    backend = config["backend"]
    defaults = {"github": {"api_root": "https://api.github.com"},
                "gitlab": {"api_root": "https://gitlab.com/api/v4", "base_url": "https://gitlab.com"}}.get(backend["name"], {})
    urls = [backend.get(key, defaults.get(key, "")) for key in ("api_root", "base_url", "graphql_api_root", "proxy_url")]
    local = config.get("local_backend")
    if local:
        urls.append(local["url"] if isinstance(local, Mapping) else DEFAULT_LOCAL_BACKEND)
    origins = []
    for url in urls:
        parts = urlsplit(url or "")
        if parts.scheme in ("http", "https") and parts.netloc:
            origins.append(f"{parts.scheme}://{parts.netloc}")
    return tuple(dict.fromkeys(origins))


def admin_policy(config: Mapping[str, Any]) -> str:
    """The Content-Security-Policy of admin/index.html: the site itself plus `connect_origins`, nothing else.

    Looser than the site's policy (kennisbank/core/outputs/security.py) in two ways Decap needs: it compiles its config
    validator at run time (ajv: 'unsafe-eval') and styles itself with CSS-in-JS ('unsafe-inline' styles).
    The page carries it in a <meta> tag; a host that sends the site's policy as a header must leave admin/ out
    (both policies would apply, and the site's blocks Decap).
    """
    return "; ".join((
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",  # no avatars or status badges from other hosts
        "font-src 'self' data:",
        "connect-src " + " ".join(("'self'",) + connect_origins(config)),
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ))


def nullable_fields(kind: Kind) -> tuple[str, ...]:
    """Fields that must be written even when empty (`year: null`); the form leaves an empty field out otherwise."""
    return tuple(name for name, info in kind.model.model_fields.items()
                 if name not in OMITTED_FIELDS and info.is_required() and _optional(_hints(kind.model)[name])[1])


# --- collections and fields ---------------------------------------------------------------------------

def _collection(kind: Kind, taxonomy: Taxonomy, options: CmsOptions, labels: Mapping[str, str]) -> dict[str, Any]:
    collection: dict[str, Any] = {
        "name": kind.folder,
        "label": labels[f"kind.{kind.name}.plural"],
        "label_singular": labels[f"kind.{kind.name}"],
        "description": labels[f"cms.collection.{kind.name}"],
        "folder": f"{options.data_dir}/{kind.folder}",
        "extension": "yaml",
        "format": "yaml",
        "create": True,
        # Decap cannot name a file after a field without also writing that field, and `id:` may not be in the
        # file; so the id (file name) is made from the title: lower case, accents removed, spaces become '-'.
        "identifier_field": "title",
        "slug": "{{slug}}",
        "summary": "{{title}}",
        "sortable_fields": ["title"],
        "fields": _fields(kind.model, kind.name, (), taxonomy, labels, options.language),
    }
    if options.site_url:
        collection["preview_path"] = options.site_paths.record_url(kind, "{{slug}}")
    return collection


def _fields(model: type[BaseModel], kind: str, path: tuple[str, ...], taxonomy: Taxonomy,
            labels: Mapping[str, str], language: str = "nl") -> list[dict[str, Any]]:
    hints = _hints(model)
    return [_field(model, kind, name, hints[name], path + (name,), taxonomy, labels, language)
            for name in model.model_fields if name not in OMITTED_FIELDS]


def _field(model: type[BaseModel], kind: str, name: str, hint: Any, path: tuple[str, ...], taxonomy: Taxonomy,
           labels: Mapping[str, str], language: str = "nl") -> dict[str, Any]:
    info = model.model_fields[name]
    core, optional = _optional(hint)
    spec: dict[str, Any] = {"name": name, "label": field_label(labels, model.__name__, name)}
    description = _hint(model, name, language)
    if description:
        spec["hint"] = description
    spec.update(_widget(model, kind, name, core, path, taxonomy, labels, language))
    # pydantic keeps constraints as annotated-types objects (MinLen, Ge, Le); read them by attribute.
    is_list = typing.get_origin(core) is tuple
    minimum = next((m.min_length for m in info.metadata if getattr(m, "min_length", None)), 0) if is_list else 0
    if info.is_required() and is_list and not minimum:
        spec.update(required=False, default=[])  # must be written but may be empty, e.g. authors: []
    elif optional or not info.is_required():
        spec["required"] = False
    if minimum:
        spec["min"] = minimum
    if spec["widget"] == "number":
        for meta in info.metadata:
            if getattr(meta, "ge", None) is not None:
                spec["min"] = meta.ge
            if getattr(meta, "le", None) is not None:
                spec["max"] = meta.le
    if isinstance(info.default, bool):
        spec["default"] = info.default
    return spec


def _widget(model: type[BaseModel], kind: str, name: str, hint: Any, path: tuple[str, ...], taxonomy: Taxonomy,
            labels: Mapping[str, str], language: str = "nl") -> dict[str, Any]:
    if typing.get_origin(hint) is tuple:
        item = _strip_annotated(typing.get_args(hint)[0])
        target = _reference_target(kind, path + ("*",))
        if target:
            return {**_reference(target, taxonomy), "multiple": True}
        if isinstance(item, type) and issubclass(item, BaseModel):
            item_model: type[BaseModel] = item
            fields = _fields(item_model, kind, path + ("*",), taxonomy, labels, language)
            # The line a collapsed item shows: its title or text, else all its text fields (an author).
            shown = next(([f] for f in ("title", "text", "kind") if f in item_model.model_fields),
                         [f["name"] for f in fields if f["widget"] == "string"])
            summary = " ".join(f"{{{{fields.{f}}}}}" for f in shown)
            if _accepts_text(typing.get_args(hint)[0]):
                # Items may be plain text in the YAML (`- Kennismaken`); Decap's list widget would crash on those,
                # so admin/kennisbank-cms.js defines TEXT_OR_OBJECT_LIST, which reads them as {text: …}.
                return {"widget": TEXT_OR_OBJECT_LIST, "item_fields": fields, "text_field": fields[0]["name"], "summary": summary}
            return {"widget": "list", "fields": fields, "summary": summary}
        return {"widget": "list", "hint": _join(_hint(model, name, language), labels["cms.hint.comma"])}
    target = _reference_target(kind, path)
    if target:
        return _reference(target, taxonomy)
    if typing.get_origin(hint) is Literal:
        family = _OPTION_LABELS.get((model.__name__, name))
        return {"widget": "select", "options": [{"label": labels.get(f"{family}.{value}", str(value)), "value": value}
                                                for value in typing.get_args(hint)]}
    if name == "attachment":
        return {"widget": "file", "choose_url": False}
    for alias, widget in _TEXT_WIDGETS:
        if hint == alias:
            spec = copy.deepcopy(widget)  # no shared lists: yaml.safe_dump would write anchors
            if "pattern" in spec:  # [regular expression, what the form says when it does not match]
                spec["pattern"][1] = spec["pattern"][1].text(language)
            return spec
    base = _strip_annotated(hint)
    if base is bool:
        return {"widget": "boolean"}
    if base is int:
        return {"widget": "number", "value_type": "int"}
    if base is dt.date:
        return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}
    if base is str:
        return {"widget": "string"}
    raise TypeError(f"no form widget for {model.__name__}.{name}: {hint!r}")  # a new kind of field: add it above


_TEXT_WIDGETS: tuple[tuple[Any, dict[str, Any]], ...] = (
    (Title, {"widget": "string"}),
    (ShortText, {"widget": "string"}),
    (Text, {"widget": "text"}),
    (LongText, {"widget": "markdown", "buttons": _MARKDOWN_BUTTONS, "editor_components": [], "sanitize_preview": True}),
    (Url, {"widget": "string", "pattern": [_URL_PATTERN, both("Een volledig webadres dat begint met https:// of http://.",
                                                              "A full web address that starts with https:// or http://.")]}),
    (Doi, {"widget": "string", "pattern": [_DOI_PATTERN, both("Een DOI als 10.1000/xyz123.", "A DOI such as 10.1000/xyz123.")]}),
    (RecordId, {"widget": "string", "pattern": [ID_PATTERN, both("Kleine letters, cijfers en koppeltekens.",
                                                                 "Lower-case letters, digits and hyphens.")]}),
)


def _reference(target: str, taxonomy: Taxonomy) -> dict[str, Any]:
    """A record reference picks from another collection; a taxonomy term from the current taxonomy."""
    if target in TERM_LISTS:
        terms = getattr(taxonomy, TERM_LISTS[target])
        return {"widget": "select", "options": [{"label": term.label, "value": term.id} for term in terms]}
    return {"widget": "relation", "collection": BY_NAME[target].folder, "value_field": "{{slug}}",
            "search_fields": ["title"], "display_fields": ["title"]}


def _reference_target(kind: str, path: tuple[str, ...]) -> str | None:
    return next((ref.target for ref in REFERENCES if ref.kind == kind and ref.path == path), None)


def field_label(labels: Mapping[str, str], model: str, name: str) -> str:
    """A field's label: one for this model if it needs its own ('kind' of evidence vs of a template), else the shared one."""
    return labels.get(f"cms.field.{model}.{name}") or labels.get(f"cms.field.{name}") or name


# --- type helpers -------------------------------------------------------------------------------------

def _hints(model: type[BaseModel]) -> dict[str, Any]:
    return typing.get_type_hints(model, include_extras=True)


def _optional(hint: Any) -> tuple[Any, bool]:
    """The hint without Optional[...], and whether None is allowed (Reviewed is Annotated[Optional[date], ...])."""
    if typing.get_origin(hint) is Annotated:
        inner, optional = _optional(typing.get_args(hint)[0])
        return (inner if optional else hint), optional
    if typing.get_origin(hint) in (Union, UnionType) and NoneType in typing.get_args(hint):
        rest = tuple(a for a in typing.get_args(hint) if a is not NoneType)
        return (rest[0] if len(rest) == 1 else functools.reduce(operator.or_, rest)), True
    return hint, False


def _accepts_text(item_hint: Any) -> bool:
    """Section.items: Annotated[Item, BeforeValidator(_item_from_text, json_schema_input_type=Text | Item)]."""
    for meta in typing.get_args(item_hint)[1:] if typing.get_origin(item_hint) is Annotated else ():
        accepted = getattr(meta, "json_schema_input_type", None)
        if any(_strip_annotated(a) is str for a in typing.get_args(accepted)):
            return True
    return False


def _hint(model: type[BaseModel], name: str, language: str) -> str | None:
    """The field's description (records.py; Url and Doi carry theirs in the type alias) in the site's language."""
    description = field_description(model, name)
    return description.text(language) if description else None


def _strip_annotated(hint: Any) -> Any:
    while typing.get_origin(hint) is Annotated:
        hint = typing.get_args(hint)[0]
    return hint


def _join(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)
