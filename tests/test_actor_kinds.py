"""An actor's kind (kg/data/actors.csv) reaches its RDF class and the ACLED export's inter codes; an actor the
table does not know stays a bare kg:Actor with empty inter codes. Built from hand-made model objects: no parse."""
from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import cast

import pytest
from pyoxigraph import NamedNode, Quad, Store

from kg.extract.actors import actor_kind
from kg.extract.context import ArticleContext
from kg.extract.lexicon import DATA, load_lexicon
from kg.graph.event_records import event_records
from kg.graph.export_acled import acled_row
from kg.graph.rdf import ACTOR_CLASSES, Minter, RunInfo, article_quads
from kg.graph.validation import validate_quads
from kg.graph.vocab import KG, RDF
from kg.model import (ACTOR_KINDS, Article, Country, DateValue, EventFact, LinkedArticle, LinkedEvent, Place,
                      PlaceMention, Span)

RUN = RunInfo("test", "none", "0", datetime(2026, 1, 1, tzinfo=UTC))
TOWN = Place(key="gn1000001", label="Town A", kind="city", country_code="AF", geonames_id=1000001, lat=34.5,
             lon=69.2)
TEXT = "Fighting broke out in Town A on Friday."


def _linked(type_: str, actors: tuple[str, ...], kinds: tuple[str, ...]) -> LinkedArticle:
    article = Article(id="00000000000000a1", text=TEXT, file="a.txt", content_hash="0" * 64,
                      url="https://example.org/a", publisher="Outlet A", date_published=date(2021, 8, 7))
    fact = EventFact(type=type_, trigger="fight", place=PlaceMention("Town A", Span(22, 28, "Town A")),
                     date=DateValue(date(2021, 8, 6), "on Friday", "day"), polarity="asserted",
                     evidence=Span(0, len(TEXT), TEXT), actors=actors, actor_kinds=kinds)
    event = LinkedEvent(fact, TOWN, f"{type_}/{TOWN.key}/2021-08-06")
    return LinkedArticle(article, (event,), countries=(Country("AF", "Afghanistan", 1149361),))


def _types(quads: list[Quad], label: str) -> set[NamedNode]:
    node = Minter().actor(label)
    return {q.object for q in quads if q.subject == node and q.predicate == RDF.type}  # type: ignore[misc]


def _acled(quads: list[Quad]) -> dict[str, str]:
    store = Store()
    store.extend(quads)
    (record,) = event_records(store)
    return acled_row(record)


def _lexicon_ctx() -> ArticleContext:
    return cast(ArticleContext, SimpleNamespace(lex=load_lexicon()))


def test_a_table_actors_kind_is_its_class_and_its_acled_inter_code() -> None:
    ctx = _lexicon_ctx()
    kinds = (actor_kind("Afghan forces", ctx), actor_kind("Taliban", ctx))
    assert kinds == ("government_force", "armed_group")
    quads = article_quads(_linked("attack", ("Afghan forces", "Taliban"), kinds), RUN)
    assert _types(quads, "Afghan forces") == {KG.GovernmentForce}
    assert _types(quads, "Taliban") == {KG.ArmedGroup}
    assert validate_quads(quads).conforms
    row = _acled(quads)
    # an armed clash: its two actors are its two sides, A-Z; a state's forces are ACLED's 1, an armed group
    # (rebels or either kind of militia: kg does not tell) has no code, so neither has the interaction
    assert [row[c] for c in ("actor1", "inter1", "actor2", "inter2", "interaction")] == [
        "Afghan forces", "1", "Taliban", "", ""]


def test_two_state_forces_give_the_interaction() -> None:
    quads = article_quads(_linked("attack", ("Afghan forces", "US forces"),
                                  ("government_force", "government_force")), RUN)
    row = _acled(quads)
    assert [row[c] for c in ("inter1", "inter2", "interaction")] == ["1", "1", "11"]


@pytest.mark.parametrize("kinds", [("",), ()], ids=["kind-empty", "kind-missing"])
def test_an_actor_the_table_does_not_know_is_a_bare_actor_without_inter_code(kinds: tuple[str, ...]) -> None:
    label = "Front for Town A"
    assert actor_kind(label, _lexicon_ctx()) == ""
    quads = article_quads(_linked("capture", (label,), kinds), RUN)
    assert _types(quads, label) == {KG.Actor}
    assert validate_quads(quads).conforms
    row = _acled(quads)
    assert (row["actor1"], row["inter1"], row["interaction"]) == (label, "", "")


def test_a_table_alias_is_not_a_label_so_it_gets_no_kind() -> None:
    """The extractor hands on the table's label; a text that is only an alias ("Taleban") is not that label."""
    assert actor_kind("Taleban", _lexicon_ctx()) == ""


def test_every_kind_of_the_actor_table_has_an_ontology_class() -> None:
    with (DATA / "actors.csv").open(encoding="utf-8", newline="") as fh:
        kinds = {row["kind"] for row in csv.DictReader(fh)}
    assert kinds == set(ACTOR_KINDS) == set(ACTOR_CLASSES)
