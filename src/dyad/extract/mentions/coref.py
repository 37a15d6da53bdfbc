"""Coreference inside one document: pronouns, bare surnames and bare roles.

The rule is deliberately simple so that a reader can predict it:

- **Pronouns** ("he", "him", "his", "himself", "she", …) refer to a person
  mentioned before them whose gender does not conflict (data/gender.yaml:
  a title before the name, else the given name; a person of unknown gender
  stays a candidate for every pronoun):
  1. a possessive or reflexive pronoun takes the subject of its own clause
     when that subject is a person ("Lavrov defended his country's actions";
     a relative "who" counts as the noun it modifies: "Iwaya, who told his
     counterpart");
     a pronoun in what someone's people (resolve_words.yaml
     `possessed_people`) say or do takes their owner ("Roe's lawyer said he
     will appeal", "the Roe campaign denied that he was ill");
  2. otherwise the most recent person that is the subject of a clause earlier
     in the same sentence, then in the previous sentence ("Iwaya stressed ...
     According to him, ..."); in each, a main clause's subject comes before
     that of a clause inside another ("Roe said Doe was late. She ...": Roe),
     except for a pronoun inside such a clause in the same sentence, which
     takes the nearer ("Roe said Doe thinks he can win": Doe).
     A sentence wholly inside quotation marks is no sentence back ("Roe
     spoke. 'A? B? C,' she said": one sentence from Roe);
  3. otherwise the most recent person that is a subject in the last three
     sentences, then the most recent person mentioned there at all.
  A pronoun outside quotation marks never takes a person named inside them
  ("'Obama had plenty,' he said": the speaker is not Obama).
  An object pronoun ("him") never takes the person who is the subject of
  its own clause ("Kono met Lavrov and thanked him" -> Lavrov; a conjoined
  verb shares its first conjunct's subject). Nothing found: no mention.
- **Bare surnames** ("Shoigu" after "Sergei Shoigu") take the person of the
  same surname mentioned most recently in the document, before any
  dictionary lookup: inside a document a surname means the person already
  introduced. A namesake named in passing (as a relative, or not as a
  subject) does not take it from the person the text already calls by it.
  A title of one gender rules out a namesake of the other ("Mrs. Roe" after
  "Sen. John Roe" and "Jane Roe": Jane Roe).
- **Bare roles** without a country ("the minister", "the Foreign Minister")
  take the most recent person whose role, on the document's date or as the
  text gave it, is in the phrase's family (see role_phrases.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np
from spacy.attrs import DEP, HEAD
from spacy.tokens import Doc, Token

from dyad.data import load_yaml
from dyad.extract.quotes.quotes_marks import find_spans
from dyad.nlp.analyze import column, doc_text, sentences

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
RELATIVE = frozenset({"who", "whom", "that", "which"})
EMBEDDED = frozenset({"ccomp", "advcl", "relcl", "acl", "pcomp", "xcomp", "csubj"})
PRONOUN_REACH = 3  # sentences back that rule 3 looks
QUOTED_MIN_TOKENS = 4  # shorter quoted words are a phrase ("dubbed him 'the Fixer'"), not speech


@dataclass
class Seen:
    """A person mention already resolved, as coreference needs it."""

    actor: str
    start: int  # token index
    end: int
    sent: int
    subject: bool
    main: bool  # the subject of a main clause, not of a clause inside another ("Roe said Doe was late": Roe)
    roles: frozenset[str]
    country: str | None


@dataclass
class History:
    """People mentioned so far in a document, in text order, and the subject tokens of every clause."""

    doc: Doc
    subjects: frozenset[int]
    main_subjects: frozenset[int]
    sent_of: list[int]
    quoted: frozenset[int] = frozenset()  # tokens inside quoted speech (QUOTED_MIN_TOKENS or more)
    own_subjects: frozenset[int] = frozenset()  # the subjects alone, without the names beside them
    owners: dict[int, int] = field(default_factory=dict)  # verb -> the owner of its subject people ("Roe's lawyer")
    seen: list[Seen] = field(default_factory=list)
    by_surname: dict[str, str] = field(default_factory=dict)
    called: dict[str, str] = field(default_factory=dict)  # surname key -> the person last called by it alone
    bearers: dict[str, list[str]] = field(default_factory=dict)  # surname key -> everyone named with it
    genders: dict[str, str] = field(default_factory=dict)  # actor id -> "male" / "female"

    @classmethod
    def of(cls, doc: Doc, possessed_people: frozenset[str] = frozenset()) -> History:
        """Index a document's sentences and clause subjects once.

        `possessed_people` are nouns for someone's people ("wife", "lawyer"):
        a name owning one of them is not the subject ("Roe's lawyer said").
        """
        quoted = _quoted_tokens(doc)
        sent_of = [0] * len(doc)
        n = -1
        for sent in sentences(doc):
            # a sentence wholly inside quotation marks is no step back: "'A? B? C,' she said" is one step from A
            n += n < 0 or any(t.i not in quoted and not (t.is_punct or t.is_space) for t in sent)
            sent_of[sent.start : sent.end] = [n] * (sent.end - sent.start)
        deps = column(doc, DEP)
        strings = doc.vocab.strings
        # every conjunct of a subject is one ("X, Y and Z remove their masks")
        subjects: set[int] = set()
        main: set[int] = set()
        heads = np.arange(len(doc)) + column(doc, HEAD).astype(np.int64)  # the parse's offsets, as indices
        at = np.flatnonzero(np.isin(deps, [strings[dep] for dep in SUBJECT_DEPS]))
        inner = _embedded_at(heads[at], heads, np.isin(deps, [strings[dep] for dep in EMBEDDED]))
        for i, in_inner in zip(at.tolist(), inner.tolist(), strict=True):
            token = doc[i]
            head = _subject(token)
            subjects.update(t.i for t in (head, *head.conjuncts))
            if not in_inner:
                main.update(t.i for t in (token, *token.conjuncts))
        own = frozenset(subjects)
        owners: dict[int, int] = {}
        # names beside a subject only: the parse's HEAD array (offsets) picks them without a Token per compound
        beside = np.flatnonzero(np.isin(deps, [strings[dep] for dep in ("appos", "poss", "compound")]))
        beside = beside[np.isin(heads[beside], list(own))]
        for i in beside.tolist():
            name = doc[i]
            if _stands_for(name, possessed_people):
                subjects.add(i)
                if name.head.i in main:
                    main.add(i)
            elif _owns_people(name, possessed_people):
                owners[name.head.head.i] = i
        return cls(doc, frozenset(subjects), frozenset(main), sent_of, quoted, own, owners)

    def add(
        self, actor: str, start: int, end: int, roles: frozenset[str], country: str | None,
        gender: str | None = None,
    ) -> None:
        """Record a resolved person mention, and the person's gender when the mention tells it."""
        if gender is not None:
            self.genders.setdefault(actor, gender)
        subject = any(i in self.subjects for i in range(start, end))
        main = any(i in self.main_subjects for i in range(start, end))
        self.seen.append(Seen(actor, start, end, self.sent_of[start], subject, main, roles, country))

    def roles_of(self, actor: str) -> frozenset[str]:
        """Return the roles last recorded for an actor."""
        return next((s.roles for s in reversed(self.seen) if s.actor == actor), frozenset())

    def surname(self, key: str) -> str | None:
        """Return the person last introduced with this surname key, if any, and note the call."""
        found = self.by_surname.get(key)
        if found is not None:
            self.called[key] = found
        return found

    def namesake(self, key: str, gender: str) -> str | None:
        """Return the last person named with this surname who may be of this gender ("Mrs. Roe": not him)."""
        return next((a for a in reversed(self.bearers.get(key, [])) if self.genders.get(a, gender) == gender), None)

    def name_surname(self, key: str, actor: str, start: int, end: int, kin: bool) -> None:
        """Give a surname to the person just named in full, unless it is already someone's.

        A bare surname is the person last named with it, except that a namesake
        named in passing does not take it: "his wife, Jane Roe" (a relative)
        leaves a later "Roe" with the senator named before her, "a photo of Jane
        Roe" (no subject) with the Roe the text has already called so; "the
        envoy Jane Roe spoke" takes it.
        """
        if actor not in self.bearers.setdefault(key, []):
            self.bearers[key].append(actor)
        known = self.called.get(key) or (self.by_surname.get(key) if kin else None)
        # only a full name can be in passing: "Hillary" alone, after "Clinton" meant someone else, is her again
        passing = kin or (end - start > 1 and not any(i in self.own_subjects for i in range(start, end)))
        self.by_surname[key] = known if known is not None and known != actor and passing else actor

    def role(self, family: frozenset[str], country: str | None, before: int) -> str | None:
        """Return the most recent person whose roles meet a role family (and country, if given)."""
        for seen in reversed(self.seen):
            if seen.start >= before:
                continue
            if seen.roles & family and (country is None or seen.country == country):
                return seen.actor
        return None

    def pronoun(self, token: Token, kind: str) -> str | None:
        """Resolve a pronoun by the three-step rule in the module docstring."""
        want = _genders()[0].get(token.lower_)
        outside = token.i not in self.quoted
        earlier = [
            s for s in self.seen
            if s.end <= token.i and s.start != token.i and (want is None or self.genders.get(s.actor, want) == want)
            and not (outside and s.start in self.quoted)
        ]
        if not earlier:
            return None
        own = _clause_subject(token)
        if own is not None and kind in ("possessive", "reflexive"):
            for seen in reversed(earlier):
                if seen.start <= own < seen.end:
                    return seen.actor
        excluded = {s.actor for s in earlier if kind == "object" and own is not None and s.start <= own < s.end}
        allowed = [s for s in earlier if s.actor not in excluded]
        owner = self._owner_over(token)
        if owner is not None:  # "Roe's lawyer said he will appeal": Roe
            for seen in reversed(allowed):
                if seen.start <= owner < seen.end:
                    return seen.actor
        sent = self.sent_of[token.i]
        local = _in_embedded_clause(token)  # "Roe said Doe thinks he can win": he is Doe, the nearer
        for back in (0, 1):
            for main in (back > 0 or not local, False):  # a main clause's subject first ("Roe said Doe ...")
                for seen in reversed(allowed):
                    if seen.sent == sent - back and seen.subject and (seen.main or not main):
                        return seen.actor
        for subject_only in (True, False):
            for seen in reversed(allowed):
                if sent - seen.sent < PRONOUN_REACH and (seen.subject or not subject_only):
                    return seen.actor
        return None

    def _owner_over(self, token: Token) -> int | None:
        """Return the owner of the people who say or do what a clause holding the token tells, if any.

        Someone's lawyer, aides or campaign speak for them: in "Roe's lawyer
        said he will appeal" the "he" is Roe, and so in anything their verb
        governs ("Roe's aides try to end the talk that he is ill"); not in a
        verb conjoined to theirs ("Roe's lawyer spoke, and he left"), nor the
        pronoun their verb takes itself ("Roe's lawyer thanked him").
        """
        if not self.owners:
            return None
        below = token
        for verb in token.ancestors:
            if verb.i in self.owners:
                return self.owners[verb.i] if below is not token and below.dep_ != "conj" else None
            below = verb
        return None


