"""`kg report`: a self-contained HTML page, parsed back with html.parser, and rendered by headless Chromium."""
from __future__ import annotations

import math
import re
from datetime import date
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
URL = re.compile(r"https?://", re.IGNORECASE)


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
    # uneven gaps (1, 1 and 24 days), so an axis that spaced dates evenly would show
    trig = trig.replace('kg:date "2021-08-07"^^xsd:date', 'kg:date "2021-08-30"^^xsd:date')
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


def test_map_outlines_and_scale_bar_match_the_places(report: tuple[Path, Page]) -> None:
    _, page = report
    outlines = page.having("path", "outline")
    assert 3 <= len(outlines) < 40  # the countries around the places, not the whole world
    svg = page.having("svg")[1]
    west, south, east, north = (float(svg[k] or 0) for k in ("data-west", "data-south", "data-east", "data-north"))
    places = {"https://sws.geonames.org/1120985/": (31.0, 61.9), "https://sws.geonames.org/1139027/": (34.3, 62.2),
              "https://sws.geonames.org/1147290/": (36.7, 65.8)}  # Zaranj, Herat, Sheberghan: roughly
    for lat, long in places.values():  # every place inside the view, with a margin
        assert south + 0.5 < lat < north - 0.5 and west + 0.5 < long < east - 0.5
    assert east - west < 40 and north - south < 30  # fitted to the places, not the world
    # the scale bar agrees with the distance between two places: Zaranj-Sheberghan is about 730 km
    bar = page.having("g", "scale-bar")[0]
    km_per_px = float(bar["data-km"] or 0) / float(bar["data-px"] or 1)
    circles = {a["data-iri"]: c for a, c in zip(page.having("g", "place"),
                                                [a for t, a in page.tags if t == "circle" and "class" not in a])}
    zaranj, sheberghan = circles["https://sws.geonames.org/1120985/"], circles["https://sws.geonames.org/1147290/"]
    px = math.dist((float(zaranj["cx"] or 0), float(zaranj["cy"] or 0)),
                   (float(sheberghan["cx"] or 0), float(sheberghan["cy"] or 0)))
    assert 650 < px * km_per_px < 810


def test_timeline_axis_is_proportional_to_time(report: tuple[Path, Page]) -> None:
    _, page = report
    dots = sorted((date.fromisoformat(a["data-date"] or ""), float(a["cx"] or 0))
                  for a in page.having("circle", "tl-event"))
    assert [d.isoformat() for d, _ in dots] == ["2021-08-04", "2021-08-05", "2021-08-06", "2021-08-30"]
    _assert_proportional(dots)
    ticks = page.having("g", "tl-tick")
    assert len(ticks) >= 3 and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", t["data-date"] or "") for t in ticks)


def test_dates_that_are_only_the_publication_day_are_marked(report: tuple[Path, Page]) -> None:
    _, page = report
    # Sheberghan's capture is dated by its articles' publication day only; the others by "on Friday" etc.
    assert [a["data-date"] for a in page.having("circle", "pubday")] == ["2021-08-30"]
    text = "".join(page.text)
    assert "2021-08-30 (publication day) · capture · Sheberghan" in text
    assert text.count("(publication day)") == 2  # the heading and the dot's tooltip


def _assert_proportional(points: list[tuple[date, float]]) -> None:
    """Positions are a linear function of the date: the same pixels per day between any two of them."""
    (d0, x0), (d1, x1) = points[0], points[-1]
    per_day = (x1 - x0) / (d1 - d0).days
    assert per_day > 0
    for d, x in points:
        assert abs(x - (x0 + (d - d0).days * per_day)) < 1.0, (d, x, per_day)


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
            # outlines are drawn: country paths with a real size on screen, around the places
            boxes = page.eval_on_selector_all(
                "#map path.outline", "ps => ps.map(p => { const b = p.getBoundingClientRect(); "
                "return [p.querySelector('title').textContent, b.width, b.height]; })")
            assert len(boxes) >= 3 and all(w > 0 and h > 0 for _, w, h in boxes)
            assert "Afghanistan" in {name for name, _, _ in boxes}
            # the axis as laid out on screen: dot centres and tick marks are linear in the date
            centres = page.eval_on_selector_all(
                "#timeline circle.tl-event, #timeline g.tl-tick line", "es => es.map(e => { const b = "
                "e.getBoundingClientRect(); return [e.closest('[data-date]').dataset.date, b.left + b.width / 2]; })")
            assert len(centres) >= 7  # 4 dots and at least 3 ticks
            _assert_proportional(sorted((date.fromisoformat(d), x) for d, x in centres))
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert requests == [out.as_uri()]  # the page fetched nothing else
    assert shot.stat().st_size > 10_000
