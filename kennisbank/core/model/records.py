"""The content model as pydantic models: validation, field descriptions (Dutch and English) and JSON Schema in one place.

Scalars are strict (a number is not silently turned into text); lists become tuples so that a
validated record cannot be changed afterwards. Cross-record checks (does an id exist?) live in
references.py, because they need the whole knowledge base.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin
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
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from kennisbank.core.i18n import Message, both, say
from kennisbank.core.model import richtext
from kennisbank.core.model.source_types import SOURCE_TYPES as _SOURCE_KINDS
from kennisbank.core.textutil import ID_PATTERN


def kb_error(message: Message, expected: Message | None = None, fix: Message | None = None) -> PydanticCustomError:
    """A validation error already worded for editors (in Dutch and English); messages.py passes it through unchanged."""
    return PydanticCustomError("kb", "{message}", {"message": message, "expected": expected, "fix": fix})


# --- field types --------------------------------------------------------------------------------------

def _one_line(value: str) -> str:
    if "\n" in value.strip():
        raise kb_error(both("een titel past op één regel.", "a title fits on one line."),
                       fix=both("Haal de regelovergang weg; zet toelichting in 'summary' of 'body'.",
                                "Remove the line break; put any explanation in 'summary' or 'body'."))
    return " ".join(value.split())


def _number_as_text(value: Any) -> Any:
    """Editors write `volume: 12` or `group_size: 8`; that is text for us, not an error."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO_DATE = both("een datum als JJJJ-MM-DD", "a date as YYYY-MM-DD")


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
            raise kb_error(say("'{text}' is geen bestaande datum.", "'{text}' is not an existing date.", text=text),
                           expected=_ISO_DATE, fix=both("Controleer maand en dag.", "Check the month and the day.")) from None
    raise kb_error(say("{value} is geen datum.", "{value} is not a date.", value=repr(value)),
                   expected=both("een datum als JJJJ-MM-DD, bijv. 2025-03-01", "a date as YYYY-MM-DD, e.g. 2025-03-01"),
                   fix=both("Schrijf de datum als jaar-maand-dag.", "Write the date as year-month-day."))


def _bad_date(text: str) -> dt.date:
    match = _DUTCH_DATE.match(text)
    hint = both("Schrijf de datum als jaar-maand-dag, bijv. 2025-03-01.", "Write the date as year-month-day, e.g. 2025-03-01.")
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            hint = say("Schrijf '{date}'.", "Write '{date}'.", date=dt.date(year, month, day).isoformat())
        except ValueError:
            pass
    raise kb_error(say("de datum '{text}' is niet in de afgesproken vorm.", "the date '{text}' is not in the agreed form.",
                       text=text), expected=_ISO_DATE, fix=hint)


_SAFE_SCHEMES = ("http", "https")


def _check_url(value: str) -> str:
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme.lower() not in _SAFE_SCHEMES or not parts.netloc or any(c.isspace() for c in value):
        raise kb_error(say("'{url}' is geen geldig webadres.", "'{url}' is not a valid web address.", url=value[:80]),
                       expected=both("een adres dat begint met https:// of http://",
                                     "an address that starts with https:// or http://"),
                       fix=both("Kopieer het volledige adres uit de adresbalk van je browser.",
                                "Copy the full address from the address bar of your browser."))
    return value


_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def _check_doi(value: str) -> str:
    value = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", value.strip(), flags=re.I)
    if not _DOI.match(value):
        raise kb_error(say("'{doi}' is geen DOI.", "'{doi}' is not a DOI.", doi=value[:80]),
                       expected=both("een DOI als 10.1000/xyz123", "a DOI such as 10.1000/xyz123"),
                       fix=both("Laat 'https://doi.org/' weg en schrijf alleen het deel dat met 10. begint.",
                                "Leave out 'https://doi.org/' and write only the part that starts with 10."))
    return value


