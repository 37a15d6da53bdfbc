"""The column-at-a-time attribute rules must annotate exactly as spaCy's attribute ruler does."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from spacy.attrs import DEP, LEMMA, MORPH, NORM, POS, TAG
from spacy.lang.en import English
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from dyad.nlp.analyze import load_model, load_nlp
from dyad.nlp.attribute_rules import compile_rules, use_attribute_rules

FIXTURES = Path(__file__).parent / "fixtures" / "pages"
WRITTEN = [
    "I ain't gonna sign it, y'all, and we gotta leave. Let's go; c'mon, there is time.",
    "There were  two   delegations in the hall.\n\n\nThere's no deal, he said: \"We won't wait.\"",
    "MOSCOW, March 3 (Wire) - The ministry didn't comment. Wo n't they? Ca n't she?",
    "  Leading spaces.\tA tab. 'Quoted' words - and (brackets) [too]; £5, $7 and 40% off...",
    "The envoys hadn't met since 2019; they'd agreed to meet, hasn't anyone told you?",
]
ARRAY = [POS, TAG, MORPH, LEMMA, DEP, NORM]


def _same(stock: Doc, ours: Doc) -> None:
    assert np.array_equal(stock.to_array(ARRAY), ours.to_array(ARRAY))
    assert [(t.pos_, str(t.morph), t.lemma_) for t in stock] == [(t.pos_, str(t.morph), t.lemma_) for t in ours]


def test_the_models_own_rules_give_the_same_annotations_as_its_ruler() -> None:
    stock, ours = load_model(), load_model()
    assert use_attribute_rules(ours)
    assert stock.pipe_names == ours.pipe_names
    texts = WRITTEN + [page.read_text(encoding="utf-8") for page in sorted(FIXTURES.glob("*.txt"))] + ["", "\n"]
    for a, b in zip(stock.pipe(texts), ours.pipe(texts), strict=True):
        _same(a, b)


def test_dyads_pipeline_uses_them() -> None:
    assert type(load_nlp().get_pipe("attribute_ruler")).__name__ == "AttributeRules"


# Rules of every kind the compiler reads, written for these tests: equality, sets,
# exclusions, regular expressions, flags, two-token patterns aimed at either token,
# and rules that overwrite what an earlier one set.
PATTERNS = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "VB"}], [{"TAG": "VBD"}]], "attrs": {"POS": "VERB"}},
    {"patterns": [[{"TAG": "NN", "LOWER": {"IN": ["talks", "deal"]}}]], "attrs": {"LEMMA": "pact", "MORPH": "_"}},
    {"patterns": [[{"LOWER": {"REGEX": "^re"}}]], "attrs": {"POS": "ADV"}},
    {"patterns": [[{"DEP": {"NOT_IN": ["", "ROOT"]}, "TAG": "VB"}]], "attrs": {"POS": "AUX"}},
    {"patterns": [[{"LOWER": "not"}, {"TAG": "VB"}]], "attrs": {"LEMMA": "negated"}, "index": -1},
    {"patterns": [[{"LOWER": "the"}, {"LOWER": {"REGEX": "s$"}}]], "attrs": {"TAG": "NNS"}, "index": 0},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE", "DEP": "dep"}},
    {"patterns": [[{"ORTH": "Deal"}]], "attrs": {"POS": "PROPN", "NORM": "deal"}},
]
WORDS = ["the", "deal", "Deal", "talks", "not", "sign", "resign", "reopen", "envoys", "met", "\n", "  ", "is"]
TAGS = ["NN", "VB", "VBD", "DT", "NNS"]
DEPS = ["", "ROOT", "nsubj", "dobj", "aux"]


def _random_doc(nlp: English, rng: random.Random) -> Doc:
    words = [rng.choice(WORDS) for _ in range(rng.randint(0, 30))]
    doc = Doc(nlp.vocab, words=words, tags=[rng.choice(TAGS) for _ in words])
    for token in doc:
        token.dep_ = rng.choice(DEPS)
    return doc


def test_hand_written_rules_match_spacys_ruler_on_random_documents() -> None:
    nlp = English()
    ruler = AttributeRuler(nlp.vocab)
    ruler.add_patterns(PATTERNS)
    ours = compile_rules(PATTERNS, nlp.vocab)
    assert ours is not None
    rng = random.Random(5)
    changed = 0
    for _ in range(400):
        doc = _random_doc(nlp, rng)
        before = doc.to_array(ARRAY)
        copy = Doc(nlp.vocab).from_bytes(doc.to_bytes())
        _same(ruler(doc), ours(copy))
        changed += not np.array_equal(before, doc.to_array(ARRAY))
    assert changed > 300  # the rules did fire


@pytest.mark.parametrize("pattern", [
    {"patterns": [[{"TAG": "NN", "OP": "+"}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"_": {"flag": True}}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"MORPH": {"IS_SUBSET": ["Number=Sing"]}}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"LENGTH": {">=": 3}}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"ENT_TYPE": "GPE"}},
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}, "index": 1},
])
def test_a_rule_it_cannot_read_keeps_spacys_ruler(pattern: dict) -> None:
    nlp = English()
    assert compile_rules([PATTERNS[0], pattern], nlp.vocab) is None
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns([PATTERNS[0], pattern])
    assert not use_attribute_rules(nlp)
    assert nlp.get_pipe("attribute_ruler") is ruler


def test_a_pipeline_without_a_ruler_is_left_alone() -> None:
    nlp = English()
    assert not use_attribute_rules(nlp)
    assert nlp.pipe_names == []