def _quoted_tokens(doc: Doc) -> frozenset[int]:
    """Return the tokens inside quoted speech: a person named there is the speaker's, not the narrator's."""
    inside: set[int] = set()
    for span in find_spans(doc_text(doc)):
        words = doc.char_span(span.start, span.end, alignment_mode="expand")
        if words is not None and len(words) >= QUOTED_MIN_TOKENS:
            inside.update(range(words.start, words.end))
    return frozenset(inside)


@cache
def _genders() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Read data/gender.yaml: (pronoun, title, given name) -> gender."""
    data = load_yaml("gender.yaml")
    return tuple(  # type: ignore[return-value]
        {word.lower(): gender for gender, words in data[key].items() for word in words}
        for key in ("pronouns", "titles", "given_names")
    )


def is_given_name(word: str) -> bool:
    """Tell whether a word is a given name of data/gender.yaml ("Alejandro", "Noura")."""
    return word.lower() in _genders()[2]


def title_gender(word: str) -> str | None:
    """Return the gender a title written before a name tells ("mrs." -> "female"), None for other words."""
    return _genders()[1].get(word.rstrip("."))


def pronoun_gender(word: str) -> str | None:
    """Return the gender of a pronoun ("she" -> "female"), None for others."""
    return _genders()[0].get(word.lower())


def gender_of(name: str, title: str | None) -> str | None:
    """Tell a person's gender from the title written before the name, else the given name."""
    _, titles, given = _genders()
    if title is not None and title.lower().rstrip(".") in titles:
        return titles[title.lower().rstrip(".")]
    words = name.lower().split()
    # Not the last word: a last word is a surname, and many surnames are given names too
    # ("Rakeyia Scott" is no man). The first word that is a given name, so that an epithet
    # or a stray word the tagger took in ("Crooked Hillary Roe") does not hide it.
    return next((given[w] for w in words[: max(len(words) - 1, 1)] if w in given), None)


