"""The content model as pydantic models: validation, Dutch field descriptions and JSON Schema in one place.

Scalars are strict (a number is not silently turned into text); lists become tuples so that a
validated record cannot be changed afterwards. Cross-record checks (does an id exist?) live in
references.py, because they need the whole knowledge base.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal, get_args, get_origin
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from kennisbank.core.model import richtext
from kennisbank.core.model.source_types import SOURCE_TYPES as _SOURCE_KINDS
from kennisbank.core.textutil import ID_PATTERN


def kb_error(message: str, expected: str | None = None, fix: str | None = None) -> PydanticCustomError:
    """A validation error that already speaks Dutch; messages.py passes it through unchanged."""
    return PydanticCustomError("kb", "{message}", {"message": message, "expected": expected, "fix": fix})


# --- field types --------------------------------------------------------------------------------------

def _one_line(value: str) -> str:
    if "\n" in value.strip():
        raise kb_error("een titel past op één regel.", fix="Haal de regelovergang weg; zet toelichting in 'summary' of 'body'.")
    return " ".join(value.split())


def _number_as_text(value: Any) -> Any:
    """Editors write `volume: 12` or `group_size: 8`; that is text for us, not an error."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def _to_date(value: Any) -> Any:
    """Accept a YAML date, a datetime or an ISO string; name the fix for other spellings."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date) or value is None:
        return value
    if isinstance(value, str):
        text = value.strip()
        if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
            return _bad_date(text)
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            raise kb_error(f"'{text}' is geen bestaande datum.", expected="een datum als JJJJ-MM-DD",
                           fix="Controleer maand en dag.") from None
    raise kb_error(f"{value!r} is geen datum.", expected="een datum als JJJJ-MM-DD, bijv. 2025-03-01",
                   fix="Schrijf de datum als jaar-maand-dag.")


def _bad_date(text: str) -> dt.date:
    match = _DUTCH_DATE.match(text)
    hint = "Schrijf de datum als jaar-maand-dag, bijv. 2025-03-01."
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            hint = f"Schrijf '{dt.date(year, month, day).isoformat()}'."
        except ValueError:
            pass
    raise kb_error(f"de datum '{text}' is niet in de afgesproken vorm.", expected="een datum als JJJJ-MM-DD", fix=hint)


_SAFE_SCHEMES = ("http", "https")


def _check_url(value: str) -> str:
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme.lower() not in _SAFE_SCHEMES or not parts.netloc or any(c.isspace() for c in value):
        raise kb_error(f"'{value[:80]}' is geen geldig webadres.", expected="een adres dat begint met https:// of http://",
                       fix="Kopieer het volledige adres uit de adresbalk van je browser.")
    return value


_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def _check_doi(value: str) -> str:
    value = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", value.strip(), flags=re.I)
    if not _DOI.match(value):
        raise kb_error(f"'{value[:80]}' is geen DOI.", expected="een DOI als 10.1000/xyz123",
                       fix="Laat 'https://doi.org/' weg en schrijf alleen het deel dat met 10. begint.")
    return value


RecordId = Annotated[StrictStr, StringConstraints(pattern=ID_PATTERN), Field(
    description="Id van een ander record of een term uit data/taxonomy.yaml: kleine letters, cijfers en koppeltekens.",
    examples=["gedeelde-ambitie"])]
Title = Annotated[StrictStr, StringConstraints(min_length=1, max_length=200), AfterValidator(_one_line)]
# Titles of laws, policy reports and proceedings run to several hundred characters; a record's own title does not.
SourceTitle = Annotated[StrictStr, StringConstraints(min_length=1, max_length=1_000), AfterValidator(_one_line)]


class _Markdown:
    """Marks the text types the pages write as Markdown (titles, names and URLs are always escaped as plain text)."""


MARKDOWN = _Markdown()
Text = Annotated[StrictStr, StringConstraints(min_length=1, max_length=2_000), MARKDOWN]
LongText = Annotated[StrictStr, StringConstraints(max_length=100_000), MARKDOWN]
ShortText = Annotated[StrictStr, BeforeValidator(_number_as_text), StringConstraints(min_length=1, max_length=200),
                      WithJsonSchema({"type": ["string", "number"], "minLength": 1, "maxLength": 200})]
# The name of a journal, book series or ministry can be as long as a title.
LongName = Annotated[StrictStr, BeforeValidator(_number_as_text), StringConstraints(min_length=1, max_length=1_000),
                     AfterValidator(_one_line)]
Url = Annotated[StrictStr, AfterValidator(_check_url), Field(
    description="Volledig webadres, beginnend met https:// of http://.", examples=["https://www.nji.nl"])]
Doi = Annotated[StrictStr, AfterValidator(_check_doi), Field(description="DOI zonder https://doi.org/.",
                                                             examples=["10.1177/0021886304270384"])]
Reviewed = Annotated[dt.date | None, BeforeValidator(_to_date), Field(
    description="Datum van de laatste inhoudelijke controle (JJJJ-MM-DD).", examples=["2025-03-01"])]


class KBModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, hide_input_in_errors=True)


# --- records ------------------------------------------------------------------------------------------

class Record(KBModel):
    id: str = Field(description="Komt uit de bestandsnaam; niet in het bestand zetten.")
    title: Title = Field(description="Titel van het record: platte tekst op één regel.",
                         examples=["Zorg voor een gedeelde ambitie"])
    summary: Text = Field(description="Eén of twee zinnen die zeggen waar het om gaat (Markdown binnen een regel).",
                          examples=["Deelnemers weten waarom ze samen leren en waar ze samen naartoe willen."])
    body: LongText = Field("", description="Verdere uitleg in Markdown. HTML wordt opgeschoond, {{ … }} blijft letterlijk.")
    reviewed: Reviewed = None
    keywords: tuple[ShortText, ...] = Field((), description="Extra zoekwoorden: synoniemen, meervouden, afkortingen.",
                                            examples=[["gemeenten", "gemeentelijk"]])
    replaces: StrictBool = Field(False, description="Alleen in een eigen datamap: true als dit record het record met dezelfde id "
                                                    "uit een eerdere datamap (bijv. de landelijke kennisbank) vervangt.")


class Theme(Record):
    phases: tuple[RecordId, ...] = Field((), description="Ontwikkelfasen (ids uit taxonomy.yaml) waarin dit thema speelt.",
                                         examples=[["formeren"]])
    steps: tuple[RecordId, ...] = Field((), description="Stappen van de route (ids uit taxonomy.yaml) waarbij dit thema hoort.")
    order: StrictInt | None = Field(None, description="Volgorde in overzichten (laag eerst).", examples=[10])


class Evidence(KBModel):
    # The JSON Schema (editors' autocomplete) asks for sources up front; `kennisbank check` says why when missing.
    model_config = ConfigDict(json_schema_extra={"required": ["kind", "sources"]})

    kind: RecordId = Field(description="Soort onderbouwing: een id uit evidence_kinds in taxonomy.yaml.",
                           examples=["literature", "expert", "practice"])
    sources: tuple[RecordId, ...] = Field(
        (), description="Ids van bronnen in data/sources/; verplicht bij elke soort onderbouwing: bij literatuur de publicaties, "
                        "bij expertadvies het document dat het advies geeft, "
                        "bij praktijkervaring het verslag of de beschrijving.",
        examples=[["salem-2002"]], json_schema_extra={"minItems": 1})
    via: RecordId | None = Field(
        None, description="Het document (id uit data/sources/) waarin deze onderbouwing staat, als dat niet de bronnen zelf "
                          "zijn: bijv. de pagina die de literatuur samenvat en noemt.", examples=["themas-en-werkzame-elementen"])
    note: Text | None = Field(None, description="Wat de bron hierover zegt, niet meer (Markdown binnen een regel). "
                                                   "Eigen uitleg van de redactie hoort in 'body'.")


class Element(Record):
    themes: tuple[RecordId, ...] = Field(min_length=1, description="Thema's (ids uit data/themes/) waar dit element bij hoort.",
                                         examples=[["gedeelde-ambitie"]])
    evidence: tuple[Evidence, ...] = Field(
        min_length=1, description="Waarop dit element steunt: literatuur, expertadvies, praktijk.")
    phases: tuple[RecordId, ...] = Field(
        (), description="Ontwikkelfasen (ids uit taxonomy.yaml) waarin dit element vooral speelt.")
    steps: tuple[RecordId, ...] = Field((), description="Stappen van de route (ids uit taxonomy.yaml) waarbij dit element helpt.")
    group_stages: tuple[RecordId, ...] = Field(
        (), description="Ontwikkelfasen van de groep zelf (ids uit group_stages in taxonomy.yaml): een ander model dan de "
                        "fasen van het netwerk.", examples=[["beginfase"]])
    further_reading: tuple[RecordId, ...] = Field(
        (), description="Bronnen om verder te lezen (ids uit data/sources/) die geen onderbouwing zijn: ze staan onder "
                        "'Verder lezen', niet bij de onderbouwing.", examples=[["een-lerend-netwerk-starten"]])


class Author(KBModel):
    family: StrictStr | None = Field(None, description="Achternaam van een persoon (met tussenvoegsel).", examples=["Salem"])
    given: StrictStr | None = Field(None, description="Voornaam of voorletters.", examples=["P."])
    literal: StrictStr | None = Field(None, description="Naam van een organisatie als auteur.", examples=["Rathenau Instituut"])

    @model_validator(mode="after")
    def _person_or_organisation(self) -> Author:
        if bool(self.family) == bool(self.literal):
            raise kb_error("een auteur is óf een persoon (family, given) óf een organisatie (literal).",
                           expected="{family: Salem} of {literal: Rathenau Instituut}",
                           fix="Vul 'family' (en eventueel 'given') in voor een persoon, "
                               "of alleen 'literal' voor een organisatie.")
        return self


SOURCE_TYPES = tuple(_SOURCE_KINDS)


class Source(Record):
    type: Literal[SOURCE_TYPES] = Field(description="Soort publicatie.", examples=["article"])  # type: ignore[valid-type]
    title: SourceTitle = Field(  # type: ignore[assignment]
        description="Titel van de publicatie, op één regel. Opmaak zoals CSL die kent mag: <i>…</i>, <b>…</b>, <sup>…</sup>, "
                    "<sub>…</sub>; de bronvermelding toont die als opmaak, de rest van de site als gewone tekst.",
        examples=["Facilitating learning in organizations"])
    authors: tuple[Author, ...] = Field(description="Auteurs in de volgorde van de publicatie; [] als geen auteur bekend is.")
    year: StrictInt | None = Field(description="Jaar van verschijnen, of null als het onbekend is.", examples=[2002])
    title_known: StrictBool = Field(
        True, description="false als de echte titel onbekend is en 'title' alleen de verwijzing noemt (bijv. 'Salem, 2002').")
    editors: tuple[Author, ...] = Field(
        (), description="Redacteuren: van een bundel (book) of van de bundel waarin een hoofdstuk "
                        "of congresbijdrage staat. APA zet '(Red.)' achter hun namen.")
    container: LongName | None = Field(None, description="Tijdschrift, bundel, congresbundel, website of evenement waarin de "
                                                           "bron verscheen.")
    edition: ShortText | None = Field(None, description="Druk, als het niet de eerste is: alleen het getal.", examples=["2"])
    volume: ShortText | None = Field(None, description="Jaargang (of deel van een boek).")
    issue: ShortText | None = Field(None, description="Nummer van het tijdschrift.")
    pages: ShortText | None = Field(None, description="Pagina's, bijv. 12–34 (de bronvermelding zet er een en-streepje tussen).")
    number: ShortText | None = Field(None, description="Rapportnummer, nummer van een preprint (bijv. arXiv:2101.00001) of "
                                                         "artikelnummer.")
    genre: ShortText | None = Field(None, description="Soort document zoals APA het tussen haken noemt, bijv. 'Proefschrift', "
                                                        "'Masterscriptie', 'Beleidsnota' of 'Preprint'.")
    publisher: LongName | None = Field(None, description="Uitgever, opdrachtgever, universiteit (bij een proefschrift) of "
                                                           "archief (bij een preprint, bijv. arXiv).")
    doi: Doi | None = None
    url: Url | None = None
    accessed: Annotated[dt.date | None, BeforeValidator(_to_date)] = Field(
        None, description="Bij een webpagina zonder datum: wanneer je haar hebt geraadpleegd (JJJJ-MM-DD). APA 7 schrijft "
                          "dan 'Geraadpleegd 1 mei 2024, van …'.", examples=["2024-05-01"])
    verified: StrictBool = Field(False, description="true pas als de gegevens met de publicatie zelf zijn vergeleken.")
    _title_markup: str | None = PrivateAttr(None)

    @model_validator(mode="wrap")
    @classmethod
    def _rich_title(cls, data: Any, handler: Any) -> Source:
        """A title with CSL formatting: the record's `title` is its plain text, the reference keeps the formatting."""
        raw = data.get("title") if isinstance(data, dict) else None
        if not (isinstance(raw, str) and richtext.has_markup(raw)):
            return handler(data)
        source = handler({**data, "title": richtext.plain(raw)})
        source._title_markup = " ".join(raw.split())
        return source

    @property
    def title_markup(self) -> str:
        """The title with its CSL formatting tags, for the reference; the plain title if it has none."""
        return self._title_markup or self.title


