"""The question parser on a table of questions with their expected frames: pure, no store, no model.

Knowledge is a fixed table of the seed graph's places (newest article 2021-08-12), so every relative date
and place below is read exactly as it would be against the seed store.
"""
from __future__ import annotations

from datetime import date

import pytest

from kg.ask import MAX_QUESTION_CHARS, Frame, PlaceRef, StaticKnowledge, parse
from kg.ask.tokens import tokenize
from kg.errors import QueryError

G = "https://sws.geonames.org/"
P = "https://w3id.org/newskg/id/place/"


def city(gid: int, label: str) -> PlaceRef:
    return PlaceRef(f"{G}{gid}/", label, "city")


def province(iso: str, label: str) -> PlaceRef:
    return PlaceRef(f"{P}province/{iso}", label, "province")


SEED_PLACES = (
    city(1120985, "Zaranj"), city(1140026, "Herat"), province("AF-HER", "Herat"),
    PlaceRef(P + "country/AF", "Afghanistan", "country"), city(1125444, "Sheberghan"), city(1129867, "Qala-e-Naw"),
    city(1138958, "Kabul"), province("AF-KAB", "Kabul"), province("AF-JOW", "Jowzjan"), province("AF-NIM", "Nimroz"),
    city(1141269, "Ghazni"), province("AF-GHA", "Ghazni"), city(1138336, "Kandahar"), province("AF-KAN", "Kandahar"),
    city(1134720, "Lashkar Gah"), province("AF-HEL", "Helmand"), province("AF-BDG", "Badghis"),
)  # fmt: skip
KNOWLEDGE = StaticKnowledge(
    SEED_PLACES, date(2021, 8, 12), ("BBC News", "News18", "Al Jazeera"), {"jawzjan": "Jowzjan"},
    frozenset({"iran", "pakistan", "kunduz"}),
)


def brief(frame: Frame) -> dict[str, object]:
    """The frame's fields that differ from "any", in the table's notation."""
    out: dict[str, object] = {"asks": frame.asks}
    if frame.types:
        out["types"] = " ".join(frame.types)
    if frame.date_from or frame.date_to:
        out["dates"] = f"{frame.date_from or ''}..{frame.date_to or ''}"
    if frame.places:
        out["places"] = " ".join(f"{p.label}/{p.level}".replace(" ", "_") for p in frame.places)
    if frame.place_missing:
        out["missing"] = True
    if frame.source_missing:
        out["source_missing"] = True
    if frame.actor:
        out["actor"] = frame.actor.label
    if frame.source:
        out["source"] = frame.source.label
    if frame.polarity:
        out["polarity"] = frame.polarity
    if frame.capital_only:
        out["capital"] = True
    if frame.count_unit:
        out["unit"] = frame.count_unit
    if frame.ignored:
        out["ignored"] = " | ".join(i.text for i in frame.ignored)
    return out


