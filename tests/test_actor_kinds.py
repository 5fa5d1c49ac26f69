"""An actor's kind (kg/data/actors.csv: its subkind, else its kind) reaches its RDF class and the ACLED export's
inter codes; a state's forces acting outside their state are ACLED's external forces; an actor the table does
not know stays a bare kg:Actor with empty inter codes. The unit tests build hand-made model objects (no parse);
the last one builds small articles with the real pipeline and reads the ACLED CSV back with pandas."""
from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pandas
import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import LexiconError
from kg.extract.actors import actor_country, actor_kind
from kg.extract.context import ArticleContext
from kg.extract.lexicon import DATA, _named, load_lexicon
from kg.graph.event_records import event_records
from kg.graph.export_acled import acled_row
from kg.graph.rdf import ACTOR_CLASSES, Minter, RunInfo, article_quads
from kg.graph.validation import validate_quads
from kg.graph.vocab import KG, RDF
from kg.model import (ACTOR_KINDS, ACTOR_SUBKINDS, Article, Country, DateValue, EventFact, LinkedArticle,
                      LinkedEvent, Place, PlaceMention, Span)

RUN = RunInfo("test", "none", "0", datetime(2026, 1, 1, tzinfo=UTC))
TOWN = Place(key="gn1000001", label="Town A", kind="city", country_code="AF", geonames_id=1000001, lat=34.5,
             lon=69.2)
TEXT = "Fighting broke out in Town A on Friday."


def _linked(type_: str, actors: tuple[str, ...], kinds: tuple[str, ...],
            states: tuple[str, ...] = ()) -> LinkedArticle:
    article = Article(id="00000000000000a1", text=TEXT, file="a.txt", content_hash="0" * 64,
                      url="https://example.org/a", publisher="Outlet A", date_published=date(2021, 8, 7))
    fact = EventFact(type=type_, trigger="fight", place=PlaceMention("Town A", Span(22, 28, "Town A")),
                     date=DateValue(date(2021, 8, 6), "on Friday", "day"), polarity="asserted",
                     evidence=Span(0, len(TEXT), TEXT), actors=actors, actor_kinds=kinds, actor_states=states)
    event = LinkedEvent(fact, TOWN, f"{type_}/{TOWN.key}/2021-08-06")
    return LinkedArticle(article, (event,), countries=(Country("AF", "Afghanistan", 1149361),))


def _types(quads: list[Quad], label: str) -> set[NamedNode]:
    node = Minter().actor(label)
    return {q.object for q in quads if q.subject == node and q.predicate == RDF.type}  # type: ignore[misc]


def _state(quads: list[Quad], label: str) -> set[str]:
    node = Minter().actor(label)
    return {q.object.value for q in quads if q.subject == node and q.predicate == KG.forcesOfState
            and isinstance(q.object, Literal)}


def _acled(quads: list[Quad]) -> dict[str, str]:
    store = Store()
    store.extend(quads)
    (record,) = event_records(store)
    return acled_row(record)


def _lexicon_ctx() -> ArticleContext:
    return cast(ArticleContext, SimpleNamespace(lex=load_lexicon()))


def _table_actor(ctx: ArticleContext, label: str) -> tuple[str, str]:
    return actor_kind(label, ctx), actor_country(label, ctx)


def test_a_table_actors_kind_is_its_class_and_its_acled_inter_code() -> None:
    ctx = _lexicon_ctx()
    (army, army_state), (taliban, _) = _table_actor(ctx, "Afghan forces"), _table_actor(ctx, "Taliban")
    assert (army, army_state, taliban) == ("government_force", "AF", "rebel_group")
    quads = article_quads(_linked("attack", ("Afghan forces", "Taliban"), (army, taliban), (army_state, "")), RUN)
    assert _types(quads, "Afghan forces") == {KG.GovernmentForce}
    assert _state(quads, "Afghan forces") == {"AF"} and not _state(quads, "Taliban")
    assert _types(quads, "Taliban") == {KG.RebelGroup}
    assert validate_quads(quads).conforms
    row = _acled(quads)
    # an armed clash: its two actors are its two sides, A-Z; a state's forces in their own state are ACLED's 1,
    # a rebel group 2, and the interaction both, lower first
    assert [row[c] for c in ("actor1", "inter1", "actor2", "inter2", "interaction")] == [
        "Afghan forces", "1", "Taliban", "2", "12"]


@pytest.mark.parametrize(("label", "cls", "code"), [
    ("Kataib Hezbollah", KG.PoliticalMilitia, "3"),  # a militia allied with parties and the state
    ("Sinaloa Cartel", KG.PoliticalMilitia, "3"),  # ACLED's political militias take in cartels and gangs
    ("CODECO", KG.IdentityMilitia, "4"),  # a community's militia
    ("MONUSCO", KG.ExternalForce, "8"),  # a UN mission
    ("Wagner Group", KG.ExternalForce, "8"),  # hired forces of a foreign power
    ("Civilian Joint Task Force", KG.PoliticalMilitia, "3"),  # a state-allied militia (kind government_force)
], ids=["political-militia", "cartel", "identity-militia", "un-mission", "mercenaries", "state-allied-militia"])
def test_each_subkind_is_its_class_and_acled_code(label: str, cls: NamedNode, code: str) -> None:
    kind, state = _table_actor(_lexicon_ctx(), label)
    quads = article_quads(_linked("capture", (label,), (kind,), (state,)), RUN)
    assert _types(quads, label) == {cls}
    assert validate_quads(quads).conforms
    assert _acled(quads)["inter1"] == code


