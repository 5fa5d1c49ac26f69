"""How kg shows text from articles: as data, never as Rich markup, terminal control or a spreadsheet formula.

Outputs for people (``table``, the record view, ``text`` reports, warnings, errors, progress) go through
:class:`DataConsole`: Rich markup (``[sic]``, ``[/i]``) and emoji codes (``:warning:``) print as written,
and control characters are shown, not sent: ESC as ``\\x1b``, a bidi override as ``\\u202e`` (see
:func:`visible`), so an article cannot move the cursor, retitle the window, plant an OSC 8 link or reorder a
quote. Printable text, backslashes included, is shown unchanged, so an escape is in reverse video on a colour
terminal to tell it from the same characters typed in an article.

Machine formats are exact. JSON (``--format json``, ``kg validate --format json``) carries every value
unchanged; the characters a terminal would act on are written as JSON ``\\uXXXX`` escapes (:func:`json_text`),
which every parser reads back to the same value. JUnit XML likewise uses character references, but shows
as escapes the C0 controls XML 1.0 cannot carry at all (:func:`xml_text`). RDF exports (Turtle, TriG,
N-Quads, JSON-LD) are the serializer's exact output.

CSV: ``--format csv`` is for spreadsheets: a cell that begins with ``= + - @``, TAB, CR, LF or NUL and is not a
plain number gets a leading ``'`` (OWASP CSV injection), so ``=HYPERLINK(...)`` stays text; every other cell
is exact. ``--format csv-exact`` writes every value unchanged, for programs. Either CSV sent to a terminal
(not a file or a pipe) shows control characters as escapes, as ``ls`` does with file names.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from kg.csvrows import spreadsheet_cell, write_csv

if TYPE_CHECKING:  # the CLI imports this module at start-up; kg.graph.query (pyoxigraph) only when a query runs
    from kg.graph.query import QueryResult

# C0 and C1 controls, DEL, lone surrogates (unprintable, and UTF-8 cannot encode them), the bidi marks,
# embeddings, overrides and isolates (they reorder the text around them), and the line/paragraph separators.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_CONTROL_OR_NEWLINE = re.compile(f"\n|{_CONTROL.pattern}")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_ESCAPE_STYLE = Style(reverse=True)


def _escape(char: str) -> str:
    """One control character as a Python-style escape."""
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str, *, newlines: bool = True) -> str:
    """``text`` with every control character shown as an escape; line breaks kept unless ``newlines=False``."""
    pattern = _CONTROL if newlines else _CONTROL_OR_NEWLINE
    return pattern.sub(lambda m: _escape(m.group()), text)


def visible_text(text: str, *, newlines: bool = True, style: str | Style = "") -> Text:
    """:func:`visible` as Rich Text, the escapes in reverse video; never parsed as markup."""
    pattern = _CONTROL if newlines else _CONTROL_OR_NEWLINE
    out = Text(style=style)
    last = 0
    for match in pattern.finditer(text):
        out.append(text[last:match.start()])
        out.append(_escape(match.group()), _ESCAPE_STYLE)
        last = match.end()
    out.append(text[last:])
    return out


class DataConsole(Console):
    """A Rich console for which every string is data: no markup, no emoji codes, controls made visible.

    Rich turns each ``str`` it prints (``print``, table cells, rule titles) into Text through
    :meth:`render_str`, so escaping there covers every command; styling is done with Text objects only.
    :meth:`render` is the backstop for Text built elsewhere: no segment but Rich's own cursor control
    reaches the terminal with a control character in it.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.update(markup=False, emoji=False, highlight=False)
        super().__init__(**kwargs)

    def render_str(self, text: str, *, style: str | Style = "", justify: Any = None, overflow: Any = None,
                   emoji: bool | None = None, markup: bool | None = None, highlight: bool | None = None,
                   highlighter: Any = None) -> Text:
        del emoji, markup, highlight, highlighter  # rich's signature; kg's console never interprets the text
        rich_text = visible_text(text, style=style)
        rich_text.justify, rich_text.overflow = justify, overflow
        return rich_text

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control or not _CONTROL.search(segment.text):
                yield segment
            else:
                yield Segment(visible(segment.text), segment.style)


def message(label: str, label_style: str, text: str) -> Text:
    """``label text`` on one line (a warning, an error): line breaks in ``text`` are shown as ``\\n``."""
    return Text.assemble((label, label_style), " ", visible_text(text, newlines=False))


def cell(value: str | None) -> Text:
    """A table cell: unbound is empty."""
    return visible_text("" if value is None else value)


def record_line(label: str, width: int, value: str) -> Text:
    """``label  value`` in the record view; a value's later lines are indented past the labels, so text in
    an article cannot pass for a field of its own."""
    indent = "\n" + " " * (width + 2)
    body = visible_text(value)
    lines = body.split("\n", allow_blank=True)
    return Text.assemble(visible_text(label.rjust(width), style="bold"), "  ", Text(indent).join(lines))


# ---------------------------------------------------------------- machine formats

_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def json_text(document: str) -> str:
    """JSON text from ``json.dumps(..., ensure_ascii=False)`` with the characters terminals act on escaped.

    json.dumps already escapes C0 controls; DEL, C1, bidi controls, separators and lone surrogates it leaves
    raw. They can only occur inside strings, where ``\\uXXXX`` is the same value to any parser.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(document: str) -> str:
    """An XML document (JUnit) that parses, with nothing a terminal acts on written raw.

    ElementTree writes every character raw. Those XML 1.0 forbids even as references (C0 controls, lone
    surrogates) are shown as escapes, the only loss; DEL, C1, bidi controls and separators become character
    references, the same value to any parser. They occur only in text and attribute values.
    """
    document = _XML_INVALID.sub(lambda m: _escape(m.group()), document)
    return _JSON_UNSAFE.sub(lambda m: f"&#x{ord(m.group()):x};", document)


def csv_text(result: QueryResult, *, spreadsheet: bool, terminal: bool) -> str:
    """The result as CSV: formulas neutralised for spreadsheets or exact; controls visible on a terminal."""
    if spreadsheet:
        rows = [result.columns, *(["" if v is None else v for v in row] for row in result.rows)]
        text = write_csv([[spreadsheet_cell(v) for v in row] for row in rows])
    else:
        text = result.to_csv()
    return visible(text) if terminal else text


__all__ = ["DataConsole", "cell", "csv_text", "json_text", "message", "record_line", "spreadsheet_cell", "visible",
           "visible_text", "xml_text"]