# Every description is Dutch; json_schema_extra={"en": …} holds the same in English. Read both with
# `field_description`; editor_schema.py turns them into the JSON Schema's `description` in the site's language.
RecordId = Annotated[StrictStr, StringConstraints(pattern=ID_PATTERN), Field(
    description="Id van een ander record of een term uit data/taxonomy.yaml: kleine letters, cijfers en koppeltekens.",
    json_schema_extra={"en": "Id of another record or of a term from data/taxonomy.yaml: lower-case letters, digits and "
                             "hyphens."},
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
    description="Volledig webadres, beginnend met https:// of http://.",
    json_schema_extra={"en": "Full web address, starting with https:// or http://."}, examples=["https://www.nji.nl"])]
Doi = Annotated[StrictStr, AfterValidator(_check_doi), Field(description="DOI zonder https://doi.org/.",
                                                             json_schema_extra={"en": "DOI without https://doi.org/."},
                                                             examples=["10.1177/0021886304270384"])]
Reviewed = Annotated[dt.date | None, BeforeValidator(_to_date), Field(
    description="Datum van de laatste inhoudelijke controle (JJJJ-MM-DD).",
    json_schema_extra={"en": "Date the content was last reviewed (YYYY-MM-DD)."}, examples=["2025-03-01"])]


class KBModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, hide_input_in_errors=True)


# --- records ------------------------------------------------------------------------------------------

class Record(KBModel):
    id: str = Field(description="Komt uit de bestandsnaam; niet in het bestand zetten.",
                    json_schema_extra={"en": "Comes from the file name; do not put it in the file."})
    title: Title = Field(description="Titel van het record: platte tekst op één regel.",
                         json_schema_extra={"en": "Title of the record: plain text on one line."},
                         examples=["Zorg voor een gedeelde ambitie"])
    summary: Text = Field(description="Eén of twee zinnen die zeggen waar het om gaat (Markdown binnen een regel).",
                          json_schema_extra={"en": "One or two sentences that say what it is about (Markdown within a line)."},
                          examples=["Deelnemers weten waarom ze samen leren en waar ze samen naartoe willen."])
    body: LongText = Field("", description="Verdere uitleg in Markdown. HTML wordt opgeschoond, {{ … }} blijft letterlijk.",
                           json_schema_extra={"en": "Further explanation in Markdown. HTML is cleaned up, {{ … }} is kept "
                                                    "as written."})
    reviewed: Reviewed = None
    keywords: tuple[ShortText, ...] = Field((), description="Extra zoekwoorden: synoniemen, meervouden, afkortingen.",
                                            json_schema_extra={"en": "Extra search words: synonyms, plurals, abbreviations."},
                                            examples=[["gemeenten", "gemeentelijk"]])
    replaces: StrictBool = Field(False, description="Alleen in een eigen datamap: true als dit record het record met dezelfde id "
                                                    "uit een eerdere datamap (bijv. de landelijke kennisbank) vervangt.",
                                 json_schema_extra={"en": "Only in your own data folder: true if this record replaces the "
                                                          "record with the same id from an earlier data folder (e.g. the "
                                                          "national knowledge base)."})


class Theme(Record):
    phases: tuple[RecordId, ...] = Field((), description="Ontwikkelfasen (ids uit taxonomy.yaml) waarin dit thema speelt.",
                                         json_schema_extra={"en": "Development phases (ids from taxonomy.yaml) in which "
                                                                  "this theme plays a part."},
                                         examples=[["formeren"]])
    steps: tuple[RecordId, ...] = Field((), description="Stappen van de route (ids uit taxonomy.yaml) waarbij dit thema hoort.",
                                        json_schema_extra={"en": "Steps of the route (ids from taxonomy.yaml) that this "
                                                                 "theme belongs to."})
    order: StrictInt | None = Field(None, description="Volgorde in overzichten (laag eerst).",
                                    json_schema_extra={"en": "Order in overviews (lowest first)."}, examples=[10])


