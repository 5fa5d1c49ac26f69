"""A Frame to one SPARQL query. The text is built from fixed fragments chosen by which parts of the frame are
set; every value (place, type, date, actor, source, polarity) is an RDF term bound through pyoxigraph's
substitutions, never pasted. Oxigraph only substitutes projected variables, so the bound ones are projected
(and grouped by) and the caller drops them."""
from __future__ import annotations

from dataclasses import dataclass


from kg.ask.frame import Frame
from kg.graph.query import Literal, NamedNode, Variable
from kg.graph.vocab import KG_NS, XSD

Term = NamedNode | Literal
POLARITY_CLASSES = {"asserted": "Asserted", "claimed": "Claimed", "denied": "Denied"}
COLUMNS = ("report", "event", "cls", "place_id", "place", "province", "date", "precision", "pol", "publisher",
           "reported_by", "actor", "count", "count_unit", "count_qualifier", "file", "evidence", "start")


@dataclass(frozen=True)
class Compiled:
    text: str
    substitutions: dict[Variable, Term]


def type_class(code: str) -> NamedNode:
    """``prison_release`` -> kg:PrisonRelease."""
    return NamedNode(KG_NS + "".join(part.capitalize() for part in code.split("_")))


def type_code(iri: str) -> str:
    """kg:PrisonRelease -> ``prison_release``."""
    local = iri.rsplit("#", 1)[-1]
    return "".join(f"_{c.lower()}" if c.isupper() and i else c.lower() for i, c in enumerate(local))


class _Binder:
    def __init__(self) -> None:
        self.values: dict[Variable, Term] = {}

    def bind(self, prefix: str, term: Term) -> str:
        name = f"{prefix}{len(self.values)}"
        self.values[Variable(name)] = term
        return f"?{name}"


