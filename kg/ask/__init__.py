"""Plain questions, understood: a question parser (kg.ask.parse) builds a typed Frame from the project's own
knowledge (event lexicon, temporal resolver, gazetteer, actor and agency tables); kg.ask.compile turns it
into one SPARQL query with every value bound; kg.ask.answer runs it and shows the interpretation first."""
from __future__ import annotations

from kg.ask.frame import MAX_QUESTION_CHARS, Frame, Ignored, NamedRef, PlaceRef
from kg.ask.knowledge import GraphKnowledge, StaticKnowledge
from kg.ask.parse import EXAMPLES, parse

__all__ = ["EXAMPLES", "MAX_QUESTION_CHARS", "Frame", "GraphKnowledge", "Ignored", "NamedRef", "PlaceRef",
           "StaticKnowledge", "parse"]