class Evidence(KBModel):
    # The JSON Schema (editors' autocomplete) asks for sources up front; `kennisbank check` says why when missing.
    model_config = ConfigDict(json_schema_extra={"required": ["kind", "sources"]})

    kind: RecordId = Field(description="Soort onderbouwing: een id uit evidence_kinds in taxonomy.yaml.",
                           json_schema_extra={"en": "Kind of evidence: an id from evidence_kinds in taxonomy.yaml."},
                           examples=["literature", "expert", "practice"])
    sources: tuple[RecordId, ...] = Field(
        (), description="Ids van bronnen in data/sources/; verplicht bij elke soort onderbouwing: bij literatuur de publicaties, "
                        "bij expertadvies het document dat het advies geeft, "
                        "bij praktijkervaring het verslag of de beschrijving.",
        examples=[["salem-2002"]],
        json_schema_extra={"minItems": 1,
                           "en": "Ids of sources in data/sources/; required for every kind of evidence: for literature "
                                 "the publications, for expert advice the document that gives the advice, for practical "
                                 "experience the report or the description."})
    via: RecordId | None = Field(
        None, description="Het document (id uit data/sources/) waarin deze onderbouwing staat, als dat niet de bronnen zelf "
                          "zijn: bijv. de pagina die de literatuur samenvat en noemt.",
        json_schema_extra={"en": "The document (id from data/sources/) in which this evidence is given, if that is not the "
                                 "sources themselves: e.g. the page that summarises and cites the literature."},
        examples=["themas-en-werkzame-elementen"])
    note: Text | None = Field(None, description="Wat de bron hierover zegt, niet meer (Markdown binnen een regel). "
                                                   "Eigen uitleg van de redactie hoort in 'body'.",
                              json_schema_extra={"en": "What the source says about this, nothing more (Markdown within a "
                                                       "line). The editors' own explanation belongs in 'body'."})


class Element(Record):
    themes: tuple[RecordId, ...] = Field(min_length=1, description="Thema's (ids uit data/themes/) waar dit element bij hoort.",
                                         json_schema_extra={"en": "Themes (ids from data/themes/) that this element "
                                                                  "belongs to."},
                                         examples=[["gedeelde-ambitie"]])
    evidence: tuple[Evidence, ...] = Field(
        min_length=1, description="Waarop dit element steunt: literatuur, expertadvies, praktijk.",
        json_schema_extra={"en": "What this element rests on: literature, expert advice, practice."})
    phases: tuple[RecordId, ...] = Field(
        (), description="Ontwikkelfasen (ids uit taxonomy.yaml) waarin dit element vooral speelt.",
        json_schema_extra={"en": "Development phases (ids from taxonomy.yaml) in which this element matters most."})
    steps: tuple[RecordId, ...] = Field((), description="Stappen van de route (ids uit taxonomy.yaml) waarbij dit element helpt.",
                                        json_schema_extra={"en": "Steps of the route (ids from taxonomy.yaml) that this "
                                                                 "element helps with."})
    group_stages: tuple[RecordId, ...] = Field(
        (), description="Ontwikkelfasen van de groep zelf (ids uit group_stages in taxonomy.yaml): een ander model dan de "
                        "fasen van het netwerk.",
        json_schema_extra={"en": "Stages of the group itself (ids from group_stages in taxonomy.yaml): a different model "
                                 "from the phases of the network."},
        examples=[["beginfase"]])
    further_reading: tuple[RecordId, ...] = Field(
        (), description="Bronnen om verder te lezen (ids uit data/sources/) die geen onderbouwing zijn: ze staan onder "
                        "'Verder lezen', niet bij de onderbouwing.",
        json_schema_extra={"en": "Sources for further reading (ids from data/sources/) that are not evidence: they are "
                                 "listed under 'Suggested reading', not with the evidence."},
        examples=[["een-lerend-netwerk-starten"]])


