"""Constructions real wire copy uses (issue 3), on invented sentences, through the real model.

Each case: article text, publication date, and the (type, place, polarity, date) facts it must give
(`date` None = any). `absent` lists (type, place) pairs that must NOT come out.
"""
from __future__ import annotations

from datetime import date

import pytest

from kg.extract import extract
from kg.ingest import Metadata, make_article
from kg.places.link import link

pytestmark = pytest.mark.model
SAT = date(2021, 8, 14)  # a Saturday

CASES = [
    # datelines and credits
    ("dateline_reuters", "KUNDUZ, Aug 8 (Reuters) - Taliban fighters seized the city on Sunday, officials said.",
     date(2021, 8, 9), [("capture", "Kunduz", "asserted", "2021-08-08")], [], {"Reuters"}),
    ("dateline_country_ap", "KABUL, Afghanistan (AP) — The Taliban captured Aybak, the capital of Samangan province.",
     SAT, [("capture", "Aybak", "asserted", None)], [], {"AP"}),
    ("trailing_credit", "Militants overran Farah on Thursday.\n\n— AFP", SAT,
     [("capture", "Farah", "asserted", "2021-08-12")], [], {"AFP"}),
    ("source_line", "The Taliban took control of Maymana on Friday.\nSource: GNA", SAT,
     [("capture", "Maymana", "asserted", "2021-08-13")], [], {"GNA"}),
    # spelling variants
    ("variant_taleqan", "Taleqan fell to the Taliban on Friday.", SAT, [("capture", "Taloqan", "asserted", "2021-08-13")], [], set()),
    ("variant_puli_alam", "The insurgents captured Puli Alam, officials said.", SAT, [("capture", "Pul-e-Alam", "asserted", None)], [], set()),
    ("variant_tirin_kot", "Tirin Kot has fallen to the militants.", SAT, [("capture", "Tarinkot", "asserted", None)], [], set()),
    ("province_seat", "The Taliban captured the provincial capital of Uruzgan on Friday.", SAT,
     [("capture", "Tarinkot", "asserted", "2021-08-13")], [], set()),
    # factbox entries
    ("factbox", "Aug. 9 - AYBAK: Taliban fighters took control of the city.\nAug. 10 - FARAH: The militants captured the city.",
     SAT, [("capture", "Aybak", "asserted", "2021-08-09"), ("capture", "Farah", "asserted", "2021-08-10")], [], set()),
    # districts are not cities
    ("district", "The Taliban captured the Imam Sahib district in Kunduz province on Friday.", SAT,
     [("capture", "Imam Sahib", "asserted", "2021-08-13")], [("capture", "Kunduz")], set()),
    ("district_of", "Afghan forces have retaken the Taliban-held district of Dand Ghori in Baghlan.", SAT,
     [("recapture", "Dand Ghori", "asserted", None)], [("recapture", "Baghlan")], set()),
    ("district_not_its_town", "Militants attacked a checkpoint in the Nahr-e Saraj district of Helmand on Monday.", SAT,
     [("attack", "Nahr-e Saraj", "asserted", "2021-08-09")], [("attack", "Gereshk")], set()),
    # hedges
    ("reportedly", "The Taliban reportedly captured Ghazni on Friday.", SAT, [("capture", "Ghazni", "claimed", None)], [], set()),
    ("not_confirmed", "Militants say they have seized Farah, but this could not immediately be confirmed.", SAT,
     [("capture", "Farah", "claimed", None)], [], set()),
    ("claimed_verb", "The insurgents claimed to have captured Maymana.", SAT, [("capture", "Maymana", "claimed", None)], [], set()),
    # denials
    ("denied", "Kunduz is a major city. The governor denied reports that the city had fallen.", SAT,
     [("capture", "Kunduz", "denied", None)], [], set()),
    ("rejected", "A spokesman rejected claims that Taloqan had been captured.", SAT,
     [("capture", "Taloqan", "denied", None)], [], set()),
    ("remains_under_control", "Officials said Ghazni remains under government control.", SAT,
     [("capture", "Ghazni", "denied", None)], [], set()),
    # recapture
    ("regained", "Government forces regained control of Farah on Friday.", SAT, [("recapture", "Farah", "asserted", "2021-08-13")], [], set()),
    ("recaptured", "Afghan commandos recaptured Maymana overnight.", SAT, [("recapture", "Maymana", "asserted", None)], [], set()),
    ("pushed_back", "Government forces pushed the Taliban back from the outskirts of Maymana, officials said.", SAT,
     [("recapture", "Maymana", "asserted", None)], [], set()),
    ("ministry_denies_loss", "The defence ministry denied that Ghazni had been lost and said fighting was continuing.", SAT,
     [("capture", "Ghazni", "denied", None)], [], set()),
    # a person's name made of place names is not a place
    ("name_of_places", "Aybak is calm. A lawmaker, Ahmad Rashid, said troops had retreated to a base outside the city.", SAT,
     [("withdrawal", "Aybak", "asserted", None)], [], set()),
    ("came_under_control", "Farah is in the west. The city came under Taliban control on Friday, residents said.", SAT,
     [("capture", "Farah", "asserted", "2021-08-13")], [], set()),
    ("facility_in_the_city", "Militants entered Maymana. They stormed the central jail and freed more than 300 prisoners.", SAT,
     [("prison_release", "Maymana", "asserted", None)], [], set()),
    ("agency_is_not_a_place", "KABUL, Aug 13 (Xinhua) -- Taliban fighters captured Ghazni on Friday, local media reported.",
     SAT, [("capture", "Ghazni", "asserted", "2021-08-13")], [], {"Xinhua"}),
    ("overrun_passive", "Sar-e Pul was overrun by Taliban fighters on Wednesday.", SAT,
     [("capture", "Sar-e Pul", "asserted", "2021-08-11")], [], set()),
    ("now_control", "The Taliban now control Aybak, residents said.", SAT, [("capture", "Aybak", "asserted", None)], [], set()),
    ("in_hands", "Kunduz is now in Taliban hands, a police spokesman said.", SAT, [("capture", "Kunduz", "asserted", None)], [], set()),
    ("surrendered_city", "Government troops surrendered Qalat to the Taliban on Thursday.", SAT,
     [("capture", "Qalat", "asserted", "2021-08-12")], [], set()),
    ("troops_surrendered", "Maymana is tense. Soldiers guarding the prison surrendered without a fight.", SAT,
     [], [("capture", "Maymana")], set()),
    ("abandoned", "Afghan forces abandoned Farah after days of fighting.", SAT, [("withdrawal", "Farah", "asserted", None)],
     [("capture", "Farah")], set()),
    ("purpose", "Afghan commandos launched an operation to retake Kunduz.", SAT, [], [("recapture", "Kunduz")], set()),
    ("date_in_when_clause", "At least 20 people were killed when a car bomb exploded in Kabul on Tuesday.", SAT,
     [("killing", "Kabul", "asserted", "2021-08-10")], [], set()),
    ("date_and_time_phrase", "Taliban fighters stormed into Herat on Thursday evening.", SAT,
     [("attack", "Herat", "asserted", "2021-08-12")], [], set()),
    ("hyphenated_name", "Taliban fighters freed hundreds of prisoners from Pul-e-Charkhi prison near Kabul.", SAT,
     [("prison_release", "Kabul", "asserted", None)], [], set()),
    ("future", "Britain will send troops to help evacuate its nationals from Kabul.", SAT, [], [("evacuation", "Kabul")], set()),
    ("airstrike", "An airstrike hit Taliban positions near Herat airport, the defence ministry said.", SAT,
     [("attack", "Herat", "asserted", None)], [], set()),
    ("group_member_speaks", '"We have captured the city," a Taliban commander told the BBC by phone from Farah.', SAT,
     [("capture", "Farah", "claimed", None)], [], set()),
    ("still_under_government_control", "According to the governor, Ghazni was still under government control.", SAT,
     [("capture", "Ghazni", "denied", None)], [], set()),
    ("in_line_with", "Ghazni fell to the Taliban on Friday, in line with its deputy governor.", SAT,
     [("capture", "Ghazni", "asserted", "2021-08-13")], [], set()),
    ("outskirts_are_not_the_city", "Farah is besieged. The Taliban overran the city's outskirts on Friday.", SAT,
     [("attack", "Farah", "asserted", "2021-08-13")], [("capture", "Farah")], set()),
    # time words
    ("yesterday", "The Taliban captured Ghazni yesterday.", SAT, [("capture", "Ghazni", "asserted", "2021-08-13")], [], set()),
    ("days_ago", "Farah fell to the Taliban three days ago.", SAT, [("capture", "Farah", "asserted", "2021-08-11")], [], set()),
    ("late_weekday", "Taliban fighters overran Aybak late Thursday.", SAT, [("capture", "Aybak", "asserted", "2021-08-12")], [], set()),
    ("statement_date", "A police official said on Friday that Maymana had fallen to the Taliban.", SAT,
     [("capture", "Maymana", "asserted", "2021-08-13")], [], set()),
    # counts
    ("count", "The Taliban freed at least 700 inmates from the prison in Ghazni.", SAT,
     [("prison_release", "Ghazni", "asserted", None)], [], set()),
    # hypotheticals and background
    ("conditional", "If Ghazni falls, the road to the capital will be open.", SAT, [], [("capture", "Ghazni")], set()),
    ("modal", "The militants could take Farah within days.", SAT, [], [("capture", "Farah")], set()),
]


