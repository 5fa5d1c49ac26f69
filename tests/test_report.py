"""`kg report`: a self-contained HTML page, parsed back with html.parser, and rendered by headless Chromium."""
from __future__ import annotations

import importlib.util
import math
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.report_map import MapPoint, area, clip, country_rings, inside, map_svg
from kg.report_svg import TimelineDot, timeline_svg
from kg.graph.store import open_store

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


def test_dates_of_one_type_on_one_day_are_stacked_not_drawn_over_each_other() -> None:
    svg = timeline_svg([TimelineDot(f"e{i}", day, kind, None) for i, (day, kind) in enumerate(
        [("2021-08-07", "attack"), ("2021-08-07", "attack"), ("2021-08-07", "attack"), ("2021-08-08", "attack"),
         ("2021-08-07", "capture")])])
    page = Page()
    page.feed(svg)
    dots = [(a["data-date"], float(a["cx"] or 0), float(a["cy"] or 0)) for a in page.having("circle", "tl-event")]
    same_day = dots[:3]
    assert len({cx for _, cx, _ in same_day}) == 1  # one day, one x
    assert len({cy for _, _, cy in same_day}) == 3  # three events, three rows
    assert dots[4][2] > max(cy for _, _, cy in same_day)  # the capture lane is below the stacked attacks
    assert [a.get("fill") for a in page.having("circle", "tl-legend")] == ["#375"]  # nothing denied, nothing to key


def _country(name: str) -> dict:
    from kg.report_map import _outlines

    return next(c for c in _outlines()[1] if c["name"] == name)


def test_outlines_hold_the_places_they_should() -> None:
    """Natural Earth's countries, decoded from kg/data/outlines.json, around cities whose country is known."""
    afghanistan, iran = country_rings(_country("Afghanistan")), country_rings(_country("Iran"))
    kabul, tehran, kandahar = (69.17, 34.53), (51.39, 35.69), (65.71, 31.61)
    assert inside(kabul, afghanistan) and inside(kandahar, afghanistan) and not inside(tehran, afghanistan)
    assert inside(tehran, iran) and not inside(kabul, iran)
    assert all(ring[0] == ring[-1] for ring in afghanistan)  # the arcs join into closed rings
    lesotho = country_rings(_country("South Africa"))  # South Africa's outline has Lesotho as a hole
    assert inside((26.0, -29.0), lesotho) and not inside((28.2, -29.6), lesotho)


def test_clipping_keeps_the_part_in_view() -> None:
    square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
    assert area(clip(square, 5, -5, 20, 20)) == pytest.approx(50)
    assert area(clip(square, 2, 2, 4, 4)) == pytest.approx(4)
    assert clip(square, 20, 20, 30, 30) == []


def test_map_names_the_countries_in_view_and_clips_their_outlines_to_it() -> None:
    svg = map_svg([MapPoint("a", "Odesa", 46.48, 30.73, 3), MapPoint("b", "Mariupol", 47.1, 37.55, 5)])
    page = Page()
    page.feed(svg)
    assert len(page.having("path", "home")) == 1  # Ukraine, shaded; its neighbours not
    assert {"UKRAINE", "Odesa", "Mariupol"} <= set(page.text)
    assert "Russia" in page.text  # drawn, but only the part in view:
    russia_points = sum(len(r) for r in country_rings(_country("Russia")))
    assert len(svg) < 20_000 < russia_points * len("L123.4,567.8")  # all of Russia would not fit


def test_derive_outlines_joins_shared_arcs() -> None:
    """Two unit squares sharing one edge, as TopoJSON stores them: the shared arc once, reversed for one."""
    spec = importlib.util.spec_from_file_location("derive_outlines", Path(__file__).parents[1] / "kg" / "data"
                                                  / "derive_outlines.py")
    assert spec and spec.loader
    derive = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(derive)
    topology = {"transform": {"scale": [1, 1], "translate": [0, 0]},
                "arcs": [[[1, 0], [0, 1]], [[1, 1], [-1, 0], [0, -1], [1, 0]], [[1, 1], [1, 0], [0, -1], [-1, 0]]],
                "objects": {"countries": {"geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "West"}, "id": "1"},
                    {"type": "Polygon", "arcs": [[~0, 2]], "properties": {"name": "East"}, "id": "2"}]}}}
    arcs = derive.decode_arcs(topology)
    out = derive.countries(topology, arcs)
    assert [c["bbox"] for c in out] == [[0, 0, 1, 1], [1, 0, 2, 1]]
    assert derive.encode(arcs[1]) == [100, 100, -100, 0, 0, -100, 100, 0]  # hundredths of a degree, then steps


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
            # what the browser painted under each place, with the places and names hidden: the country around it
            page.add_style_tag(content="#map g.place, #map text { visibility: hidden }")
            under = page.eval_on_selector_all("#map g.place circle", "cs => cs.map(c => { const b = "
                                              "c.getBoundingClientRect(); const e = document.elementFromPoint("
                                              "b.left + b.width / 2, b.top + b.height / 2); return [e.tagName, "
                                              "e.getAttribute('class'), e.querySelector('title')?.textContent, "
                                              "getComputedStyle(e).fill]; })")
            assert under == [["path", "outline home", "Afghanistan", "rgb(243, 236, 214)"]] * 3
            page.add_style_tag(content="#map g.place, #map text { visibility: visible }")
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