class Author(KBModel):
    family: StrictStr | None = Field(None, description="Achternaam van een persoon (met tussenvoegsel).",
                                     json_schema_extra={"en": "Family name of a person (with any prefix, such as 'van')."},
                                     examples=["Salem"])
    given: StrictStr | None = Field(None, description="Voornaam of voorletters.",
                                    json_schema_extra={"en": "Given name or initials."}, examples=["P."])
    literal: StrictStr | None = Field(None, description="Naam van een organisatie als auteur.",
                                      json_schema_extra={"en": "Name of an organisation as author."},
                                      examples=["Rathenau Instituut"])

    @model_validator(mode="after")
    def _person_or_organisation(self) -> Author:
        if bool(self.family) == bool(self.literal):
            raise kb_error(both("een auteur is óf een persoon (family, given) óf een organisatie (literal).",
                                "an author is either a person (family, given) or an organisation (literal)."),
                           expected=both("{family: Salem} of {literal: Rathenau Instituut}",
                                         "{family: Salem} or {literal: Rathenau Instituut}"),
                           fix=both("Vul 'family' (en eventueel 'given') in voor een persoon, "
                                    "of alleen 'literal' voor een organisatie.",
                                    "Fill in 'family' (and 'given' if you know it) for a person, "
                                    "or only 'literal' for an organisation."))
        return self


SOURCE_TYPES = tuple(_SOURCE_KINDS)


class Source(Record):
    type: Literal[SOURCE_TYPES] = Field(  # type: ignore[valid-type]
        description="Soort publicatie.", json_schema_extra={"en": "Kind of publication."}, examples=["article"])
    title: SourceTitle = Field(  # type: ignore[assignment]
        description="Titel van de publicatie, op één regel. Opmaak zoals CSL die kent mag: <i>…</i>, <b>…</b>, <sup>…</sup>, "
                    "<sub>…</sub>; de bronvermelding toont die als opmaak, de rest van de site als gewone tekst.",
        json_schema_extra={"en": "Title of the publication, on one line. Formatting as CSL knows it is allowed: <i>…</i>, "
                                 "<b>…</b>, <sup>…</sup>, <sub>…</sub>; the reference shows it as formatting, the rest of "
                                 "the site as plain text."},
        examples=["Facilitating learning in organizations"])
    authors: tuple[Author, ...] = Field(description="Auteurs in de volgorde van de publicatie; [] als geen auteur bekend is.",
                                        json_schema_extra={"en": "Authors in the order of the publication; [] if no author "
                                                                 "is known."})
    year: StrictInt | None = Field(description="Jaar van verschijnen, of null als het onbekend is.",
                                   json_schema_extra={"en": "Year of publication, or null if it is unknown."}, examples=[2002])
    title_known: StrictBool = Field(
        True, description="false als de echte titel onbekend is en 'title' alleen de verwijzing noemt (bijv. 'Salem, 2002').",
        json_schema_extra={"en": "false if the real title is unknown and 'title' only gives the citation "
                                 "(e.g. 'Salem, 2002')."})
    editors: tuple[Author, ...] = Field(
        (), description="Redacteuren: van een bundel (book) of van de bundel waarin een hoofdstuk "
                        "of congresbijdrage staat. APA zet '(Red.)' achter hun namen.",
        json_schema_extra={"en": "Editors: of an edited book (book) or of the book that contains a chapter or conference "
                                 "paper. APA puts '(Ed.)' or '(Eds.)' after their names."})
    container: LongName | None = Field(None, description="Tijdschrift, bundel, congresbundel, website of evenement waarin de "
                                                           "bron verscheen.",
                                       json_schema_extra={"en": "Journal, edited book, proceedings, website or event in "
                                                                "which the source appeared."})
    edition: ShortText | None = Field(None, description="Druk, als het niet de eerste is: alleen het getal.",
                                      json_schema_extra={"en": "Edition, if it is not the first: only the number."},
                                      examples=["2"])
    volume: ShortText | None = Field(None, description="Jaargang (of deel van een boek).",
                                     json_schema_extra={"en": "Volume of a journal (or of a book)."})
    issue: ShortText | None = Field(None, description="Nummer van het tijdschrift.",
                                    json_schema_extra={"en": "Issue number of the journal."})
    pages: ShortText | None = Field(None, description="Pagina's, bijv. 12–34 (de bronvermelding zet er een en-streepje tussen).",
                                    json_schema_extra={"en": "Pages, e.g. 12–34 (the reference puts an en dash between "
                                                             "them)."})
    number: ShortText | None = Field(None, description="Rapportnummer, nummer van een preprint (bijv. arXiv:2101.00001) of "
                                                         "artikelnummer.",
                                     json_schema_extra={"en": "Report number, number of a preprint (e.g. arXiv:2101.00001) "
                                                              "or article number."})
    genre: ShortText | None = Field(None, description="Soort document zoals APA het tussen haken noemt, bijv. 'Proefschrift', "
                                                        "'Masterscriptie', 'Beleidsnota' of 'Preprint'.",
                                    json_schema_extra={"en": "Kind of document as APA names it in brackets, e.g. 'Doctoral "
                                                             "dissertation', 'Master's thesis', 'Policy brief' or "
                                                             "'Preprint'."})
    publisher: LongName | None = Field(None, description="Uitgever, opdrachtgever, universiteit (bij een proefschrift) of "
                                                           "archief (bij een preprint, bijv. arXiv).",
                                       json_schema_extra={"en": "Publisher, commissioning body, university (for a "
                                                                "dissertation) or archive (for a preprint, e.g. arXiv)."})
    doi: Doi | None = None
    url: Url | None = None
    accessed: Annotated[dt.date | None, BeforeValidator(_to_date)] = Field(
        None, description="Bij een webpagina zonder datum: wanneer je haar hebt geraadpleegd (JJJJ-MM-DD). APA 7 schrijft "
                          "dan 'Geraadpleegd 1 mei 2024, van …'.",
        json_schema_extra={"en": "For a web page without a date: when you consulted it (YYYY-MM-DD). APA 7 then writes "
                                 "'Retrieved May 1, 2024, from …'."},
        examples=["2024-05-01"])
    verified: StrictBool = Field(False, description="true pas als de gegevens met de publicatie zelf zijn vergeleken.",
                                 json_schema_extra={"en": "true only once the details have been checked against the "
                                                          "publication itself."})
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
    title: Title = Field(description="Tekst van de link.", json_schema_extra={"en": "Text of the link."})
    url: Url