def compile_frame(frame: Frame) -> Compiled:
    """The query answering ``frame``: one row per report of each matching event."""
    b = _Binder()
    where: list[str] = []
    # Filters on bound values go after the GRAPH group: a remote store binds values with an outer VALUES
    # block (kg.graph.remote), which a FILTER inside the inner group would not see.
    filters: list[str] = []
    if frame.places:
        branches = []
        for place in frame.places:
            var = b.bind("p", NamedNode(place.iri))
            branches.append(f"{{ ?event sem:hasPlace {var} . ?event sem:hasPlace ?place_id . }}")
            if place.level in ("province", "country"):
                branches.append(f"{{ ?place_id kg:province {var} . ?event sem:hasPlace ?place_id . }}")
                branches.append(f"{{ ?place_id kg:country {var} . ?event sem:hasPlace ?place_id . }}")
        where.append(" UNION ".join(branches))
    elif frame.day is not None:
        where.append(f"?event kg:date {b.bind('d', Literal(frame.day.isoformat(), datatype=XSD.date))} .")
    where.append("?event a ?cls .")
    if frame.types:
        classes = ", ".join(b.bind("t", type_class(t)) for t in frame.types)
        filters.append(f"FILTER(?cls IN ({classes}))")
    else:
        where.append("FILTER(STRSTARTS(STR(?cls), STR(kg:)) && ?cls != kg:Event)")
    where.append("?report kg:about ?event ; kg:source ?article ; kg:polarity ?pol .")
    if frame.polarity:
        filters.append(f"FILTER(?pol = {b.bind('o', NamedNode(KG_NS + POLARITY_CLASSES[frame.polarity]))})")
    if frame.actor:
        keys = ", ".join(b.bind("a", Literal(k)) for k in frame.actor.keys)
        where.append("?event sem:hasActor ?actorNode . ?actorNode rdfs:label ?actorName .")
        filters.append(f"FILTER(LCASE(STR(?actorName)) IN ({keys}))")
    if frame.source:
        keys = ", ".join(b.bind("s", Literal(k)) for k in frame.source.keys)
        where.append("{ ?report kg:attributedTo ?sourceNode . ?sourceNode rdfs:label ?sourceName } UNION "
                     "{ ?report kg:attributedTo ?sourceNode . ?sourceNode kg:role ?sourceName } UNION "
                     "{ ?article schema:publisher ?sourceNode . ?sourceNode rdfs:label ?sourceName }")
        filters.append(f"FILTER(LCASE(STR(?sourceName)) IN ({keys}))")
    if frame.date_from is not None or frame.date_to is not None:
        where.append("?event kg:date ?date .")
        if frame.day is None:
            if frame.date_from is not None:
                since = b.bind("d", Literal(frame.date_from.isoformat(), datatype=XSD.date))
                filters.append(f"FILTER(?date >= {since})")
            if frame.date_to is not None:
                filters.append(f"FILTER(?date <= {b.bind('d', Literal(frame.date_to.isoformat(), datatype=XSD.date))})")
    else:
        where.append("OPTIONAL { ?event kg:date ?date }")
    if not frame.places:
        where.append("OPTIONAL { ?event sem:hasPlace ?place_id }")
    if frame.capital_only:
        where.append("FILTER(EXISTS { ?place_id kg:seatOf ?seat } || EXISTS { GRAPH ?g2 { "
                     "?other kg:calledCapital true ; kg:about ?otherEvent . ?otherEvent sem:hasPlace ?place_id } })")
    params = " ".join(str(v) for v in b.values)
    text = f"""
SELECT ?report ?event ?cls ?place_id ?place ?province ?date
       (GROUP_CONCAT(DISTINCT STR(?precisionTerm); separator=" ") AS ?precision) ?pol ?publisher
       (GROUP_CONCAT(DISTINCT COALESCE(?reporter, ""); separator="; ") AS ?reported_by)
       (GROUP_CONCAT(DISTINCT COALESCE(?actorLabel, ""); separator="; ") AS ?actor)
       (MAX(?countValue) AS ?count) (SAMPLE(?unit) AS ?count_unit) (SAMPLE(?qualifier) AS ?count_qualifier)
       ?file ?evidence ?start {params}
WHERE {{
  GRAPH ?g {{
    {chr(10).join('    ' + w for w in where).strip()}
  }}
  {chr(10).join('  ' + f for f in filters).strip()}
  OPTIONAL {{ GRAPH ?g {{ ?place_id rdfs:label ?place }} }}
  OPTIONAL {{ GRAPH ?g {{ ?place_id kg:province/rdfs:label ?province }} }}
  OPTIONAL {{ GRAPH ?g {{ ?event kg:datePrecision ?precisionTerm }} }}
  OPTIONAL {{ GRAPH ?g {{ ?article schema:publisher/rdfs:label ?publisher }} }}
  OPTIONAL {{ GRAPH ?g {{ ?article kg:file ?file }} }}
  OPTIONAL {{ GRAPH ?g {{ ?report kg:evidence/oa:hasSelector/oa:exact ?evidence }} }}
  OPTIONAL {{ GRAPH ?g {{ ?report kg:evidence/oa:hasSelector/oa:start ?start }} }}
  OPTIONAL {{ GRAPH ?g {{ ?event sem:hasActor/rdfs:label ?actorLabel }} }}
  OPTIONAL {{ GRAPH ?g {{ ?event kg:count ?countValue }} }}
  OPTIONAL {{ GRAPH ?g {{ ?event kg:countUnit ?unit }} }}
  OPTIONAL {{ GRAPH ?g {{ ?event kg:countQualifier ?qualifier }} }}
  OPTIONAL {{ GRAPH ?g {{
    ?report kg:attributedTo ?agent . ?agent rdfs:label ?agentLabel .
    OPTIONAL {{ ?agent kg:role ?role }}
  }} }}
  BIND(IF(BOUND(?role), CONCAT(?agentLabel, " (", ?role, ")"), ?agentLabel) AS ?reporter)
}}
GROUP BY ?report ?event ?cls ?place_id ?place ?province ?date ?pol ?publisher ?file ?evidence ?start {params}
ORDER BY (!BOUND(?date)) ?date ?place ?cls ?file ?start ?report
"""
    return Compiled(text, dict(b.values))
