"""BibTeX field text (LaTeX) to Unicode text, with the formatting a source title may carry as CSL rich text.

`\\textit{…}`/`\\emph{…}` become `<i>…</i>`, `\\textbf` `<b>`, `\\textsuperscript` and Zotero's `$^{\\textrm{…}}$`
`<sup>`, subscripts `<sub>`, `\\textsc` the small-caps span (only in a title; other fields get the plain text).
Math is converted to text (`$\\alpha$` -> 'α', `$\\vert$` -> '|'), and DBLP's `{\\ifmmode\\acute{o}\\else\\'{o}\\fi}`
gives its text branch once. What cannot be converted (an unknown command, an unmatched `$`) is left out of the text
and named in `Decoded.residue`, so the importer can warn: TeX never reaches a record.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pylatexenc import latexwalker, macrospec
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

# Private-use characters stand for formatting and escaped specials while pylatexenc works on the text.
_MARKS = {"i": ("\ue000", "\ue001"), "b": ("\ue002", "\ue003"), "sup": ("\ue004", "\ue005"),
          "sub": ("\ue006", "\ue007"), "smallcaps": ("\ue008", "\ue009"), "nocase": ("\ue00a", "\ue00b")}
_TAGS = {"i": ("<i>", "</i>"), "b": ("<b>", "</b>"), "sup": ("<sup>", "</sup>"), "sub": ("<sub>", "</sub>"),
         "smallcaps": ('<span style="font-variant:small-caps;">', "</span>"),
         "nocase": ('<span class="nocase">', "</span>")}
_LITERALS = {"\ue010": "\\", "\ue011": "{", "\ue012": "}", "\ue013": "$"}
_PRIVATE = re.compile("[\ue000-\ue01f]")

# Formatting commands (BibTeX, BibLaTeX, Zotero) and the mark they become.
_FORMAT_MACROS = {"textit": "i", "emph": "i", "textsl": "i", "mkbibemph": "i", "mkbibitalic": "i", "em": None,
                  "textbf": "b", "mkbibbold": "b", "textsuperscript": "sup", "mkbibsuperscript": "sup",
                  "textsubscript": "sub", "mkbibsubscript": "sub", "textsc": "smallcaps", "NoCaseChange": "nocase"}
# Commands whose argument is plain text.
_TEXT_MACROS = ("textrm", "textnormal", "textup", "textsf", "texttt", "textmd", "mbox", "hbox", "text", "ensuremath",
                "url", "mathrm", "mathit", "mathbf", "mathsf", "mathtt", "mathnormal", "operatorname")
_SYMBOLS = {"textbar": "|", "textless": "<", "textgreater": ">", "textasciitilde": "~", "textasciicircum": "^",
            "textunderscore": "_", "textendash": "\u2013", "textemdash": "\u2014", "textquoteright": "\u2019",
            "textquoteleft": "\u2018", "textquotedblleft": "\u201c", "textquotedblright": "\u201d", "vert": "|",
            "textbullet": "\u2022", "textellipsis": "\u2026", "textperiodcentered": "\u00b7", "relax": "",
            "bibinitperiod": ".", "bibrangedash": "\u2013", "textnumero": "\u2116", "textregistered": "\u00ae",
            "texttrademark": "\u2122", "textcopyright": "\u00a9", "textdegree": "\u00b0", "texteuro": "\u20ac",
            "slash": "/", "LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX", "LaTeXe": "LaTeX2e", "allowbreak": "",
            "nobreak": "", "ignorespaces": "", "xspace": "", "/": "", "@": ""}


def _formatted(mark: str | None):
    def repl(node: Any, l2tobj: LatexNodes2Text) -> str:
        args = node.nodeargd.argnlist if node.nodeargd and node.nodeargd.argnlist else []
        inner = l2tobj.nodelist_to_text([a for a in args if a is not None][-1:]) if args else ""
        if mark is None or not inner.strip():
            return inner
        return _MARKS[mark][0] + inner + _MARKS[mark][1]
    return repl


def _argument(index: int):
    def repl(node: Any, l2tobj: LatexNodes2Text) -> str:
        args = node.nodeargd.argnlist if node.nodeargd and node.nodeargd.argnlist else []
        return l2tobj.nodelist_to_text([args[index]]) if len(args) > index and args[index] is not None else ""
    return repl


def _walker_context() -> macrospec.LatexContextDb:
    db = latexwalker.get_default_latex_context_db()
    db.add_context_category("kennisbank-bibtex", prepend=True, macros=[
        *(macrospec.MacroSpec(name, "{") for name in (*_FORMAT_MACROS, *_TEXT_MACROS) if name != "em"),
        macrospec.MacroSpec("em", ""), macrospec.MacroSpec("href", "{{"), macrospec.MacroSpec("vphantom", "{"),
        macrospec.MacroSpec("noopsort", "{"), macrospec.MacroSpec("hphantom", "{"), macrospec.MacroSpec("phantom", "{"),
        *(macrospec.MacroSpec(name, "") for name in _SYMBOLS)])
    return db


def _text_context() -> macrospec.LatexContextDb:
    db = get_default_latex_context_db()
    db.add_context_category("kennisbank-bibtex", prepend=True, macros=[
        *(MacroTextSpec(name, simplify_repl=_formatted(mark)) for name, mark in _FORMAT_MACROS.items() if name != "em"),
        MacroTextSpec("em", simplify_repl=""),
        *(MacroTextSpec(name, simplify_repl=_argument(0)) for name in _TEXT_MACROS),
        MacroTextSpec("href", simplify_repl=_argument(1)),
        *(MacroTextSpec(name, discard=True) for name in ("vphantom", "hphantom", "phantom", "noopsort")),
        *(MacroTextSpec(name, simplify_repl=text or "") for name, text in _SYMBOLS.items())])
    return db


class _Converter(LatexNodes2Text):
    """pylatexenc's converter that notes, instead of silently dropping, what it does not know."""

    def __init__(self) -> None:
        super().__init__(latex_context=_text_context(), math_mode="text", keep_braced_groups=False,
                         strict_latex_spaces="macros")
        self.unknown: list[str] = []

    def macro_node_to_text(self, node: Any) -> str:
        if self.latex_context.get_macro_spec(node.macroname) is None:
            self.unknown.append("\\" + node.macroname)
        return super().macro_node_to_text(node)

    def environment_node_to_text(self, node: Any) -> str:
        if self.latex_context.get_environment_spec(node.environmentname) is None:
            self.unknown.append(f"\\begin{{{node.environmentname}}}")
        return super().environment_node_to_text(node)