class Example(Record):
    organisation: ShortText | None = Field(None, description="Organisatie(s) achter het voorbeeld.",
                                           json_schema_extra={"en": "Organisation(s) behind the example."})
    sector: RecordId | None = Field(None, description="Sector: een id uit sectors in taxonomy.yaml.",
                                    json_schema_extra={"en": "Sector: an id from sectors in taxonomy.yaml."},
                                    examples=["jeugd"])
    elements: tuple[RecordId, ...] = Field((), description="Werkzame elementen die dit voorbeeld laat zien.",
                                           json_schema_extra={"en": "Working elements that this example shows."})
    themes: tuple[RecordId, ...] = Field((), description="Thema's waar dit voorbeeld bij hoort.",
                                         json_schema_extra={"en": "Themes that this example belongs to."})
    templates: tuple[RecordId, ...] = Field((), description="Hulpmiddelen die in dit voorbeeld zijn gebruikt.",
                                            json_schema_extra={"en": "Tools that were used in this example."})
    phases: tuple[RecordId, ...] = Field((), description="Ontwikkelfasen waarin dit voorbeeld speelt.",
                                         json_schema_extra={"en": "Development phases in which this example takes place."})
    links: tuple[Link, ...] = Field((), description="Links naar verslagen of meer informatie.",
                                    json_schema_extra={"en": "Links to reports or more information."})
    reference_only: StrictBool = Field(
        False, description="true als de bronnen het voorbeeld niet uitwerken: de pagina zegt dan dat het een verwijzing "
                           "naar een document is, geen uitgewerkt praktijkvoorbeeld.",
        json_schema_extra={"en": "true if the sources do not work the example out: the page then says that it refers to a "
                                 "document and is not a worked-out practice example."})


ITEM_TYPES = ("check", "question", "field", "step")
TEMPLATE_KINDS = ("checklist", "agenda", "interview-guide", "form", "method", "evaluation", "other")