def test_a_states_forces_outside_their_state_are_external_forces() -> None:
    """ACLED codes a state's forces active outside their own state 8 (External/Other Forces): the table's
    country against the country of the event's place (Town A is in Afghanistan)."""
    ctx = _lexicon_ctx()
    kinds_states = [_table_actor(ctx, label) for label in ("Afghan forces", "US forces")]
    assert kinds_states == [("government_force", "AF"), ("government_force", "US")]
    quads = article_quads(_linked("attack", ("Afghan forces", "US forces"),
                                  tuple(k for k, _ in kinds_states), tuple(s for _, s in kinds_states)), RUN)
    assert _types(quads, "US forces") == {KG.GovernmentForce} and _state(quads, "US forces") == {"US"}
    row = _acled(quads)
    assert [row[c] for c in ("actor1", "inter1", "actor2", "inter2", "interaction")] == [
        "Afghan forces", "1", "US forces", "8", "18"]


def test_two_state_forces_of_no_named_state_give_the_interaction() -> None:
    quads = article_quads(_linked("attack", ("Afghan forces", "US forces"),
                                  ("government_force", "government_force")), RUN)
    row = _acled(quads)
    # no state given: kg cannot tell whether either is abroad, so both are state forces
    assert [row[c] for c in ("inter1", "inter2", "interaction")] == ["1", "1", "11"]


def test_an_armed_group_without_subkind_has_no_inter_code() -> None:
    """kg:ArmedGroup itself could be a rebel group or either kind of militia: the cell stays empty."""
    quads = article_quads(_linked("capture", ("Group A",), ("armed_group",)), RUN)
    assert _types(quads, "Group A") == {KG.ArmedGroup}
    assert (_acled(quads)["inter1"], validate_quads(quads).conforms) == ("", True)


@pytest.mark.parametrize("kinds", [("",), ()], ids=["kind-empty", "kind-missing"])
def test_an_actor_the_table_does_not_know_is_a_bare_actor_without_inter_code(kinds: tuple[str, ...]) -> None:
    label = "Front for Town A"
    assert _table_actor(_lexicon_ctx(), label) == ("", "")
    quads = article_quads(_linked("capture", (label,), kinds, ("US",)), RUN)
    assert _types(quads, label) == {KG.Actor} and not _state(quads, label)
    assert validate_quads(quads).conforms
    row = _acled(quads)
    assert (row["actor1"], row["inter1"], row["interaction"]) == (label, "", "")


def test_a_table_alias_is_not_a_label_so_it_gets_no_kind() -> None:
    """The extractor hands on the table's label; a text that is only an alias ("Taleban") is not that label."""
    assert _table_actor(_lexicon_ctx(), "Taleban") == ("", "")


def test_every_kind_of_the_actor_table_has_an_ontology_class() -> None:
    with (DATA / "actors.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    kinds = {row["subkind"] or row["kind"] for row in rows}
    assert kinds <= set(ACTOR_KINDS) == set(ACTOR_CLASSES)
    # every non-state armed group of the table says which of ACLED's three kinds it is
    assert [row["id"] for row in rows if row["kind"] == "armed_group" and not row["subkind"]] == []


def test_a_subkind_its_kind_does_not_allow_names_the_row_and_the_choices(tmp_path: Path) -> None:
    table = tmp_path / "actors.csv"
    table.write_text("id,label,kind,subkind,country,aliases\n"
                     "army-a,Army A,government_force,rebel_group,AF,Army A\n", encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        _named(table, "id")
    message = str(err.value)
    assert "'army-a'" in message and "'rebel_group'" in message
    assert ", ".join(ACTOR_SUBKINDS["government_force"]) in message


ARTICLES = {  # file: (text, publication day)
    "rebels.txt": ("M23 rebels captured the city of Goma on Monday, residents said.", "2025-01-28"),
    "militia.txt": ("Kataib Hezbollah fighters attacked the city of Samarra on Monday, police said.", "2024-05-02"),
    "identity.txt": ("CODECO militiamen attacked the town of Bunia on Wednesday, officials said.", "2024-05-02"),
    "mission.txt": ("UN peacekeepers retook the town of Bunia on Thursday, the mission said.", "2024-05-03"),
    "abroad.txt": ("Russian forces captured the town of Avdiivka on Saturday, the defence ministry said.",
                   "2024-02-19"),
    "home.txt": ("Ukrainian forces retook the city of Kherson on Friday, the general staff said.", "2022-11-12"),
}


@pytest.mark.model
def test_acled_inter_codes_from_articles(tmp_path: Path) -> None:
    """Rebels 2, militias 3 and 4, a UN mission and a foreign army 8, an army at home 1: built from articles by
    the real pipeline, exported by the CLI, read back by pandas."""
    folder = tmp_path / "articles"
    folder.mkdir()
    lines = ["file,url,headline,publisher,date_published"]
    for name, (text, day) in ARTICLES.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
        lines.append(f"{name},,Headline,Outlet,{day}")
    (folder / "articles.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    store, out = tmp_path / "store", tmp_path / "events.csv"
    runner = CliRunner()
    built = runner.invoke(app, ["build", str(folder), "--store", str(store)])
    assert built.exit_code == 0, built.output
    exported = runner.invoke(app, ["export", "--format", "acled", "-o", str(out), "--store", str(store)])
    assert exported.exit_code == 0, exported.output
    frame = pandas.read_csv(out, dtype=str, keep_default_na=False)
    codes = {(r["actor1"], r["location"]): r["inter1"] for r in frame.to_dict("records") if r["actor1"]}
    assert codes == {("M23", "Goma"): "2", ("Kataib Hezbollah", "Samarra"): "3", ("CODECO", "Bunia"): "4",
                     ("UN peacekeepers", "Bunia"): "8", ("Russian forces", "Avdiyivka"): "8",
                     ("Ukrainian forces", "Kherson"): "1"}
