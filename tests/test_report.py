"""`kg report`: a self-contained HTML page, parsed back with html.parser, and rendered by headless Chromium."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.store import open_store

CASES = Path(__file__).parent / "cases"
ARTIFACTS = Path(__file__).parent / "artifacts"
runner = CliRunner()
URL = re.compile(r"https?://", re.I)


class Page(HTMLParser):
    """Every start tag with its attributes and the element stack, plus the text inside <mark>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.marks: list[str] = []
        self.text: list[str] = []
        self._in_mark = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_mark += tag == "mark"

    def handle_endtag(self, tag: str) -> None:
        self._in_mark -= tag == "mark"

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_mark:
            self.marks.append(data)

    def having(self, tag: str, cls: str | None = None) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and (cls is None or cls in (a.get("class") or "").split())]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Page]:
    """The query fixture with quoted speech in one evidence and markup in a headline, reported."""
    root = tmp_path_factory.mktemp("report")
    trig = (CASES / "query_fixture.trig").read_text(encoding="utf-8")
    trig = trig.replace('"Officials denied that Sheberghan had fallen"',
                        '"Officials said \\"nothing has fallen\\" in Sheberghan"')
    trig = trig.replace('"Second regional capital falls"', '"Second <script>alert(1)</script> capital falls"')
    with open_store(root / "store") as kgs:
        kgs.store.load(trig, format=pyoxigraph.RdfFormat.TRIG)
        kgs.load_ontology()
    out = root / "report.html"
    result = runner.invoke(app, ["report", "-o", str(out), "--store", str(root / "store")])
    assert result.exit_code == 0, result.output
    assert "4 events, 6 reports, 3 places" in result.output
    page = Page()
    page.feed(out.read_text(encoding="utf-8"))
    return out, page


def test_one_block_per_event_in_date_order_with_its_reports(report: tuple[Path, Page]) -> None:
    _, page = report
    events = [a["data-event"] for a in page.having("div", "event")]
    assert events == [
        "https://w3id.org/newskg/id/event/attack/gn1139027/2021-08-04",
        "https://w3id.org/newskg/id/event/attack/gn1139027/2021-08-05",
        "https://w3id.org/newskg/id/event/capture/gn1120985/2021-08-06",
        "https://w3id.org/newskg/id/event/capture/gn1147290/2021-08-07",
    ]
    assert len(page.having("li", "report")) == 6
    text = "".join(page.text)
    assert "2021-08-06 · capture · Zaranj, Nimroz" in text
    assert "reported by AFP; Qader Malia (deputy governor)" in text
    assert "On Friday, Zaranj city in Nimroz fell to the Taliban" in text
    assert {a["class"] for a in page.having("span", "pol")} == {"pol asserted", "pol claimed", "pol denied"}


def test_timeline_and_map(report: tuple[Path, Page]) -> None:
    _, page = report
    assert len(page.having("svg")) == 2
    assert len(page.having("circle", "tl-event")) == 4
    places = {a["data-iri"] for a in page.having("g", "place")}
    assert places == {"https://sws.geonames.org/1120985/", "https://sws.geonames.org/1147290/",
                      "https://sws.geonames.org/1139027/"}
    # the map is drawn from coordinates: Sheberghan (36.7N) is above Zaranj (31.0N), Herat west of Sheberghan
    circles = [a for t, a in page.tags if t == "circle" and "class" not in a]
    assert len(circles) == 3
    by_lat = sorted(circles, key=lambda a: float(a["cy"] or 0))
    assert float(by_lat[0]["cy"] or 0) < float(by_lat[-1]["cy"] or 0)


def test_evidence_highlights_the_quoted_part_and_escapes_markup(report: tuple[Path, Page]) -> None:
    _out, page = report
    assert page.marks == ['"nothing has fallen"']
    assert page.having("script") == []
    assert "Second <script>alert(1)</script> capital falls" in "".join(page.text)


def test_self_contained_no_urls_but_source_links(report: tuple[Path, Page]) -> None:
    out, page = report
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            if value and URL.search(value) and name not in ("data-iri", "data-event"):
                assert (tag, name, attrs.get("class")) == ("a", "href", "source"), (tag, attrs)
    assert {a["href"] for a in page.having("a", "source")} == {"https://news.example/a1", "https://news.example/a2"}
    assert not page.having("link") and not page.having("img") and not page.having("iframe")
    style = out.read_text(encoding="utf-8").split("<style>", 1)[1].split("</style>", 1)[0]
    assert "url(" not in style and "@import" not in style


def test_screenshot_in_headless_chromium(report: tuple[Path, Page], chromium: str) -> None:
    from playwright.sync_api import sync_playwright

    out, _ = report
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, timeout=60_000, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 1400})
            page.on("request", lambda r: requests.append(r.url))
            page.goto(out.as_uri(), timeout=30_000)
            assert page.locator("div.event").count() == 4
            assert page.locator("#map g.place").count() == 3
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert requests == [out.as_uri()]  # the page fetched nothing else
    assert shot.stat().st_size > 10_000