class Link(KBModel):
    title: Title = Field(description="Tekst van de link.")
    url: Url


class Example(Record):
    organisation: ShortText | None = Field(None, description="Organisatie(s) achter het voorbeeld.")
    sector: RecordId | None = Field(None, description="Sector: een id uit sectors in taxonomy.yaml.", examples=["jeugd"])
    elements: tuple[RecordId, ...] = Field((), description="Werkzame elementen die dit voorbeeld laat zien.")
    themes: tuple[RecordId, ...] = Field((), description="Thema's waar dit voorbeeld bij hoort.")
    templates: tuple[RecordId, ...] = Field((), description="Hulpmiddelen die in dit voorbeeld zijn gebruikt.")
    phases: tuple[RecordId, ...] = Field((), description="Ontwikkelfasen waarin dit voorbeeld speelt.")
    links: tuple[Link, ...] = Field((), description="Links naar verslagen of meer informatie.")
    reference_only: StrictBool = Field(
        False, description="true als de bronnen het voorbeeld niet uitwerken: de pagina zegt dan dat het een verwijzing "
                           "naar een document is, geen uitgewerkt praktijkvoorbeeld.")


ITEM_TYPES = ("check", "question", "field", "step")
TEMPLATE_KINDS = ("checklist", "agenda", "interview-guide", "form", "method", "evaluation", "other")


