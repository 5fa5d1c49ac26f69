"""Scoring events rows against a gold CSV, with hand-computed figures."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kg import evaluate
from kg.evaluate import (
    EvalResult,
    Score,
    compact_fold,
    default_place_key,
    folded_place_key,
    reporters_match,
    score,
    score_rows,
)

SEEDS_GOLD = Path(__file__).resolve().parents[1] / "seeds" / "gold.csv"

GOLD = """file,event_type,place,province,date,actor,reported_by,polarity,evidence
a.txt,capture,Zaranj,Nimroz,2021-08-06,Taliban,BBC; Qader Malia (deputy governor),asserted,Zaranj fell
a.txt,capture,Sheberghan,Jawzjan,2021-08-07,Taliban,AFP,asserted,Sheberghan fell
a.txt,retaken,Sheberghan,Jawzjan,,Afghan forces,BBC,asserted,before it was retaken
a.txt,attack,,,2021-08-03,,BBC,asserted,a failed attempt
b.txt,denial,Qala-e-Naw,Badghis,,Taliban,governor (Badghis),denied,denied the city had fallen
b.txt,capture,Herat,Herat,2021-08-12,Taliban,BBC News,claimed-unconfirmed,Herat fell
"""


def _row(file: str, type_: str, place: str, date: str, polarity: str = "asserted", publisher: str = "BBC News",
         reported_by: str | None = None, evidence: str = "") -> dict[str, str | None]:
    return {"event": "", "type": type_, "place": place, "place_id": "", "province": "", "date": date or None,
            "actor": "", "article": "", "file": "/data/" + file, "publisher": publisher,
            "reported_by": reported_by, "polarity": polarity, "evidence": evidence}


PREDICTED = [
    _row("a.txt", "capture", "Zaranj", "2021-08-06", evidence="Zaranj fell on Friday"),
    _row("a.txt", "capture", "Zaranj", "2021-08-06", evidence="a second report of the same fall"),
    _row("a.txt", "capture", "Sheberghan", "2021-08-08", evidence="Sheberghan fell on Sunday"),
    _row("a.txt", "recapture", "Sheberghan", ""),
    _row("a.txt", "attack", "", "2021-08-03"),
    _row("b.txt", "capture", "Qala-e-Naw", "", polarity="denied", reported_by="officials"),
    _row("b.txt", "capture", "Herat", "2021-08-12", polarity="claimed", publisher="Al Jazeera", reported_by="AFP"),
    _row("b.txt", "killing", "Kabul", "", evidence="shot dead in Kabul"),
]


@pytest.fixture()
def gold_csv(tmp_path: Path) -> Path:
    path = tmp_path / "gold.csv"
    path.write_text(GOLD, encoding="utf-8")
    return path


@pytest.fixture()
def result(gold_csv: Path) -> EvalResult:
    return score(gold_csv, PREDICTED, place_key=folded_place_key)


def _prf(s: Score) -> tuple[float, float, float]:
    return (round(s.precision, 4), round(s.recall, 4), round(s.f1, 4))


def test_capture_place_and_date(result: EvalResult) -> None:
    # gold {Zaranj 06, Sheberghan 07, Herat 12}; predicted {Zaranj 06, Sheberghan 08, Herat 12}
    assert result.capture == Score(tp=2, fp=1, fn=1)
    assert _prf(result.capture) == (0.6667, 0.6667, 0.6667)


def test_all_types_by_place(result: EvalResult) -> None:
    # six gold units all found (retaken = recapture, denial = denied capture, empty place matches);
    # the Kabul killing is spurious: P = 6/7, R = 1, F1 = 12/13
    assert result.all_types == Score(tp=6, fp=1, fn=0)
    assert _prf(result.all_types) == (round(6 / 7, 4), 1.0, round(12 / 13, 4))


def test_denials(result: EvalResult) -> None:
    assert result.denials == Score(tp=1, fp=0, fn=0)
    assert _prf(result.denials) == (1.0, 1.0, 1.0)


def test_reporter_coverage(result: EvalResult) -> None:
    # Zaranj: gold BBC ~ predicted BBC News; Herat: gold BBC News vs predicted Al Jazeera, AFP
    assert (result.reporters_covered, result.reporters_total, result.reporter_coverage) == (1, 2, 0.5)


def test_per_type_table(result: EvalResult) -> None:
    table = {t.type: t.score for t in result.per_type}
    assert list(table) == ["attack", "capture", "denial", "killing", "recapture"]
    assert table["capture"] == Score(3, 0, 0)
    assert table["killing"] == Score(0, 1, 0)
    assert _prf(table["killing"]) == (0.0, 0.0, 0.0)
    assert table["denial"] == table["attack"] == table["recapture"] == Score(1, 0, 0)


def test_missed_and_spurious_carry_evidence(result: EvalResult) -> None:
    assert [(m.metric, m.file, m.type, m.place, m.date, m.evidence) for m in result.missed] == [
        ("capture", "a.txt", "capture", "Sheberghan", "2021-08-07", "Sheberghan fell"),
    ]
    assert [(m.metric, m.file, m.type, m.place, m.date, m.evidence) for m in result.spurious] == [
        ("capture", "a.txt", "capture", "Sheberghan", "2021-08-08", "Sheberghan fell on Sunday"),
        ("type", "b.txt", "killing", "Kabul", "", "shot dead in Kabul"),
    ]


def test_to_text(result: EvalResult) -> None:
    text = result.to_text()
    assert "capture place+date      0.667  0.667  0.667    2    1    1" in text
    assert "reporter coverage       0.500 (1/2)" in text
    assert "missed (in gold, not predicted): 1" in text
    assert "spurious (predicted, not in gold): 2" in text
    assert '"shot dead in Kabul"' in text


def test_no_predictions_scores_zero(gold_csv: Path) -> None:
    empty = score(gold_csv, [], place_key=folded_place_key)
    assert empty.capture == Score(0, 0, 3)
    assert _prf(empty.capture) == (0.0, 0.0, 0.0)
    assert empty.reporter_coverage is None
    assert "n/a" in empty.to_text()


def test_gold_against_itself_is_perfect() -> None:
    with SEEDS_GOLD.open(encoding="utf-8", newline="") as handle:
        gold = list(csv.DictReader(handle))
    types = {"retaken": "recapture", "denial": "capture"}
    polarities = {"claimed-unconfirmed": "claimed"}
    rows = [
        {"file": g["file"], "type": types.get(g["event_type"], g["event_type"]), "place": g["place"],
         "date": g["date"], "polarity": polarities.get(g["polarity"], g["polarity"]), "publisher": "",
         "reported_by": g["reported_by"], "evidence": g["evidence"]}
        for g in gold
    ]
    result = score(SEEDS_GOLD, rows)
    for s in (result.capture, result.all_types, result.denials):
        assert (s.fp, s.fn) == (0, 0) and s.f1 == 1.0
    assert result.reporter_coverage == 1.0
    assert result.missed == result.spurious == ()


def test_fold_and_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    assert compact_fold("Qala-e-Naw") == compact_fold("Qala e Naw") == "qalaenaw"
    assert compact_fold("Mazār-i-Sharīf") == "mazarisharif"
    monkeypatch.setattr(evaluate, "_gazetteer", lambda: None)
    assert default_place_key("Qala-e-Naw") == "name:qalaenaw"
    assert default_place_key(" ") == ""


def test_gazetteer_keys_match_spelling_variants(gold_csv: Path) -> None:
    pytest.importorskip("kg.places.gazetteer")
    if evaluate._gazetteer() is None:
        pytest.skip("gazetteer data not available")
    assert default_place_key("Sheberghan") == default_place_key("Shibirghan")
    rows = [_row("a.txt", "capture", "Shibirghan", "2021-08-07")]
    assert score(gold_csv, rows).capture == Score(tp=1, fp=0, fn=2)


@pytest.mark.parametrize(
    ("gold", "predicted", "expected"),
    [
        ("BBC", "BBC News", True),
        ("deputy governor", "Qader Malia (deputy governor)", True),
        ("Qader Malia", "Qader Malia (deputy governor)", True),
        ("AFP", "Agence France-Presse AFP", True),
        ("AP", "Japan Times", False),
        ("BBC News", "Al Jazeera", False),
        ("governor", "deputy governor", True),
        ("Badghis governor", "deputy governor", False),
        ("", "BBC", False),
    ],
)
def test_reporters_match(gold: str, predicted: str, expected: bool) -> None:
    assert reporters_match(gold, predicted) is expected


def test_background_gold_rows_count_by_place_only() -> None:
    """A recap (background) is left out of capture place + date; a predicted capture of it is spurious there."""
    from kg.evaluate import folded_place_key, score_rows

    gold = [{"file": "a.txt", "event_type": "capture", "place": "Goma", "date": "", "background": "true"},
            {"file": "a.txt", "event_type": "capture", "place": "Sake", "date": "2024-02-07"}]
    rows = [{"file": "a.txt", "type": "capture", "place": "Goma", "date": "2012-11-20", "polarity": "asserted"},
            {"file": "a.txt", "type": "capture", "place": "Sake", "date": "2024-02-07", "polarity": "asserted"}]
    result = score_rows(gold, rows, folded_place_key)
    assert (result.capture.tp, result.capture.fp, result.capture.fn) == (1, 1, 0)
    assert (result.all_types.tp, result.all_types.fp, result.all_types.fn) == (2, 0, 0)


def test_a_background_gold_row_with_a_day_is_scored_against_it() -> None:
    """'after seizing it on 20 November': a recap the gold dates to a day is matched on that day."""
    from kg.evaluate import folded_place_key, score_rows

    gold = [{"file": "a.txt", "event_type": "capture", "place": "Goma", "date": "2012-11-20", "background": "true"}]
    right = [{"file": "a.txt", "type": "capture", "place": "Goma", "date": "2012-11-20", "date_precision": "day",
              "polarity": "asserted"}]
    wrong = [{**right[0], "date": "2012-12-02", "date_precision": "publication day"}]
    assert (lambda r: (r.tp, r.fp, r.fn))(score_rows(gold, right, folded_place_key).capture) == (1, 0, 0)
    assert (lambda r: (r.tp, r.fp, r.fn))(score_rows(gold, wrong, folded_place_key).capture) == (0, 1, 1)


def test_a_capture_dated_only_to_a_month_or_year_counts_by_place_only() -> None:
    """kg keeps a recap with its month or year: like a background gold row, it is never scored against a day."""
    from kg.evaluate import folded_place_key, score_rows

    gold = [{"file": "a.txt", "event_type": "capture", "place": "Goma", "date": "", "background": "true"},
            {"file": "a.txt", "event_type": "capture", "place": "Sake", "date": "2024-02-07"}]
    rows = [{"file": "a.txt", "type": "capture", "place": "Goma", "date": "2012-11-01", "date_precision": "month",
             "polarity": "asserted"},
            {"file": "a.txt", "type": "capture", "place": "Sake", "date": "2024-02-07", "date_precision": "day",
             "polarity": "asserted"},
            {"file": "a.txt", "type": "capture", "place": "Bunia", "date": "2012-01-01", "date_precision": "year",
             "polarity": "asserted"}]
    result = score_rows(gold, rows, folded_place_key)
    assert (result.capture.tp, result.capture.fp, result.capture.fn) == (1, 0, 0)
    assert (result.all_types.tp, result.all_types.fp, result.all_types.fn) == (2, 1, 0)


def test_gold_country_and_predicted_iri_pick_the_place() -> None:
    pytest.importorskip("kg.places.gazetteer")
    if evaluate._gazetteer() is None:
        pytest.skip("gazetteer data not available")
    # "Bor": the largest is in Russia; a gold row in South Sudan means the South Sudanese town
    assert default_place_key("Bor") != default_place_key("Bor", "SS")
    assert default_place_key("Bor", "SS") == "gn377241"
    assert default_place_key("Bor", "ZZ") == default_place_key("Bor")  # no such place there: the likeliest
    # a predicted row is keyed by the place kg linked, whatever its label's likeliest namesake
    assert default_place_key("Bor", "https://sws.geonames.org/377241/") == "gn377241"
    gold = [{"file": "a.txt", "event_type": "capture", "place": "Bor", "country": "SS", "date": "2013-12-31"}]
    wrong = [{**_row("a.txt", "capture", "Bor", "2013-12-31"), "place_id": "https://sws.geonames.org/572665/"}]
    right = [{**_row("a.txt", "capture", "Bor", "2013-12-31"), "place_id": "https://sws.geonames.org/377241/"}]
    assert score_rows(gold, wrong, default_place_key).capture == Score(tp=0, fp=1, fn=1)
    assert score_rows(gold, right, default_place_key).capture == Score(tp=1, fp=0, fn=0)


def test_a_gold_name_matches_the_namesake_kg_linked_in_that_country() -> None:
    pytest.importorskip("kg.places.gazetteer")
    if evaluate._gazetteer() is None:
        pytest.skip("gazetteer data not available")
    # India has several towns called Ramgarh; the gold names one only by name and country
    gold = [{"file": "a.txt", "event_type": "killing", "place": "Ramgarh", "country": "IN", "date": "2016-11-01"}]
    linked = evaluate._gazetteer().namesakes("Ramgarh")  # type: ignore[attr-defined]
    assert len({p.key for p in linked if p.country_code == "IN"}) > 1
    other = next(p for p in linked if p.country_code == "IN" and f"gn{p.geonames_id}" != default_place_key("Ramgarh", "IN"))
    rows = [{**_row("a.txt", "killing", "Ramgarh", "2016-11-01"),
             "place_id": f"https://sws.geonames.org/{other.geonames_id}/"}]
    assert score_rows(gold, rows, default_place_key).all_types == Score(tp=1, fp=0, fn=0)
    abroad = [{**gold[0], "country": "NP"}]  # not the one kg linked: no match
    assert score_rows(abroad, rows, default_place_key).all_types.tp == 0


def test_an_undated_gold_capture_matches_a_capture_kg_dated_by_its_report_only() -> None:
    """Gold leaves a capture undated when the text gives no time cue; kg then dates it by the report
    ("publication day"): the same event. A capture kg dated from the text is still scored against its day."""
    from kg.evaluate import folded_place_key, score_rows

    gold = [{"file": "a.txt", "event_type": "capture", "place": "Goma", "date": ""},
            {"file": "a.txt", "event_type": "capture", "place": "Sake", "date": "2024-02-07"}]
    untimed = [{"file": "a.txt", "type": "capture", "place": "Goma", "date": "2024-02-09",
                "date_precision": "publication day", "polarity": "asserted"},
               {"file": "a.txt", "type": "capture", "place": "Sake", "date": "2024-02-09",
                "date_precision": "publication day", "polarity": "asserted"}]
    result = score_rows(gold, untimed, folded_place_key)
    assert (result.capture.tp, result.capture.fp, result.capture.fn) == (1, 1, 1)
    dated = [{**untimed[0], "date_precision": "day"}]  # kg read a day the gold did not: not the same
    result = score_rows(gold, dated, folded_place_key)
    assert (result.capture.tp, result.capture.fp, result.capture.fn) == (0, 1, 2)