FRAMES = [
    ('which cities did the Taliban take on 6 August', {'asks': 'places', 'types': 'capture', 'dates': '2021-08-06..2021-08-06', 'actor': 'Taliban'}),
    ('what cities fell on Aug 6 2021', {'asks': 'places', 'types': 'capture', 'dates': '2021-08-06..2021-08-06'}),
    ('when did Herat fall?', {'asks': 'dates', 'types': 'capture', 'places': 'Herat/city'}),
    ('who took Zaranj', {'asks': 'actors', 'types': 'capture', 'places': 'Zaranj/city'}),
    ('what happened on 12 August', {'asks': 'events', 'dates': '2021-08-12..2021-08-12'}),
    ('how many prisoners were freed in Sheberghan', {'asks': 'count', 'types': 'prison_release', 'places': 'Sheberghan/city', 'unit': 'prisoner'}),
    ('what did AFP report', {'asks': 'events', 'source': 'AFP'}),
    ('who denied that Qala-e-Naw had fallen', {'asks': 'sources', 'types': 'capture', 'places': 'Qala-e-Naw/city', 'polarity': 'denied'}),
    ('which capitals fell between 6 and 12 August', {'asks': 'places', 'types': 'capture', 'dates': '2021-08-06..2021-08-12', 'capital': True}),
    ('what happened in Afghanistan', {'asks': 'events', 'places': 'Afghanistan/country'}),
    ('timeline of events in Afghanistan', {'asks': 'events', 'places': 'Afghanistan/country'}),
    ('who reported the fall of Kabul', {'asks': 'sources', 'types': 'capture', 'places': 'Kabul/city'}),
    ('which capitals fell on 6 August 2021? and who reported it', {'asks': 'sources', 'types': 'capture', 'dates': '2021-08-06..2021-08-06', 'capital': True}),
    ('which provincial capitals were captured on Aug. 7?', {'asks': 'places', 'types': 'capture', 'dates': '2021-08-07..2021-08-07', 'capital': True}),
    ('Which capitals fell on the 6th of August?', {'asks': 'places', 'types': 'capture', 'dates': '2021-08-06..2021-08-06', 'capital': True}),
    ('which capitals fell on August 6th, 2021', {'asks': 'places', 'types': 'capture', 'dates': '2021-08-06..2021-08-06', 'capital': True}),
    ('which regional capitals have fallen on August 6', {'asks': 'places', 'types': 'capture', 'dates': '2021-08-06..2021-08-06', 'capital': True}),
    ('which capitals fell on 2021-08-06', {'asks': 'places', 'types': 'capture', 'dates': '2021-08-06..2021-08-06', 'capital': True}),
    ('what capitals were taken on 6 Aug', {'asks': 'places', 'types': 'capture', 'dates': '2021-08-06..2021-08-06', 'capital': True}),
    ('which capitals fell on 6th August', {'asks': 'places', 'types': 'capture', 'dates': '2021-08-06..2021-08-06', 'capital': True}),
    ('which capitals fell on Aug 6', {'asks': 'places', 'types': 'capture', 'dates': '2021-08-06..2021-08-06', 'capital': True}),
    ('what fell on Friday', {'asks': 'events', 'types': 'capture', 'dates': '2021-08-06..2021-08-06'}),
    ('what fell last Friday', {'asks': 'events', 'types': 'capture', 'dates': '2021-08-06..2021-08-06'}),
    ('what happened yesterday', {'asks': 'events', 'dates': '2021-08-11..2021-08-11'}),
    ('what happened today', {'asks': 'events', 'dates': '2021-08-12..2021-08-12'}),
    ('which capitals fell from 6 to 12 August', {'asks': 'places', 'types': 'capture', 'dates': '2021-08-06..2021-08-12', 'capital': True}),
    ('which capitals fell from August 6 to 12', {'asks': 'places', 'types': 'capture', 'dates': '2021-08-06..2021-08-12', 'capital': True}),
    ('which capitals fell between August 6 and August 12', {'asks': 'places', 'types': 'capture', 'dates': '2021-08-06..2021-08-12', 'capital': True}),
    ('which capitals fell 6-12 August', {'asks': 'places', 'types': 'capture', 'dates': '2021-08-06..2021-08-12', 'capital': True}),
    ('which capitals fell 6 to 12 August 2021', {'asks': 'places', 'types': 'capture', 'dates': '2021-08-06..2021-08-12', 'capital': True}),
    ('which capitals fell between 6 August and 12 August 2021', {'asks': 'places', 'types': 'capture', 'dates': '2021-08-06..2021-08-12', 'capital': True}),
    ('what fell between 2021-08-06 and 2021-08-07', {'asks': 'events', 'types': 'capture', 'dates': '2021-08-06..2021-08-07'}),
    ('which capitals fell since 7 August', {'asks': 'places', 'types': 'capture', 'dates': '2021-08-07..', 'capital': True}),
    ('which capitals fell after 7 August', {'asks': 'places', 'types': 'capture', 'dates': '2021-08-08..', 'capital': True}),
    ('which capitals fell before 7 August', {'asks': 'places', 'types': 'capture', 'dates': '..2021-08-06', 'capital': True}),
    ('which capitals fell until 7 August', {'asks': 'places', 'types': 'capture', 'dates': '..2021-08-07', 'capital': True}),
    ('which capitals fell by 7 August', {'asks': 'places', 'types': 'capture', 'dates': '..2021-08-07', 'capital': True}),
    ('what happened in August', {'asks': 'events', 'dates': '2021-08-01..2021-08-31'}),
    ('what happened in August 2021', {'asks': 'events', 'dates': '2021-08-01..2021-08-31'}),
    ('what happened in July 2021', {'asks': 'events', 'dates': '2021-07-01..2021-07-31'}),
    ('what happened during July', {'asks': 'events', 'dates': '2021-07-01..2021-07-31'}),
    ('what happened in 2021', {'asks': 'events', 'dates': '2021-01-01..2021-12-31'}),
    ('what happened last week', {'asks': 'events', 'dates': '2021-08-06..2021-08-12'}),
    ('what happened in the last 3 days', {'asks': 'events', 'dates': '2021-08-10..2021-08-12'}),
    ('what happened this month', {'asks': 'events', 'dates': '2021-08-01..2021-08-31'}),
    ('what happened since Friday', {'asks': 'events', 'dates': '2021-08-06..'}),
    ('what happened prior to 7 August', {'asks': 'events', 'dates': '..2021-08-06'}),
    ('what happened on 31 February', {'asks': 'events', 'ignored': '31 February'}),
    ('what happened between 12 and 6 August', {'asks': 'events', 'ignored': 'between 12 and 6 August'}),
    ('what happened on 06/08/2021', {'asks': 'events', 'ignored': '06/08/2021'}),
    ('what happened on 6 December 2021', {'asks': 'events', 'ignored': '6 December 2021'}),
    ('what happened in Jawzjan', {'asks': 'events', 'places': 'Jowzjan/province'}),
    ('what happened in Jowzjan province', {'asks': 'events', 'places': 'Jowzjan/province'}),
    ('what happened in Nimroz', {'asks': 'events', 'places': 'Nimroz/province'}),
    ('what happened in Herat province', {'asks': 'events', 'places': 'Herat/province'}),
    ('what happened in Herat city', {'asks': 'events', 'places': 'Herat/city'}),
    ('what happened in herat', {'asks': 'events', 'places': 'Herat/city'}),
    ('events in Lashkar Gah', {'asks': 'events', 'places': 'Lashkar_Gah/city'}),
    ('what happened in Qala e Naw', {'asks': 'events', 'places': 'Qala-e-Naw/city'}),
    ('what happened in Kabul', {'asks': 'events', 'places': 'Kabul/city'}),
    ('what happened in Iran', {'asks': 'events', 'missing': True, 'ignored': 'in Iran'}),
    ('what happened in Pakistan', {'asks': 'events', 'missing': True, 'ignored': 'in Pakistan'}),
    ('what happened in Atlantis', {'asks': 'events', 'missing': True, 'ignored': 'in Atlantis'}),
    ('what happened in Kunduz', {'asks': 'events', 'missing': True, 'ignored': 'in Kunduz'}),
    ('did the Taliban take Herat', {'asks': 'yesno', 'types': 'capture', 'places': 'Herat/city', 'actor': 'Taliban'}),
    ('which cities did the Taleban capture', {'asks': 'places', 'types': 'capture', 'actor': 'Taliban'}),
    ('what did Afghan forces retake', {'asks': 'events', 'types': 'recapture', 'actor': 'Afghan forces'}),
    ('what did security forces recapture', {'asks': 'events', 'types': 'recapture', 'actor': 'Government forces'}),
    ('what did the US forces do', {'asks': 'events', 'actor': 'US forces'}),
    ('what did Reuters report', {'asks': 'events', 'source': 'Reuters'}),
    ('what did the BBC report', {'asks': 'events', 'source': 'BBC'}),
    ('what did BBC News report', {'asks': 'events', 'source': 'BBC'}),
    ('what did Al Jazeera report', {'asks': 'events', 'source': 'Al Jazeera'}),
    ('what did News18 say about Zaranj', {'asks': 'events', 'places': 'Zaranj/city', 'source': 'News18'}),
    ('what did the Associated Press report', {'asks': 'events', 'source': 'AP'}),
    ('who confirmed the fall of Herat', {'asks': 'sources', 'types': 'capture', 'places': 'Herat/city', 'polarity': 'asserted'}),
    ('which captures were claimed', {'asks': 'events', 'types': 'capture', 'polarity': 'claimed'}),
    ('what was reportedly captured', {'asks': 'events', 'types': 'capture', 'polarity': 'claimed'}),
    ('what was denied', {'asks': 'events', 'polarity': 'denied'}),
    ('which reports were denied', {'asks': 'events', 'polarity': 'denied'}),
    ('how many cities fell', {'asks': 'count', 'types': 'capture'}),
    ('how many capitals fell between 6 and 12 August', {'asks': 'count', 'types': 'capture', 'dates': '2021-08-06..2021-08-12', 'capital': True}),
    ('how many people were killed in Lashkar Gah', {'asks': 'count', 'types': 'killing', 'places': 'Lashkar_Gah/city', 'unit': 'person'}),
    ('how many children were displaced', {'asks': 'count', 'types': 'displacement', 'unit': 'child'}),
    ('how many inmates were released in Qala-e-Naw', {'asks': 'count', 'types': 'prison_release', 'places': 'Qala-e-Naw/city', 'unit': 'inmate'}),
    ('how many events happened in Afghanistan', {'asks': 'count', 'places': 'Afghanistan/country'}),
    ('did Herat fall?', {'asks': 'yesno', 'types': 'capture', 'places': 'Herat/city'}),
    ('was Zaranj captured?', {'asks': 'yesno', 'types': 'capture', 'places': 'Zaranj/city'}),
    ('has Sheberghan fallen', {'asks': 'yesno', 'types': 'capture', 'places': 'Sheberghan/city'}),
    ('were prisoners freed in Kandahar', {'asks': 'yesno', 'types': 'prison_release', 'places': 'Kandahar/city'}),
    ('did Qala-e-Naw fall', {'asks': 'yesno', 'types': 'capture', 'places': 'Qala-e-Naw/city'}),
    ('did Kabul fall', {'asks': 'yesno', 'types': 'capture', 'places': 'Kabul/city'}),
    ('is there fighting in Kandahar', {'asks': 'yesno', 'types': 'attack', 'places': 'Kandahar/city'}),
    ('where was there fighting', {'asks': 'places', 'types': 'attack'}),
    ('where were prisoners freed', {'asks': 'places', 'types': 'prison_release'}),
    ('which places were attacked on 12 August', {'asks': 'places', 'types': 'attack', 'dates': '2021-08-12..2021-08-12'}),
    ('where did the Taliban attack', {'asks': 'places', 'types': 'attack', 'actor': 'Taliban'}),
    ('attacks in Herat', {'asks': 'events', 'types': 'attack', 'places': 'Herat/city'}),
    ('clashes in Kandahar', {'asks': 'events', 'types': 'attack', 'places': 'Kandahar/city'}),
    ('which killings were reported', {'asks': 'events', 'types': 'killing'}),
    ('who was killed in Kabul', {'asks': 'events', 'types': 'killing', 'places': 'Kabul/city'}),
    ('executions', {'asks': 'events', 'types': 'killing'}),
    ('who withdrew from Sheberghan', {'asks': 'actors', 'types': 'withdrawal', 'places': 'Sheberghan/city'}),
    ('where did troops retreat', {'asks': 'places', 'types': 'withdrawal'}),
    ('evacuations from Kabul', {'asks': 'events', 'types': 'evacuation', 'places': 'Kabul/city'}),
    ('who evacuated Kabul', {'asks': 'actors', 'types': 'evacuation', 'places': 'Kabul/city'}),
    ('who was displaced', {'asks': 'events', 'types': 'displacement'}),
    ('where did people flee to', {'asks': 'places', 'types': 'withdrawal displacement'}),
    ('refugees in Kabul', {'asks': 'events', 'types': 'displacement', 'places': 'Kabul/city'}),
    ('what was retaken', {'asks': 'events', 'types': 'recapture'}),
    ('what was taken back by Afghan forces', {'asks': 'events', 'types': 'recapture', 'actor': 'Afghan forces'}),
    ('where were inmates released', {'asks': 'places', 'types': 'prison_release'}),
    ('jailbreaks', {'asks': 'events', 'types': 'prison_release'}),
    ('prison breaks in Sheberghan', {'asks': 'events', 'types': 'prison_release', 'places': 'Sheberghan/city'}),
    ('who freed prisoners in Zaranj', {'asks': 'actors', 'types': 'prison_release', 'places': 'Zaranj/city'}),
    ('when was Sheberghan captured', {'asks': 'dates', 'types': 'capture', 'places': 'Sheberghan/city'}),
    ('on what date did Ghazni fall', {'asks': 'dates', 'types': 'capture', 'places': 'Ghazni/city'}),
    ('what day did Zaranj fall', {'asks': 'dates', 'types': 'capture', 'places': 'Zaranj/city'}),
    ('when did the Taliban seize Ghazni', {'asks': 'dates', 'types': 'capture', 'places': 'Ghazni/city', 'actor': 'Taliban'}),
    ('which outlets reported the capture of Sheberghan', {'asks': 'sources', 'types': 'capture', 'places': 'Sheberghan/city'}),
    ('which sources reported the fall of Zaranj', {'asks': 'sources', 'types': 'capture', 'places': 'Zaranj/city'}),
    ('according to whom did Herat fall', {'asks': 'sources', 'types': 'capture', 'places': 'Herat/city'}),
    ('who said Herat had fallen', {'asks': 'sources', 'types': 'capture', 'places': 'Herat/city'}),
    ('who reported on Herat', {'asks': 'sources', 'places': 'Herat/city'}),
    ('who reported the capture of Zaranj and when?', {'asks': 'sources', 'types': 'capture', 'places': 'Zaranj/city'}),
    ('what do the reports disagree about', {'asks': 'conflicts'}),
    ('are there any conflicting reports?', {'asks': 'conflicts'}),
    ('which reports contradict each other', {'asks': 'conflicts'}),
    ('list all events', {'asks': 'events'}),
    ('show me the timeline', {'asks': 'events'}),
    ('events', {'asks': 'events'}),
    ('what happened', {'asks': 'events'}),
    ('which cities did not fall', {'asks': 'places', 'types': 'capture', 'ignored': 'not'}),
    ('which cities fell quickly', {'asks': 'places', 'types': 'capture', 'ignored': 'quickly'}),
    ('what happened in Herat and Kandahar', {'asks': 'events', 'places': 'Herat/city Kandahar/city'}),
    ('which capitals fell in Helmand', {'asks': 'places', 'types': 'capture', 'places': 'Helmand/province', 'capital': True}),
    ('tell me about Zaranj', {'asks': 'events', 'places': 'Zaranj/city'}),
    ('Zaranj', {'asks': 'events', 'places': 'Zaranj/city'}),
    ('the fall of Ghazni', {'asks': 'events', 'types': 'capture', 'places': 'Ghazni/city'}),
    ('captures on 12 August', {'asks': 'events', 'types': 'capture', 'dates': '2021-08-12..2021-08-12'}),
    ('what was captured on 7 August 2021 by the Taliban', {'asks': 'events', 'types': 'capture', 'dates': '2021-08-07..2021-08-07', 'actor': 'Taliban'}),
    ('which city was the first to fall', {'asks': 'places', 'types': 'capture', 'ignored': 'first'}),
    ('what did the Taliban claim', {'asks': 'events', 'source': 'Taliban', 'polarity': 'claimed'}),
    ('which cities did ISIS take', {'asks': 'places', 'types': 'capture', 'actor': 'Islamic State'}),
    ('which provinces fell', {'asks': 'places', 'types': 'capture'}),
    ('what happened in Ghazni on 12 August', {'asks': 'events', 'dates': '2021-08-12..2021-08-12', 'places': 'Ghazni/city'}),
    ('what happened between 1 and 10 August in Jawzjan', {'asks': 'events', 'dates': '2021-08-01..2021-08-10', 'places': 'Jowzjan/province'}),
    ('how many capitals fell on 12 August', {'asks': 'count', 'types': 'capture', 'dates': '2021-08-12..2021-08-12', 'capital': True}),
    ('did the Taliban capture Kabul', {'asks': 'yesno', 'types': 'capture', 'places': 'Kabul/city', 'actor': 'Taliban'}),
    ('was Kandahar attacked', {'asks': 'yesno', 'types': 'attack', 'places': 'Kandahar/city'}),
    ('fighting in Herat since 1 August', {'asks': 'events', 'types': 'attack', 'dates': '2021-08-01..', 'places': 'Herat/city'}),
    ('what happened after 10 August', {'asks': 'events', 'dates': '2021-08-11..'}),
    ('what happened in early August', {'asks': 'events', 'dates': '2021-08-01..2021-08-31', 'ignored': 'early'}),
    ('killings before 8 August', {'asks': 'events', 'types': 'killing', 'dates': '..2021-08-07'}),
    ('which capitals were seized in the past week', {'asks': 'places', 'types': 'capture', 'dates': '2021-08-06..2021-08-12', 'capital': True}),
    ('what happened 2 days ago', {'asks': 'events', 'dates': '2021-08-10..2021-08-10'}),
    ('what fell on 7th of Aug', {'asks': 'events', 'types': 'capture', 'dates': '2021-08-07..2021-08-07'}),
    ('what fell on August the 7th', {'asks': 'events', 'types': 'capture', 'dates': '2021-08-07..2021-08-07'}),
    ('what happened on the 7th', {'asks': 'events', 'dates': '2021-08-07..2021-08-07'}),
    ('what happened on 13th', {'asks': 'events', 'dates': '2021-07-13..2021-07-13'}),
    ('what happened in the week of 6 August', {'asks': 'events', 'dates': '2021-08-06..2021-08-12'}),
    ('what did the governor of Badghis deny', {'asks': 'events', 'places': 'Badghis/province', 'source': 'governor', 'polarity': 'denied'}),
    ('what did officials say', {'asks': 'events', 'source': 'official'}),
    ('what was the first provincial capital to fall', {'asks': 'places', 'types': 'capture', 'capital': True, 'ignored': 'first'}),
    ('which news outlets reported the fall of Zaranj', {'asks': 'sources', 'types': 'capture', 'places': 'Zaranj/city'}),
    ('who killed the head of the media department in Kabul', {'asks': 'actors', 'types': 'killing', 'places': 'Kabul/city', 'ignored': 'head | department'}),
    ("who says the Taliban took Kandahar's prison", {'asks': 'sources', 'types': 'capture prison_release', 'places': 'Kandahar/city', 'actor': 'Taliban'}),
    ('what did the deputy governor say about Zaranj', {'asks': 'events', 'places': 'Zaranj/city', 'source': 'deputy governor'}),
    ('what did Qwerty Uiop say', {'asks': 'events', 'source_missing': True, 'ignored': 'Qwerty Uiop'}),
    ('did Kunduz fall', {'asks': 'yesno', 'types': 'capture', 'missing': True, 'ignored': 'Kunduz'}),
    ('who took Kunduz', {'asks': 'actors', 'types': 'capture', 'missing': True, 'ignored': 'Kunduz'}),
    ('name the cities captured on 12 August', {'asks': 'places', 'types': 'capture', 'dates': '2021-08-12..2021-08-12'}),
    ('Herat fall date', {'asks': 'dates', 'types': 'capture', 'places': 'Herat/city'}),
    ('what was the source for the capture of Herat', {'asks': 'sources', 'types': 'capture', 'places': 'Herat/city'}),
    ('who is the source for the Zaranj capture', {'asks': 'sources', 'types': 'capture', 'places': 'Zaranj/city'}),
    ('was the capture of Qala-e-Naw denied', {'asks': 'yesno', 'types': 'capture', 'places': 'Qala-e-Naw/city', 'polarity': 'denied'}),
    ('what reports say Zaranj fell', {'asks': 'sources', 'types': 'capture', 'places': 'Zaranj/city'}),
    ('how many provincial capitals had the Taliban captured by 12 August', {'asks': 'count', 'types': 'capture', 'dates': '..2021-08-12', 'actor': 'Taliban', 'capital': True}),
    ('is Herat under Taliban control', {'asks': 'yesno', 'types': 'capture', 'places': 'Herat/city', 'actor': 'Taliban'}),
    ("what's happening in Helmand", {'asks': 'events', 'places': 'Helmand/province'}),
]

