"""The reporting-verb lexicon (data/speech_verbs.yaml) and the reporting verbs and phrases found with it.

The lexicon is read once per process; the texts that speak and the verbs
that issue them are the event coder's lists (`speech_nouns`, `issuing_verbs`
in data/event_lexicon.yaml), one list for both stages. A trigger is a
reporting verb or phrase found at a token ("said", "according to", "made it
clear"); the speaker finder (quotes_speakers.py) reads who it names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Token

from dyad.data import load_yaml
from dyad.errors import DataFileError


@dataclass(frozen=True)
class SpeechEntry:
    """One reporting verb or phrase from the lexicon."""

    lemma: str
    words: tuple[str, ...]
    speaker: str  # "subject" or "after"
    cameo: str | None


@dataclass(frozen=True)
class Lexicon:
    """The reporting verbs and phrases, indexed for a token scan."""

    verbs: dict[str, SpeechEntry]
    phrases: dict[str, tuple[SpeechEntry, ...]]  # by first word, longest first
    name_cues: frozenset[str]
    relatives: frozenset[str]
    expletives: frozenset[str]
    after_quote: frozenset[str]  # verbs that report only right after a quote ("…,” she continued)
    unnamed_turns: frozenset[str]  # transcript turns that name nobody ("MODERATOR:")
    spoken_names: frozenset[str]  # naming verbs that also report: "called it 'a clear threat'"
    object_verbs: frozenset[str]  # "stressed her support": the object is what was said
    naming_verbs: frozenset[str]  # "called the vote a mistake"
    person_nouns: frozenset[str]  # "the spokesman": a person described, not named
    organisation_nouns: frozenset[str]  # "the ministry"
    charge_verbs: frozenset[str] = frozenset()  # "accused X of …": the object and the charge were said
    document_nouns: frozenset[str] = frozenset()  # "the article": a text that speaks, named before
    issuing_verbs: frozenset[str] = frozenset()  # "issued a statement saying": the issuer speaks
    state_bodies: frozenset[str] = frozenset()  # "the Egyptian Foreign Ministry": speaks for its state
    aspect_verbs: frozenset[str] = frozenset()  # "continues to insist … that": the carried verb reports
    work_nouns: frozenset[str] = frozenset()  # "the show 'Evening Line'": a title after a work's noun
    addressee_verbs: frozenset[str] = frozenset()  # "told a room of donors that …": the one told, then the clause
    setting_nouns: frozenset[str] = frozenset()  # "said at the time that …": the clause is the report's
    claim_nouns: dict[str, str] = field(default_factory=dict)  # "Roe's claim that …": noun -> the verb it names
    asking_verbs: frozenset[str] = frozenset()  # "urged voters to stay home": the object is the one asked
    group_nouns: frozenset[str] = frozenset()  # "the critics … They said": people "they" may stand for
    former_words: frozenset[str] = frozenset()  # "a former NATO chairman": no longer speaks for NATO


@dataclass(frozen=True)
class Trigger:
    """A reporting verb or phrase found in a document: its first and last token."""

    first: int
    last: int
    entry: SpeechEntry


@cache
def load_lexicon() -> Lexicon:
    """Read the reporting-verb lexicon once per process."""
    data = load_yaml("speech_verbs.yaml")
    try:
        verbs = {
            v["lemma"]: SpeechEntry(v["lemma"], (v["lemma"],), "subject", v.get("cameo"))
            for v in data["verbs"]
        }
        phrases: dict[str, list[SpeechEntry]] = {}
        for p in data["phrases"]:
            entry = SpeechEntry(
                p["lemma"], tuple(p["words"]), p.get("speaker", "subject"), p.get("cameo")
            )
            phrases.setdefault(entry.words[0], []).append(entry)
    except (KeyError, TypeError) as exc:
        raise DataFileError(
            "speech_verbs.yaml", f"has an entry without {exc}; see the comment at its top"
        ) from None
    ordered = {k: tuple(sorted(v, key=lambda e: -len(e.words))) for k, v in phrases.items()}
    words = lambda key: frozenset(str(w).lower() for w in data.get(key, []))  # noqa: E731
    shared = load_yaml("event_lexicon.yaml")  # the texts that speak and their issuing verbs: one list for both stages
    texts = lambda key: frozenset(str(w).lower() for w in shared.get(key, []))  # noqa: E731
    return Lexicon(
        verbs, ordered, words("name_cues"), words("relative_pronouns"), words("expletives"),
        words("after_quote_verbs"), words("unnamed_turns"), words("spoken_name_cues"),
        words("object_report_verbs"), words("naming_verbs"),
        words("person_nouns"), words("organisation_nouns"), words("charge_verbs"), texts("speech_nouns"),
        texts("issuing_verbs"), words("state_bodies"), words("aspect_verbs"), words("work_nouns"),
        words("addressee_verbs"), words("setting_nouns"),
        {str(k).lower(): str(v).lower() for k, v in (data.get("claim_nouns") or {}).items()},
        words("asking_verbs"), words("group_nouns"), words("former_words"),
    )


def speech_cameo(lemma: str) -> str | None:
    """Return the CAMEO code a quote with this reporting verb expresses, if the verb says."""
    lexicon = load_lexicon()
    entries = [lexicon.verbs[lemma]] if lemma in lexicon.verbs else []
    entries += [e for es in lexicon.phrases.values() for e in es if e.lemma == lemma]
    return entries[0].cameo if entries else None


NAMED_SUBJECTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})  # entity labels of who can speak


def _word_matches(token: Token, word: str) -> bool:
    """Match a lexicon word against a token's lower text or lemma."""
    return token.lower_ == word or token.lemma_.lower() == word