def _item_from_text(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class Item(KBModel):
    text: Text = Field(description="De tekst van het onderdeel.", json_schema_extra={"en": "The text of the item."})
    type: Literal[ITEM_TYPES] | None = Field(  # type: ignore[valid-type]
        None, description="check = afvinken, question = vraag met ruimte voor een antwoord, field = invulveld, "
                          "step = genummerde stap.",
        json_schema_extra={"en": "check = tick box, question = question with room for an answer, field = fill-in field, "
                                 "step = numbered step."})
    minutes: StrictInt | None = Field(None, ge=0, le=1440, description="Duur van een stap in minuten.",
                                      json_schema_extra={"en": "Duration of a step in minutes."})


class Section(KBModel):
    title: Title = Field(description="Kop van dit onderdeel.", json_schema_extra={"en": "Heading of this section."})
    intro: Text | None = Field(None, description="Korte inleiding.", json_schema_extra={"en": "Short introduction."})
    items: tuple[Annotated[Item, BeforeValidator(_item_from_text, json_schema_input_type=Text | Item)], ...] = Field(
        min_length=1, description="Onderdelen: tekst, of {text, type}.",
        json_schema_extra={"en": "Items: text, or {text, type}."})


class Template(Record):
    kind: Literal[TEMPLATE_KINDS] = Field(  # type: ignore[valid-type]
        description="Soort hulpmiddel.", json_schema_extra={"en": "Kind of tool."}, examples=["checklist"])
    phases: tuple[RecordId, ...] = Field((), description="Ontwikkelfasen waarin je dit hulpmiddel gebruikt.",
                                         json_schema_extra={"en": "Development phases in which you use this tool."})
    steps: tuple[RecordId, ...] = Field((), description="Stappen van de route waarbij je dit hulpmiddel gebruikt.",
                                        json_schema_extra={"en": "Steps of the route at which you use this tool."})
    elements: tuple[RecordId, ...] = Field((), description="Werkzame elementen die dit hulpmiddel ondersteunt.",
                                           json_schema_extra={"en": "Working elements that this tool supports."})
    duration: ShortText | None = Field(None, description="Hoe lang het gebruik duurt.",
                                       json_schema_extra={"en": "How long using it takes."}, examples=["90 minuten"])
    group_size: ShortText | None = Field(None, description="Voor hoeveel deelnemers.",
                                         json_schema_extra={"en": "For how many participants."}, examples=["6 tot 15"])
    sections: tuple[Section, ...] = Field(min_length=1, description="De inhoud, per onderdeel.",
                                          json_schema_extra={"en": "The content, section by section."})
    attachment: StrictStr | None = Field(
        None, description="Een eigen bestand (pdf, docx, odt, xlsx) om mee te downloaden, als pad binnen de datamap.",
        json_schema_extra={"en": "A file of your own (pdf, docx, odt, xlsx) to download with it, as a path inside the data "
                                 "folder."},
        examples=["templates/bijlagen/agenda-huisstijl.docx"])


# --- taxonomy -----------------------------------------------------------------------------------------

class Term(KBModel):
    id: RecordId
    label: Title = Field(description="Naam zoals de site hem toont.", json_schema_extra={"en": "Name as the site shows it."})
    description: Text | None = Field(None, description="Uitleg van de term.",
                                     json_schema_extra={"en": "Explanation of the term."})


class Step(Term):
    phase: RecordId | None = Field(None, description="Fase waarin deze stap valt.",
                                   json_schema_extra={"en": "Phase that this step is part of."})
    body: LongText = Field("", description="Wat er in deze stap gebeurt (Markdown).",
                           json_schema_extra={"en": "What happens in this step (Markdown)."})


class Phase(Term):
    body: LongText = Field("", description="Wat er in deze fase gebeurt (Markdown).",
                           json_schema_extra={"en": "What happens in this phase (Markdown)."})


class EvidenceKind(Term):
    short: StrictStr | None = Field(None, description="Korte markering, bijv. E voor expertadvies.",
                                    json_schema_extra={"en": "Short mark, e.g. E for expert advice."})
    requires_sources: StrictBool | None = Field(
        None, description="Verouderd en genegeerd: elke onderbouwing moet een bron noemen, welke soort ook.",
        json_schema_extra={"en": "Outdated and ignored: all evidence must name a source, whatever its kind."})


class Sector(Term):
    pass


class GroupStage(Term):
    body: LongText = Field("", description="Wat er in deze fase van de groep gebeurt (Markdown).",
                           json_schema_extra={"en": "What happens in this stage of the group (Markdown)."})


class Taxonomy(KBModel):
    phases: tuple[Phase, ...] = Field(min_length=1, description="Ontwikkelfasen van een lerend netwerk, in volgorde.",
                                      json_schema_extra={"en": "Development phases of a learning network, in order."})
    steps: tuple[Step, ...] = Field((), description="Stappen van de route, in volgorde.",
                                    json_schema_extra={"en": "Steps of the route, in order."})
    evidence_kinds: tuple[EvidenceKind, ...] = Field(min_length=1, description="Soorten onderbouwing.",
                                                     json_schema_extra={"en": "Kinds of evidence."})
    sectors: tuple[Sector, ...] = Field((), description="Sectoren voor praktijkvoorbeelden.",
                                        json_schema_extra={"en": "Sectors for practice examples."})
    group_stages: tuple[GroupStage, ...] = Field(
        (), description="Ontwikkelfasen van de groep zelf (bijv. beginfase, crisis halverwege, eindfase), in volgorde: "
                        "een ander model dan de fasen van het netwerk.",
        json_schema_extra={"en": "Stages of the group itself (e.g. starting stage, crisis halfway, final stage), in order: "
                                 "a different model from the phases of the network."})


# --- glossary -----------------------------------------------------------------------------------------

def _plain_term(value: str) -> str:
    if any(c in value for c in "[]\n"):
        raise kb_error(say("'{term}' bevat [ ] of een regelovergang.", "'{term}' contains [ ] or a line break.", term=value),
                       fix=both("Schrijf het begrip als gewone tekst.", "Write the term as plain text."))
    return value


GlossaryWord = Annotated[StrictStr, StringConstraints(min_length=2, max_length=80), AfterValidator(_plain_term)]


class GlossaryTerm(KBModel):
    term: GlossaryWord = Field(description="Het begrip zoals het in teksten staat.",
                               json_schema_extra={"en": "The term as it appears in texts."}, examples=["Procesbegeleider"])
    definition: Text = Field(description="Uitleg in één of twee zinnen (gewone tekst).",
                             json_schema_extra={"en": "Explanation in one or two sentences (plain text)."})
    aliases: tuple[GlossaryWord, ...] = Field((), description="Andere schrijfwijzen en meervouden die ook uitgelegd worden.",
                                              json_schema_extra={"en": "Other spellings and plurals that are explained "
                                                                       "too."})


class Glossary(KBModel):
    terms: tuple[GlossaryTerm, ...] = Field((), description="Begrippen die op de site als uitleg bij het woord verschijnen.",
                                            json_schema_extra={"en": "Terms whose explanation the site shows with the "
                                                                     "word."})


# --- descriptions -------------------------------------------------------------------------------------

def field_description(model: type[BaseModel], name: str) -> Message | None:
    """A field's description in Dutch and English: the one on the field, else the one on its type (Url, Doi)."""
    info = model.model_fields[name]
    for found in (info, *_type_field_infos(info.annotation)):
        if found.description:
            extra = found.json_schema_extra
            english = extra.get("en") if isinstance(extra, dict) else None
            return both(found.description, english if isinstance(english, str) else found.description)
    return None


def _type_field_infos(annotation: Any) -> Iterator[FieldInfo]:
    """The Field(...) set on a type alias, also inside Optional[...]; not inside a list (that describes its items)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        inner, *metadata = get_args(annotation)
        yield from (m for m in metadata if isinstance(m, FieldInfo))
        yield from _type_field_infos(inner)
    elif origin in (Union, UnionType):
        for arg in get_args(annotation):
            yield from _type_field_infos(arg)


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
