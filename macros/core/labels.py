"""Every word the generator itself prints on a page, in Dutch and English. Content stays as written."""
from __future__ import annotations

from typing import Mapping

NL: dict[str, str] = {
    "kind.theme": "Thema", "kind.theme.plural": "Thema's",
    "kind.element": "Werkzaam element", "kind.element.plural": "Werkzame elementen",
    "kind.source": "Bron", "kind.source.plural": "Bronnen",
    "kind.example": "Praktijkvoorbeeld", "kind.example.plural": "Praktijkvoorbeelden",
    "kind.template": "Hulpmiddel", "kind.template.plural": "Hulpmiddelen",
    "phases.heading": "Ontwikkelfasen", "phase": "Fase", "themes": "Thema's", "phases": "Fasen", "steps": "Stappen", "sector": "Sector",
    "organisation": "Organisatie", "evidence": "Onderbouwing", "evidence.none": "Nog geen onderbouwing vastgelegd.",
    "evidence.sources": "Bronnen", "evidence.examples": "Praktijkvoorbeelden",
    "evidence.summary": "Onderbouwing van de elementen in dit thema",
    "elements": "Werkzame elementen", "elements.none": "Nog geen werkzame elementen bij dit thema.",
    "templates": "Hulpmiddelen", "examples": "Praktijkvoorbeelden", "links": "Meer lezen",
    "used_by": "Gebruikt bij", "used_by.none": "Deze bron wordt nog bij geen enkel element genoemd.",
    "reference": "Bronvermelding", "unverified": "Gegevens onvolledig",
    "unverified.text": "De bibliografische gegevens van deze bron zijn nog niet gecontroleerd aan de hand van de "
                       "publicatie zelf. De kennisbank noemt alleen wat de oorspronkelijke tekst geeft.",
    "title_unknown": "titel onbekend", "year_unknown": "z.j.",
    "illustrates": "Laat deze werkzame elementen zien", "supports": "Ondersteunt deze werkzame elementen",
    "used_templates": "Gebruikte hulpmiddelen", "used_in": "Gebruikt in",
    "duration": "Duur", "group_size": "Groepsgrootte", "template_kind": "Soort", "minutes": "min",
    "answer": "Antwoord", "reviewed": "Laatst inhoudelijk bekeken", "reviewed.never": "nog niet vastgelegd",
    "count.elements": "elementen", "doi": "DOI", "online": "Online",
    "overview.empty": "Er zijn nog geen records van deze soort.",
    "template.checklist": "Checklist", "template.agenda": "Agenda", "template.interview-guide": "Gespreksleidraad",
    "template.form": "Werkblad", "template.method": "Werkvorm", "template.evaluation": "Evaluatieformulier",
    "template.other": "Hulpmiddel",
    "source.article": "Artikel", "source.book": "Boek", "source.chapter": "Hoofdstuk", "source.report": "Rapport",
    "source.webpage": "Webpagina", "source.thesis": "Proefschrift", "source.presentation": "Presentatie",
    "source.other": "Publicatie",
    "download": "Download", "kit.download": "Download alle hulpmiddelen hierbij als ZIP",
    "glossary.title": "Begrippen", "glossary.intro": "Woorden die in deze kennisbank vaak voorkomen, kort uitgelegd.",
    "problems.title": "De kennisbank bevat fouten",
    "problems.intro": "Deze records zijn niet gebouwd. Los de problemen hieronder op; de pagina ververst vanzelf.",
}

EN: dict[str, str] = {
    "kind.theme": "Theme", "kind.theme.plural": "Themes",
    "kind.element": "Working element", "kind.element.plural": "Working elements",
    "kind.source": "Source", "kind.source.plural": "Sources",
    "kind.example": "Practice example", "kind.example.plural": "Practice examples",
    "kind.template": "Tool", "kind.template.plural": "Tools",
    "phases.heading": "Development phases", "phase": "Phase", "themes": "Themes", "phases": "Phases", "steps": "Steps", "sector": "Sector",
    "organisation": "Organisation", "evidence": "Evidence", "evidence.none": "No evidence recorded yet.",
    "evidence.sources": "Sources", "evidence.examples": "Practice examples",
    "evidence.summary": "Evidence for the elements in this theme",
    "elements": "Working elements", "elements.none": "No working elements in this theme yet.",
    "templates": "Tools", "examples": "Practice examples", "links": "Further reading",
    "used_by": "Cited by", "used_by.none": "No element cites this source yet.",
    "reference": "Reference", "unverified": "Details incomplete",
    "unverified.text": "The bibliographic details of this source have not yet been checked against the publication "
                       "itself. The knowledge base gives only what the original text gives.",
    "title_unknown": "title unknown", "year_unknown": "n.d.",
    "illustrates": "Shows these working elements", "supports": "Supports these working elements",
    "used_templates": "Tools used", "used_in": "Used in",
    "duration": "Duration", "group_size": "Group size", "template_kind": "Type", "minutes": "min",
    "answer": "Answer", "reviewed": "Last reviewed", "reviewed.never": "not recorded",
    "count.elements": "elements", "doi": "DOI", "online": "Online",
    "overview.empty": "There are no records of this kind yet.",
    "template.checklist": "Checklist", "template.agenda": "Agenda", "template.interview-guide": "Interview guide",
    "template.form": "Worksheet", "template.method": "Method", "template.evaluation": "Evaluation form",
    "template.other": "Tool",
    "source.article": "Article", "source.book": "Book", "source.chapter": "Chapter", "source.report": "Report",
    "source.webpage": "Web page", "source.thesis": "Thesis", "source.presentation": "Presentation",
    "source.other": "Publication",
    "download": "Download", "kit.download": "Download all tools for this as a ZIP",
    "glossary.title": "Glossary", "glossary.intro": "Words that often occur in this knowledge base, briefly explained.",
    "problems.title": "The knowledge base has errors",
    "problems.intro": "These records were not built. Fix the problems below; the page reloads by itself.",
}

TABLES: Mapping[str, Mapping[str, str]] = {"nl": NL, "en": EN}


def labels_for(language: str) -> Mapping[str, str]:
    """The label table for `language`; unknown languages fall back to Dutch."""
    return TABLES.get(language.split("-")[0].lower(), NL)
