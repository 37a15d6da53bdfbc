"""A noun the parser fused with the verb after it is that verb's subject.

spaCy sometimes hangs a bare noun right before an ambiguous verb on it as a
compound ("the chance a scandal FORCES him out" read as one noun "scandal
forces"); the verb then seems to have no subject, and the coder climbed to the
clause above and gave the act to its subject. The parses here are built by hand
so the test does not depend on the model's mood; the sentences are written for
these tests.
"""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from dyad.extract.events.events_syntax import subject_of

_VOCAB = spacy.blank("en").vocab


def _doc(words: list[str], heads: list[int], deps: list[str], pos: list[str], tags: list[str]) -> Doc:
    return Doc(_VOCAB, words=words, heads=heads, deps=deps, pos=pos, tags=tags)


def test_compound_noun_before_a_verb_is_its_subject_not_the_clause_above() -> None:
    # "Aides plan for the chance a scandal forces him out": the scandal forces, not the aides
    doc = _doc(
        ["Aides", "plan", "for", "the", "chance", "a", "scandal", "forces", "him", "out"],
        [1, 1, 1, 4, 2, 6, 7, 1, 7, 7],
        ["nsubj", "ROOT", "prep", "det", "pobj", "det", "compound", "conj", "dobj", "prt"],
        ["NOUN", "VERB", "ADP", "DET", "NOUN", "DET", "NOUN", "VERB", "PRON", "ADP"],
        ["NNS", "VBP", "IN", "DT", "NN", "DT", "NN", "VBZ", "PRP", "RP"],
    )
    subject, passive = subject_of(doc[7])
    assert subject is not None and subject.text == "scandal"
    assert not passive


def test_near_miss_verb_with_its_own_subject_keeps_it() -> None:
    # "Aides say a scandal forces him out": parsed right, the subject is the subject
    doc = _doc(
        ["Aides", "say", "a", "scandal", "forces", "him", "out"],
        [1, 1, 3, 4, 1, 4, 4],
        ["nsubj", "ROOT", "det", "nsubj", "ccomp", "dobj", "prt"],
        ["NOUN", "VERB", "DET", "NOUN", "VERB", "PRON", "ADP"],
        ["NNS", "VBP", "DT", "NN", "VBZ", "PRP", "RP"],
    )
    subject, _ = subject_of(doc[4])
    assert subject is not None and subject.text == "scandal"


def test_near_miss_subjectless_conjunct_still_climbs() -> None:
    # "Aides met and plan more talks": no fused noun, the conjunct shares the aides
    doc = _doc(
        ["Aides", "met", "and", "plan", "more", "talks"],
        [1, 1, 1, 1, 5, 3],
        ["nsubj", "ROOT", "cc", "conj", "amod", "dobj"],
        ["NOUN", "VERB", "CCONJ", "VERB", "ADJ", "NOUN"],
        ["NNS", "VBD", "CC", "VBP", "JJ", "NNS"],
    )
    subject, _ = subject_of(doc[3])
    assert subject is not None and subject.text == "Aides"


def test_near_miss_participle_after_a_noun_is_no_fused_subject() -> None:
    # "Peru vetoed a council resolution censuring Chile": the participle describes the
    # resolution, whose author censures; the noun is no subject of its own
    doc = _doc(
        ["Peru", "vetoed", "a", "council", "resolution", "censuring", "Chile"],
        [1, 1, 5, 4, 5, 1, 5],
        ["nsubj", "ROOT", "det", "compound", "compound", "dobj", "dobj"],
        ["PROPN", "VERB", "DET", "NOUN", "NOUN", "VERB", "PROPN"],
        ["NNP", "VBD", "DT", "NN", "NN", "VBG", "NNP"],
    )
    subject, _ = subject_of(doc[5])
    assert subject is None or subject.text != "resolution"