def _item_from_text(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class Item(KBModel):
    text: Text = Field(description="De tekst van het onderdeel.")
    type: Literal[ITEM_TYPES] | None = Field(  # type: ignore[valid-type]
        None, description="check = afvinken, question = vraag met ruimte voor een antwoord, field = invulveld, "
                          "step = genummerde stap.")
    minutes: StrictInt | None = Field(None, ge=0, le=1440, description="Duur van een stap in minuten.")


class Section(KBModel):
    title: Title = Field(description="Kop van dit onderdeel.")
    intro: Text | None = Field(None, description="Korte inleiding.")
    items: tuple[Annotated[Item, BeforeValidator(_item_from_text, json_schema_input_type=Text | Item)], ...] = Field(
        min_length=1, description="Onderdelen: tekst, of {text, type}.")


class Template(Record):
    kind: Literal[TEMPLATE_KINDS] = Field(description="Soort hulpmiddel.", examples=["checklist"])  # type: ignore[valid-type]
    phases: tuple[RecordId, ...] = Field((), description="Ontwikkelfasen waarin je dit hulpmiddel gebruikt.")
    steps: tuple[RecordId, ...] = Field((), description="Stappen van de route waarbij je dit hulpmiddel gebruikt.")
    elements: tuple[RecordId, ...] = Field((), description="Werkzame elementen die dit hulpmiddel ondersteunt.")
    duration: ShortText | None = Field(None, description="Hoe lang het gebruik duurt.", examples=["90 minuten"])
    group_size: ShortText | None = Field(None, description="Voor hoeveel deelnemers.", examples=["6 tot 15"])
    sections: tuple[Section, ...] = Field(min_length=1, description="De inhoud, per onderdeel.")
    attachment: StrictStr | None = Field(
        None, description="Een eigen bestand (pdf, docx, odt, xlsx) om mee te downloaden, als pad binnen de datamap.",
        examples=["templates/bijlagen/agenda-huisstijl.docx"])


# --- taxonomy -----------------------------------------------------------------------------------------

class Term(KBModel):
    id: RecordId
    label: Title = Field(description="Naam zoals de site hem toont.")
    description: Text | None = Field(None, description="Uitleg van de term.")


class Step(Term):
    phase: RecordId | None = Field(None, description="Fase waarin deze stap valt.")
    body: LongText = Field("", description="Wat er in deze stap gebeurt (Markdown).")


class Phase(Term):
    body: LongText = Field("", description="Wat er in deze fase gebeurt (Markdown).")


class EvidenceKind(Term):
    short: StrictStr | None = Field(None, description="Korte markering, bijv. E voor expertadvies.")
    requires_sources: StrictBool | None = Field(
        None, description="Verouderd en genegeerd: elke onderbouwing moet een bron noemen, welke soort ook.")


class Sector(Term):
    pass


class GroupStage(Term):
    body: LongText = Field("", description="Wat er in deze fase van de groep gebeurt (Markdown).")


class Taxonomy(KBModel):
    phases: tuple[Phase, ...] = Field(min_length=1, description="Ontwikkelfasen van een lerend netwerk, in volgorde.")
    steps: tuple[Step, ...] = Field((), description="Stappen van de route, in volgorde.")
    evidence_kinds: tuple[EvidenceKind, ...] = Field(min_length=1, description="Soorten onderbouwing.")
    sectors: tuple[Sector, ...] = Field((), description="Sectoren voor praktijkvoorbeelden.")
    group_stages: tuple[GroupStage, ...] = Field(
        (), description="Ontwikkelfasen van de groep zelf (bijv. beginfase, crisis halverwege, eindfase), in volgorde: "
                        "een ander model dan de fasen van het netwerk.")


# --- glossary -----------------------------------------------------------------------------------------

def _plain_term(value: str) -> str:
    if any(c in value for c in "[]\n"):
        raise kb_error(f"'{value}' bevat [ ] of een regelovergang.", fix="Schrijf het begrip als gewone tekst.")
    return value


GlossaryWord = Annotated[StrictStr, StringConstraints(min_length=2, max_length=80), AfterValidator(_plain_term)]


class GlossaryTerm(KBModel):
    term: GlossaryWord = Field(description="Het begrip zoals het in teksten staat.", examples=["Procesbegeleider"])
    definition: Text = Field(description="Uitleg in één of twee zinnen (gewone tekst).")
    aliases: tuple[GlossaryWord, ...] = Field((), description="Andere schrijfwijzen en meervouden die ook uitgelegd worden.")


class Glossary(KBModel):
    terms: tuple[GlossaryTerm, ...] = Field((), description="Begrippen die op de site als uitleg bij het woord verschijnen.")


def text_fields(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(path, text) for every string of a record or the taxonomy, found by walking its fields, so that the checks
    over all text (html_in_text, markdown_limits) cover a new field without being told. Paths are those of the YAML."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):  # walked directly: model_dump() would cost more than the checks themselves
        for name in type(value).model_fields:
            yield from text_fields(getattr(value, name), path + (name,))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from text_fields(item, path + (index,))


def markdown_fields(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(path, text) for every string of a model that its page shows as Markdown (typed `Text` or `LongText`)."""
    if isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            field = getattr(value, name)
            if isinstance(field, str):
                if _is_markdown(info.annotation) or MARKDOWN in info.metadata:
                    yield path + (name,), field
            else:
                yield from markdown_fields(field, path + (name,))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from markdown_fields(item, path + (index,))


def _is_markdown(annotation: Any) -> bool:
    if get_origin(annotation) is Annotated:
        return any(m is MARKDOWN for m in get_args(annotation)[1:])
    return any(_is_markdown(arg) for arg in get_args(annotation))