REFUSED = [
    "hello",
    "what is the weather",
    "how tall is the tallest mountain",
    "?",
    "who is the president",
    "",
    "   ",
    "and so on",
]


def test_the_table_is_large_enough() -> None:
    assert len(FRAMES) >= 150
    assert len({q for q, _ in FRAMES}) == len(FRAMES)


@pytest.mark.parametrize(("question", "expected"), FRAMES, ids=[q[:60] for q, _ in FRAMES])
def test_frame(question: str, expected: dict[str, object]) -> None:
    assert brief(parse(question, KNOWLEDGE)) == expected


@pytest.mark.parametrize("question", REFUSED)
def test_nothing_understood_lists_what_it_can_answer(question: str) -> None:
    with pytest.raises(QueryError, match=r"kg ask answers questions such as: .*which capitals fell"):
        parse(question, KNOWLEDGE)


def test_interpretation_line_names_every_part() -> None:
    frame = parse("which capitals did the Taliban take between 6 and 12 August, according to AFP", KNOWLEDGE)
    assert frame.interpretation() == (
        "asks places: captures · capitals · 2021-08-06 … 2021-08-12 · by Taliban · reported by AFP"
    )
    assert parse("which capitals fell between 6 and 12 August", KNOWLEDGE).interpretation() == (
        "asks places: captures · capitals · 2021-08-06 … 2021-08-12 · by anyone · reported by anyone"
    )


