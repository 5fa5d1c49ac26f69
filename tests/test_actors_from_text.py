"""Actors the table does not know, recognised from the text (hand-built Docs, no model): the group named
with a generic noun ("X rebels", "forces loyal to X", "X-led fighters"), or an organisation as the subject;
and a word of a name is no trigger ("the Southern Liberation Brigade")."""
from __future__ import annotations

from tests.test_extract_units import run


def _actors(result):
    return [(e.type, e.actors) for e in result.events]


def test_forces_loyal_to_a_person_the_table_lacks():
    sent = [("Forces", "NOUN", "NNS", "nsubj", 4, "force", "O"),
            ("loyal", "ADJ", "JJ", "amod", 0, "loyal", "O"),
            ("to", "ADP", "IN", "prep", 1, "to", "O"),
            ("Karimov", "PROPN", "NNP", "pobj", 2, "Karimov", "B-PERSON"),
            ("seized", "VERB", "VBD", "ROOT", 4, "seize", "O"),
            ("Gao", "PROPN", "NNP", "dobj", 4, "Gao", "B-GPE:city"),
            (".", "PUNCT", ".", "punct", 4, ".", "O")]
    assert _actors(run(sent)) == [("capture", ("Forces loyal to Karimov",))]


def test_a_group_named_before_a_generic_noun():
    sent = [("Zorgan", "PROPN", "NNP", "compound", 1, "Zorgan", "B-ORG"),
            ("rebels", "NOUN", "NNS", "nsubj", 2, "rebel", "O"),
            ("took", "VERB", "VBD", "ROOT", 2, "take", "O"),
            ("Gao", "PROPN", "NNP", "dobj", 2, "Gao", "B-GPE:city"),
            (".", "PUNCT", ".", "punct", 2, ".", "O")]
    assert _actors(run(sent)) == [("capture", ("Zorgan",))]


def test_an_organisation_as_subject_and_a_trigger_word_inside_its_name():
    sent = [("The", "DET", "DT", "det", 3, "the", "B-ORG"),
            ("Southern", "PROPN", "NNP", "compound", 3, "Southern", "I-ORG"),
            ("Liberation", "PROPN", "NNP", "compound", 3, "Liberation", "I-ORG"),
            ("Brigade", "PROPN", "NNP", "nsubj", 4, "Brigade", "I-ORG"),
            ("captured", "VERB", "VBD", "ROOT", 4, "capture", "O"),
            ("Gao", "PROPN", "NNP", "dobj", 4, "Gao", "B-GPE:city"),
            (".", "PUNCT", ".", "punct", 4, ".", "O")]
    assert _actors(run(sent)) == [("capture", ("Southern Liberation Brigade",))]


def test_a_demonym_is_a_state_not_a_group():
    sent = [("Malian", "ADJ", "JJ", "amod", 1, "malian", "B-NORP"),
            ("troops", "NOUN", "NNS", "nsubj", 2, "troop", "O"),
            ("retook", "VERB", "VBD", "ROOT", 2, "retake", "O"),
            ("Gao", "PROPN", "NNP", "dobj", 2, "Gao", "B-GPE:city"),
            (".", "PUNCT", ".", "punct", 2, ".", "O")]
    events = run(sent).events
    assert [e.type for e in events] == ["recapture"]
    assert events[0].actors != ("Malian",)
    assert events[0].actor_state == "ML"
