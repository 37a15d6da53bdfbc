"""Find the agreements a page names: "the Treaty of Lausanne", "the Japan-ROK Joint Declaration".

A named agreement is a text its parties are bound by, whatever the sentence
around it says ("This is recognised by the Treaty of Lausanne", "increase
investments in the Enhanced Defense Cooperation Agreement sites"): an
agreement commitment, at the name's first mention in the document, even in a
sentence that reports another commitment. A name that a verb of signing takes
("signed the X Agreement", "may ink the X Agreement") is left to that form,
which tells a text signed from a signing forecast; a name of an agreement not
yet made ("a possible X Agreement") is none. An agreement of fixed membership
binds its own parties, whatever states the page is about (`bound`). The words
are in `commitment_cues.yaml` (`named`).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from dyad.extract.commitments.commitment_cues import CommitmentCues
from dyad.extract.commitments.commitment_parts import Cue

__all__ = ["named_agreement"]

INDEFINITE = frozenset({"a", "an", "any", "another"})
HEADLINE_WORDS = 3  # content words a title-case line needs to be taken for a headline or crosshead


def named_agreement(token: Token, sent: Span, words: CommitmentCues, seen: set[str]) -> Cue | None:
    """Return an agreement cue for the phrase a token of `sent` names an agreement in, once per name (`seen`).

    The cue's head is the phrase's root, so the act is the whole name ("Treaty of Lausanne").
    """
    if token.lower_ not in words.named_nouns:
        return None
    root = _phrase_root(token)
    name = _name(root, token, sent.start, words)
    if name is None or name in seen or _headline(sent):
        return None
    seen.add(name)
    if _signed(root, words) or _unsettled(root, words):
        return None
    return Cue(token, "agreement", root, None, bound=words.named_parties.get(name, ()))


def _headline(sent: Span) -> bool:
    """Tell whether a sentence is set in title case, as a headline is: no content word in lower case."""
    words = [t for t in sent if t.is_alpha and not t.is_stop and len(t) > 3]
    return len(words) >= HEADLINE_WORDS and not any(t.is_lower for t in words)


def _phrase_root(token: Token) -> Token:
    """Climb from a noun to the root of its noun phrase ("Agreement" -> "BECA" in "BECA (… Agreement) agreement").

    A conjunct with its own determiner opens a phrase of its own, the last item
    of a list ("Kenya, Uganda and THE Trade Agreement"), not a word of the name.
    """
    for _ in range(6):
        if token.dep_ not in ("compound", "appos", "conj", "amod", "nmod") or token.head.pos_ not in ("NOUN", "PROPN"):
            break
        if token.dep_ == "conj" and any(c.dep_ == "det" for c in token.children):
            break
        token = token.head
    return token


def _name(root: Token, noun: Token, first: int, words: CommitmentCues) -> str | None:
    """Return the name a phrase gives an agreement, lower-cased, or None when it gives none.

    A capitalised noun needs a capitalised word before it or an "of" name
    ("Joint Declaration", "Treaty of Lausanne"; not "Agreement is signed"
    opening a sentence); a lower-case one a programme's title before it ("the
    Merida Initiative accord", "the Merida Initiative, a security agreement").
    `first` is the index of the sentence's first token, capitalised whatever it is.
    """
    doc = noun.doc
    before = [t for t in doc[max(first, min(root.left_edge.i, noun.i)) : noun.i] if t.is_title and t.i != first]
    if noun.is_title:
        of = [t for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for t in c.subtree if t.is_title]
        if not before and not of:
            return None
        named = [*before, noun, *of]
    elif any(t.lower_ in words.named_titles for t in before):
        named = before
    else:
        return None
    return " ".join(t.lower_ for t in named)


def _signed(root: Token, words: CommitmentCues) -> bool:
    """Tell whether a verb of signing takes the phrase ("signed the X Agreement", "the X Treaty signed on Thursday")."""
    head = root.head
    if root.dep_ in ("dobj", "nsubjpass", "nsubj") and head.lemma_.lower() in words.signing_verbs:
        return True
    return any(c.dep_ in ("acl", "relcl") and c.lemma_.lower() in words.signing_verbs for c in root.children)


def _unsettled(root: Token, words: CommitmentCues) -> bool:
    """Tell whether the phrase names an agreement not yet made: "a possible X Agreement", "a draft X Treaty"."""
    return any(
        (c.dep_ == "det" and c.lower_ in INDEFINITE) or (c.dep_ == "amod" and c.lower_ in words.unsettled)
        for c in root.children
    )