def test_ignored_part_is_named_with_its_reason() -> None:
    frame = parse("what happened in Iran", KNOWLEDGE)
    assert [str(i) for i in frame.ignored] == ["ignored: 'in Iran' — no such place in the graph"]
    assert frame.place_missing and not frame.places


def test_country_and_province_cover_their_places() -> None:
    assert parse("what happened in Afghanistan", KNOWLEDGE).places == (PlaceRef(P + "country/AF", "Afghanistan", "country"),)
    assert parse("what happened in Jawzjan", KNOWLEDGE).places == (province("AF-JOW", "Jowzjan"),)


def test_a_date_without_year_reads_against_the_newest_article() -> None:
    later = StaticKnowledge(SEED_PLACES, date(2022, 1, 3))
    assert parse("what happened on 30 December", later).date_from == date(2021, 12, 30)
    assert parse("what happened on 2 January", later).date_from == date(2022, 1, 2)


def test_relative_date_without_dated_articles_is_named() -> None:
    frame = parse("what fell yesterday", StaticKnowledge(SEED_PLACES, None))
    assert frame.date_from is None and [str(i) for i in frame.ignored] == [
        "ignored: 'yesterday' — a relative date needs dated articles in the store to read it against"]
    frame = parse("what fell on 6 August", StaticKnowledge(SEED_PLACES, None))
    assert [i.reason for i in frame.ignored] == ["needs a year (the store has no dated articles to read it against)"]
    assert parse("what fell on 6 August 2021", StaticKnowledge(SEED_PLACES, None)).day == date(2021, 8, 6)


def test_question_over_the_limit_is_one_clear_error() -> None:
    with pytest.raises(QueryError, match=rf"^the question is {MAX_QUESTION_CHARS + 1} characters long; ask in at most"):
        parse("x" * (MAX_QUESTION_CHARS + 1), KNOWLEDGE)
    with pytest.raises(QueryError, match="102400 characters long"):
        parse("which capitals fell " * 5120, KNOWLEDGE)


def test_a_question_at_the_limit_is_parsed() -> None:
    question = ("which capitals fell between 6 and 12 August in Afghanistan and who reported it " * 6)[:MAX_QUESTION_CHARS]
    frame = parse(question, KNOWLEDGE)
    assert frame.types == ("capture",) and frame.capital_only


def test_tokenizer_is_linear_on_adversarial_text() -> None:
    # the inputs that make backtracking patterns explode: long runs of joiners between word characters
    assert [t.text for t in tokenize("a-" * 50_000)][1:] == ["-"]
    assert len(tokenize("1." * 50_000 + "!")) == 1
    assert len(tokenize("-" * 10_000)) == 10_000


def test_text_is_data() -> None:
    frame = parse("what happened in [bold]Herat[/bold]", KNOWLEDGE)
    assert [p.label for p in frame.places] == ["Herat"]
