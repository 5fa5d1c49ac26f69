"""Natural features named like a town ("the Sinjar mountains", "the Kunduz river valley") are not the town,
also where the event's place comes from the article's cities (a facility noun: "posts", "positions").
Through the real model, on hand-built sentences."""
from __future__ import annotations

from datetime import date

import pytest
from test_constructions import check_facts

pytestmark = pytest.mark.model
TUE = date(2015, 3, 3)  # a Tuesday

CASES = [
    ("mountains", "Militants attacked army posts in the Sinjar mountains on Monday.", [], [("attack", "Sinjar")]),
    ("river_valley", "Troops shelled rebel positions in the Kunduz river valley.", [], [("attack", "Kunduz")]),
    ("river", "Ukrainian forces crossed the Dnipro river and attacked near Kherson.",
     [("attack", "Kherson", "asserted", None)], [("attack", "Dnipro")]),
    # the town itself still counts
    ("the_town", "Militants attacked army posts in Sinjar on Monday.", [("attack", "Sinjar", "asserted", None)], []),
]


@pytest.mark.parametrize(("name", "text", "want", "absent"), CASES, ids=[c[0] for c in CASES])
def test_a_feature_named_like_a_town_is_not_the_town(nlp, name, text, want, absent) -> None:
    check_facts(nlp, text, TUE, want, absent)


@pytest.mark.parametrize(("words", "label", "kb_id", "feature"), [
    (["the", "Azov", "Sea"], "LOC", "", True),  # a name made of a feature noun, no gazetteer place
    (["Lake", "Chad"], "LOC", "", True),
    (["Red", "Sea"], "GPE", "province", False),  # a division the gazetteer knows by that name
    (["Azov"], "GPE", "", False),
])
def test_a_feature_noun_inside_the_name(words: list[str], label: str, kb_id: str, feature: bool) -> None:
    import spacy
    from spacy.tokens import Doc, Span

    from kg.extract.common import natural_feature
    from kg.extract.lexicon import load_lexicon

    doc = Doc(spacy.blank("en").vocab, words=[*words, "burned"])
    for tok in doc:
        tok.lemma_ = tok.lower_
    start = 1 if words[0] == "the" else 0
    ent = Span(doc, start, len(words), label=label, kb_id=kb_id)
    assert natural_feature(ent, load_lexicon()) is feature