def _in_embedded_clause(token: Token) -> bool:
    """Tell whether a token sits in a clause inside another (its nearest verb is embedded)."""
    verb = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
    return verb is not None and embedded(verb)


def embedded(verb: Token) -> bool:
    """Tell whether a verb heads a clause inside another: a complement, adverbial or relative clause.

    Its subject is less salient than the main clause's: in "Roe said Doe was
    late" a later "she" is more likely Roe.
    """
    for _ in range(8):
        if verb.dep_ in EMBEDDED:
            return True
        if verb.head is verb:
            return False
        verb = verb.head
    return False


def _embedded_at(verbs: np.ndarray, heads: np.ndarray, inner: np.ndarray) -> np.ndarray:
    """Tell of each verb (an index) whether it heads an embedded clause, as `embedded` does, all at once.

    `heads` holds each token's head index and `inner` whether its label is
    in EMBEDDED. A Token per step up the tree for every subject of a page
    was a fifth of resolving its mentions; these are a few array steps.
    """
    found = np.zeros(len(verbs), dtype=bool)
    done = np.zeros(len(verbs), dtype=bool)
    at = verbs
    for _ in range(8):  # as far up as `embedded` climbs
        hit = ~done & inner[at]
        found |= hit
        done |= hit | (heads[at] == at)  # the root: no clause above
        at = heads[at]
    return found