def trigger_at(doc: Doc, i: int, lexicon: Lexicon) -> Trigger | None:
    """Return the reporting phrase or verb that starts at token `i`, if any."""
    token = doc[i]
    for entry in lexicon.phrases.get(token.lower_, ()) + lexicon.phrases.get(
        token.lemma_.lower(), ()
    ):
        n = len(entry.words)
        if i + n <= len(doc) and all(
            _word_matches(doc[i + k], w) for k, w in enumerate(entry.words)
        ):
            return Trigger(i, i + n - 1, entry)
    verb = lexicon.verbs.get(token.lemma_.lower())
    if verb and (token.pos_ == "VERB" or token.tag_.startswith("VB") or _verb_as_noun(token)):
        return Trigger(i, i, verb)
    return None


def _verb_as_noun(token: Token) -> bool:
    """Tell whether a reporting verb was tagged a plural noun but heads a clause ("Roe claims that …").

    The tagger reads "claims", "warns" after a name as nouns now and then;
    with a name or a pronoun for its subject it is the verb ("the spate of
    protests demands that …" is a thing's demand, no one's words). The
    tagger may miss the name too ("But Trump claims that …": "Trump" a
    common noun), so a subject the entity tagger calls a person or a body
    is a name as well.
    """
    if token.tag_ != "NNS":
        return False
    children = list(token.children)
    if any(c.dep_ == "nsubj" and _named(c) for c in children):
        return True
    return _compound_subject(token, children)


def _named(token: Token) -> bool:
    """Tell whether a word names someone: a proper noun, a pronoun, or what the entity tagger calls a person or body."""
    return token.pos_ in ("PROPN", "PRON") or token.ent_type_ in NAMED_SUBJECTS


def _compound_subject(token: Token, children: list[Token]) -> bool:
    """Tell whether the parse made a verb's subject a compound of it ("Trump claims that …" as one noun phrase).

    The phrase heads its sentence with a clause of its own, the name right
    before it and no determiner: "the Trump claims that …" is a noun phrase
    ("… were rejected"), never the sentence's verb.
    """
    before = token.doc[token.i - 1] if token.i > 0 else None
    return (
        token.dep_ == "ROOT"
        and before is not None
        and before.dep_ == "compound"
        and before.head.i == token.i
        and _named(before)
        and not any(c.dep_ in ("det", "poss") for c in children)
        and any(c.dep_ == "ccomp" for c in children)
    )


def after_quote_trigger(doc: Doc, i: int, lexicon: Lexicon) -> Trigger | None:
    """Return a reporting verb at token `i`, counting the verbs that report only after a quote."""
    trigger = trigger_at(doc, i, lexicon)
    token = doc[i]
    if trigger is None and token.lemma_.lower() in lexicon.after_quote and token.pos_ == "VERB":
        lemma = token.lemma_.lower()
        return Trigger(i, i, SpeechEntry(lemma, (lemma,), "subject", None))
    return trigger


def trigger_covering(doc: Doc, i: int, lexicon: Lexicon) -> Trigger | None:
    """Return the reporting phrase or verb that token `i` is part of."""
    for k in range(max(i - 2, 0), i + 1):  # earliest start first: a phrase wins over its last verb
        trigger = trigger_at(doc, k, lexicon)
        if trigger and trigger.last >= i:
            return trigger
    return None