_CONVERTER = _Converter()
_WALKER_CONTEXT = _walker_context()

_IFMMODE = re.compile(r"\\ifmmode(?![A-Za-z])(.*?)\\else(?![A-Za-z])(.*?)\\fi(?![A-Za-z])", re.S)
_ESCAPES = re.compile(r"\\\\|\\[${}]|\\text(backslash|dollar|braceleft|braceright)(?![A-Za-z])\s*(\{\})?")
_ESCAPED = {"\\$": "\ue013", "\\{": "\ue011", "\\}": "\ue012", "backslash": "\ue010", "dollar": "\ue013",
            "braceleft": "\ue011", "braceright": "\ue012"}
_DOLLAR = re.compile(r"\$\$?")


@dataclass(frozen=True)
class Decoded:
    text: str                 # plain text, or with <i>…</i> etc. when asked for rich text
    residue: tuple[str, ...]  # what was left out: '\\foo', '$'


def _escape(match: re.Match[str]) -> str:
    token = match.group()
    if token == "\\\\":
        return " "  # a line break
    return _ESCAPED[match.group(1) or token]


def _scripts(math: str) -> str:
    """Super- and subscripts in math as text commands: '^{\\textrm{13}}' -> '\\textsuperscript{\\textrm{13}}'."""
    out, pos = [], 0
    while pos < len(math):
        char = math[pos]
        if char not in "^_" or pos + 1 >= len(math):
            out.append(char)
            pos += 1
            continue
        command = "\\textsuperscript" if char == "^" else "\\textsubscript"
        start = pos + 1
        if math[start] == "{":
            depth, end = 0, start
            while end < len(math):
                depth += {"{": 1, "}": -1}.get(math[end], 0)
                if depth == 0:
                    break
                end += 1
            out.append(command + "{" + _scripts(math[start + 1:end]) + "}")
            pos = end + 1
        elif math[start] == "\\":
            name = re.match(r"\\([A-Za-z]+|.)", math[start:])
            word = name.group() if name else "\\"
            out.append(command + "{" + word + "}")
            pos = start + len(word)
        else:
            out.append(command + "{" + math[start] + "}")
            pos = start + 1
    return "".join(out)


def _math_scripts(text: str) -> tuple[str, bool]:
    """Scripts rewritten inside $…$; False when a '$' has no partner."""
    parts = _DOLLAR.split(text)
    delimiters = _DOLLAR.findall(text)
    if len(parts) % 2 == 0:  # an odd number of '$': the last one opens nothing
        return text, False
    rebuilt = [parts[0]]
    for index in range(1, len(parts)):
        rebuilt.append(delimiters[index - 1])
        rebuilt.append(_scripts(parts[index]) if index % 2 else parts[index])
    return "".join(rebuilt), True


def decode(value: str, rich: bool = False) -> Decoded:
    """The text of a BibTeX field value; `rich` keeps formatting as CSL rich text tags (for a title)."""
    text = _PRIVATE.sub("", value)
    while True:  # DBLP writes accents for both modes; the text branch is the one a title shows
        replaced = _IFMMODE.sub(lambda m: m.group(2), text)
        if replaced == text:
            break
        text = replaced
    text = _ESCAPES.sub(_escape, text)
    text, balanced = _math_scripts(text)
    residue = [] if balanced else ["$"]
    _CONVERTER.unknown = []
    try:
        walker = latexwalker.LatexWalker(text, latex_context=_WALKER_CONTEXT, tolerant_parsing=True)
        converted = _CONVERTER.nodelist_to_text(walker.get_latex_nodes()[0])
    finally:
        residue += _CONVERTER.unknown
        _CONVERTER.unknown = []
    for stray in "\\${}":
        if stray in converted:
            residue.append(stray)
            converted = converted.replace(stray, "")
    for mark, (opening, closing) in _MARKS.items():
        tags = _TAGS[mark] if rich else ("", "")
        converted = converted.replace(opening, tags[0]).replace(closing, tags[1])
    for placeholder, literal in _LITERALS.items():
        converted = converted.replace(placeholder, literal)
    return Decoded(" ".join(converted.split()), tuple(dict.fromkeys(residue)))