def _stands_for(name: Token, possessed_people: frozenset[str]) -> bool:
    """Tell whether a name beside a subject stands for it as the subject of its clause.

    A name in apposition does ("His wife, Ann Roe, spoke"), and so does the
    name owning a thing that is the subject ("Roe's plan failed, and he
    ..."), but not one owning a person ("Roe's lawyer said": the lawyer spoke),
    nor a thing a relative clause describes ("Roe's book, which explored …").
    """
    if name.pos_ != "PROPN":
        return False
    if name.dep_ == "appos":
        return True
    owned = name.head
    return owned.pos_ == "NOUN" and owned.dep_ in SUBJECT_DEPS and owned.lemma_.lower() not in possessed_people


def _owns_people(name: Token, possessed_people: frozenset[str]) -> bool:
    """Tell whether a name owns the people who are a subject ("Roe's lawyer", "the Roe campaign", "her aides")."""
    if name.pos_ not in ("PROPN", "PRON") or (name.dep_ == "compound" and name.pos_ != "PROPN"):
        return False
    owned = name.head
    return owned.pos_ == "NOUN" and owned.dep_ in SUBJECT_DEPS and owned.lemma_.lower() in possessed_people


def _subject(token: Token) -> Token:
    """Map a relative pronoun subject to the noun its clause modifies."""
    if token.lower_ in RELATIVE and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _clause_subject(token: Token) -> int | None:
    """Return the token index of the subject of the clause a token sits in, if any."""
    node = token
    for _ in range(8):
        head = node.head
        if head.pos_ in ("VERB", "AUX"):
            return _verb_subject(head, token)
        if head is node:
            return None
        node = head
    return None


def _verb_subject(verb: Token, token: Token) -> int | None:
    """Return a verb's subject; a conjoined verb shares its first conjunct's ("X met Y and thanked him")."""
    for _ in range(4):
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS and child.i != token.i:
                return _subject(child).i
        if verb.dep_ != "conj" or verb.head is verb:
            return None
        verb = verb.head
    return None