def _facts(nlp, text: str, published: date):
    article = make_article(text, "case.txt", Metadata(publisher="Example", date_published=published))
    linked = link(extract(nlp(text), article))
    return article, linked


@pytest.mark.parametrize(("name", "text", "published", "want", "absent", "credits"), CASES, ids=[c[0] for c in CASES])
def test_construction(nlp, name, text, published, want, absent, credits) -> None:
    linked = check_facts(nlp, text, published, want, absent)
    assert credits <= {c.agent.name for c in linked.credits}


def check_facts(nlp, text: str, published: date, want, absent):
    """The (type, place, polarity, date) facts in ``want`` come out, the (type, place) pairs in ``absent`` do
    not, and every evidence span is the article's text at its offsets; the linked article."""
    article, linked = _facts(nlp, text, published)
    got = {(e.fact.type, e.place.label, e.fact.polarity, e.fact.date.value.isoformat() if e.fact.date.value else None)
           for e in linked.events}
    for etype, place, polarity, day in want:
        assert any(g[0] == etype and g[1] == place and g[2] == polarity and (day is None or g[3] == day) for g in got), got
    for etype, place in absent:
        assert not any(g[0] == etype and g[1] == place for g in got), got
    for e in linked.events:
        assert article.text[e.fact.evidence.start:e.fact.evidence.end] == e.fact.evidence.text
    return linked


def test_count_with_qualifier_is_kept(nlp) -> None:
    _, linked = _facts(nlp, "The Taliban freed at least 700 inmates from the prison in Ghazni.", SAT)
    (event,) = [e for e in linked.events if e.fact.type == "prison_release"]
    assert (event.fact.count.value, event.fact.count.unit, event.fact.count.qualifier) == (700, "inmate", "at least")


def test_ordinal_is_kept_on_the_report(nlp) -> None:
    _, linked = _facts(nlp, "Farah became the sixth provincial capital to fall to the Taliban this week.", SAT)
    (event,) = [e for e in linked.events if e.fact.type == "capture"]
    assert event.place.label == "Farah" and event.fact.ordinal == 6 and event.fact.called_capital


@pytest.mark.parametrize("phrase", ["according to its deputy governor", "in line with its deputy governor"])
def test_according_to_and_its_spun_paraphrase_name_the_source(nlp, phrase: str) -> None:
    _, linked = _facts(nlp, f"Ghazni fell to the Taliban on Friday, {phrase}.", SAT)
    (event,) = linked.events
    assert "deputy governor" in {s.agent.name for s in event.fact.sources}
