"""More forms a promise takes in news than "agreed to X": signed texts, pledges, schedules, action lists.

Each function recognises one form at one token and returns a `Cue` whose
`head` is the word the promised act hangs from, as `commitments.py` expects:

1. **signed texts**: "signed a treaty", "secured a new deal", "a contract has
   been signed", "agreed on the export of …" (kind agreement; the act is the
   text or the matter agreed);
2. **pledges named by a noun**: "affirmed their commitment to …", "remained
   committed to …", "extended support to …" (kind intention; the act is what
   the pledge is to); an intention a named owner has ("Japan's plan to
   deploy …"), whatever verb governs it; a promise noun with a "to" act that
   is owned, made or won ("Kenya's pledge to …", "a pledge made … to …",
   "extracted an agreement to …": kind agreement);
3. **parties bound**: "committed their nations to the accord", "a pact
   obliging every member to …" (kind agreement);
4. **schedules**: "were scheduled to pay a call", "is set to meet" (passive
   with "to" only: "expects that …" is no plan), or seen ("appears set to
   …"); "expected" only of a party or a meeting;
5. **action lists**: a paragraph that is one imperative sentence ("Advance
   cybersecurity cooperation"), as joint statements list what the parties
   will do (kind intention; parties: the document's two states).

The words are in `commitment_cues.yaml` (`signing`, `pledges`, `binding`, `schedules`,
`seeming`, `forecasts`, `imperative`).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from dyad.extract.commitments.commitment_cues import CommitmentCues
from dyad.extract.commitments.commitment_parts import (
    Cue,
    actorish,
    inverted,
    is_meeting,
    subject_of,
)
from dyad.extract.events.events_syntax import prep_objects

__all__ = ["SECOND_PERSON", "form_cue", "opens_line"]

NAMED_ACTORS = frozenset({"GPE", "NORP", "PERSON", "ORG"})  # entity types of a subject that can pledge a sum
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself"})


def form_cue(token: Token, words: CommitmentCues) -> Cue | None:
    """Recognise a token as one of the further forms of a commitment."""
    if token.pos_ == "NOUN" and token.lemma_.lower() in words.intent_nouns:
        return _owned_intention(token)
    if token.pos_ == "NOUN" and token.lemma_.lower() in words.bound_nouns and not _read_by_verb(token, words):
        return _owned_intention(token, "agreement") or _made_promise(token, words)
    return (_signed(token, words) or _pledged(token, words) or _bound(token, words) or _scheduled(token, words)
            or _listed(token, words))


def _bound(token: Token, words: CommitmentCues) -> Cue | None:
    """Match a verb that binds a party to something: "committed their two nations TO the accord".

    Also by a text ("a pact committing every member TO cutting quotas"). The
    party bound is the object, and must name one ("committed his troops to
    the battle", "committed fraud to open …" bind no party).
    """
    if token.pos_ != "VERB" or token.lemma_.lower() not in words.binding:
        return None
    party = next((c for c in token.children if c.dep_ == "dobj"), None)
    if party is None or not actorish(party, words):
        return None
    target = _to_object(token)
    if target is None or target.pos_ not in ("NOUN", "PROPN", "VERB"):
        return None
    subject = subject_of(token)
    return Cue(token, "agreement", target, subject if actorish(subject, words) else party)


def _read_by_verb(noun: Token, words: CommitmentCues) -> bool:
    """Tell whether a promise noun is the object of a verb of signing or pledging, whose own cue reads it."""
    verb = noun.head
    lemma = verb.lemma_.lower()
    return noun.dep_ in ("dobj", "nsubjpass") and (lemma in words.signing_verbs or lemma in words.pledge_verbs)


def _owned_intention(noun: Token, kind: str = "intention") -> Cue | None:
    """Match an intention named by a noun with a named owner and a "to" act: "Japan's plan TO deploy …".

    Whatever verb governs it ("appreciated the intention of our Turkish
    friends to use …"); an owner that names no one ("the plan to build …") makes none.
    """
    act = _to_act(noun, ("acl",))
    if act is None:
        return None
    owners = [c for c in noun.children if c.dep_ == "poss"] + prep_objects(noun, ("of", "from"))
    owner = next((o for o in owners if any(t.pos_ == "PROPN" or t.ent_type_ in NAMED_ACTORS for t in o.subtree)), None)
    return Cue(noun, kind, act, owner) if owner is not None else None


def _to_act(word: Token, deps: tuple[str, ...]) -> Token | None:
    """Return the "to" verb a word takes as one of `deps` ("a plan TO deploy", "a pledge made … TO cut")."""
    return next((c for c in word.children if c.dep_ in deps and c.pos_ == "VERB"
                 and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)


def _made_promise(noun: Token, words: CommitmentCues) -> Cue | None:
    """Match a promise noun with no owner that was made or won: "a pledge MADE in Lima to cut …".

    Made ("a deal struck last year to cut …", "an agreement the ministers
    reached to build …": the act hangs from the participle or the relative
    verb) or won of someone ("they extracted an agreement to set …"); a
    promise noun alone ("the deal to sell the port collapsed") may be one
    that never was.
    """
    for verb in noun.children:
        if verb.dep_ in ("acl", "relcl") and verb.lemma_.lower() in words.making:
            act = _to_act(verb, ("xcomp", "advcl"))
            if act is not None:
                return Cue(noun, "agreement", act, subject_of(verb))
    verb = noun.head
    if noun.dep_ == "dobj" and verb.lemma_.lower() in words.winning:  # the parser may hang the act on the verb
        act = _to_act(noun, ("acl",)) or _to_act(verb, ("advcl", "xcomp"))
        return Cue(noun, "agreement", act, subject_of(verb)) if act is not None else None
    return None


def _signed(token: Token, words: CommitmentCues) -> Cue | None:
    """Match a verb of signing with a text as object or passive subject, or "agreed on/to X".

    Also "the agreements REACHED at the summit" (a participle on the text) and
    "the SIGNING of the agreement" (the noun of signing).
    """
    word = token.lemma_.lower()
    if word in words.signing_nouns and token.pos_ == "NOUN":
        text = next((o for o in prep_objects(token, ("of",)) if o.lemma_.lower() in words.agreement_nouns), None)
        return Cue(token, "agreement", text, None) if text is not None else None
    if token.pos_ != "VERB" or word not in words.signing_verbs:
        return None
    if token.dep_ == "acl" and token.head.lemma_.lower() in words.agreement_nouns:
        return Cue(token, "agreement", token.head, None)
    for c in token.children:
        if c.dep_ == "dobj" and c.lemma_.lower() in words.agreement_nouns:  # "signed a treaty"
            return Cue(token, "agreement", token, subject_of(token))
        if c.dep_ == "nsubjpass" and c.lemma_.lower() in words.agreement_nouns and any(c.children):
            return Cue(token, "agreement", c, None)  # "a deal was signed"; a bare "Peace is signed by …" is a saying
    if token.lemma_.lower() == "agree" and _agreed_matter(token, words):
        subject = subject_of(token)
        if subject is not None and inverted(token, subject):
            return None  # "Will Kenya agree to talks?": asked, not agreed
        return Cue(token, "agreement", token, subject)
    return None


def _agreed_matter(verb: Token, words: CommitmentCues) -> bool:
    """Tell whether "agree" takes a matter agreed: "agreed ON the export of", "agreed WAYS to", "agreed a plan".

    A view agreed on ("agree on the importance of X, not just to our security")
    makes the whole sentence a view shared, whatever other phrases hang from the verb.
    """
    for c in verb.children:
        if c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ == "on"):
            nouns = [c] if c.dep_ == "dobj" else [g for g in c.children if g.dep_ == "pobj"]
            if any(n.lemma_.lower() in words.shared_views for n in nouns):
                return False
    for c in verb.children:
        nouns = [c] if c.dep_ == "dobj" else [g for g in c.children if g.dep_ in ("pobj", "dobj")]
        if c.dep_ == "prep" and (c.lower_ not in ("on", "to") or c.i < verb.i):
            continue  # "To varying degrees, all agreed that …": a phrase before the verb is no matter agreed
        if c.dep_ not in ("dobj", "prep", "xcomp"):
            continue  # xcomp: "agreed to further discussions", parsed with "further" as the verb
        if c.dep_ == "xcomp" and any(g.dep_ == "neg" or g.lower_ == "never" for g in c.children):
            continue  # "agreed not to deploy troops": an act, read (with its "not") by the verb cue
        if any(n.pos_ == "NOUN" and n.lemma_.lower() not in words.shared_views | words.appearances for n in nouns):
            return True  # not "agreed to an interview": time given to the press
    return False


def _found(adjective: Token, target: Token) -> bool:
    """Tell whether "determined to" reports a finding, not a resolve: passive or of a past act.

    "was determined to have been involved" (found to have been): a passive
    adjective or a perfect infinitive ("to have been") looks back; no one
    resolves to do what is already done.
    """
    if any(c.dep_ == "auxpass" for c in adjective.children):
        return True
    return any(c.dep_ == "aux" and c.lemma_ == "have" for c in target.children)


def _pledged(token: Token, words: CommitmentCues) -> Cue | None:
    """Match "affirmed the commitment TO X", "remained committed TO X", "extended support TO X"."""
    word = token.lemma_.lower()
    if word in words.pledge_adjectives and token.dep_ in ("acomp", "xcomp", "ROOT", "conj"):
        target = _to_object(token)
        verb = token.head if token.dep_ == "acomp" else token
        if target is None or _found(token, target):
            return None
        return Cue(verb, "intention", target, subject_of(verb))
    if token.pos_ != "VERB" or word not in words.pledge_verbs:
        return None
    for c in token.children:
        if c.dep_ == "dobj" and c.lemma_.lower() in words.pledge_nouns:
            target = _to_object(c) or _to_object(token) or (_to_object(c, "for") if word in words.renewal_verbs else None)
            if target is not None:
                return Cue(token, "intention", target, subject_of(token))
        if c.dep_ == "dobj" and c.lemma_.lower() in words.act_nouns and prep_objects(c, ("of",)):
            return Cue(token, "intention", c, subject_of(token))  # "confirmed the resumption of the visits"
        if c.dep_ == "dobj" and word in words.money_verbs and any(t.ent_type_ == "MONEY" for t in c.subtree):
            subject = subject_of(token)  # "the UK announced an extra £44m for border security"; not "a company"
            if subject is not None and (subject.pos_ == "PROPN" or subject.ent_type_ in NAMED_ACTORS):
                return Cue(token, "intention", c, subject)
    return None


def _scheduled(token: Token, words: CommitmentCues) -> Cue | None:
    """Match a passive schedule: "were scheduled TO pay", "is set TO meet", "with Berlin slated TO send".

    With no verb after it, a schedule "for" a date plans its subject: "the
    launch of the reactor is scheduled for 2027" (the launch is the act).
    """
    if token.lemma_.lower() not in words.schedules and token.lower_ not in words.schedules:
        return None
    passive = any(c.dep_ == "auxpass" for c in token.children)
    absolute = any(c.dep_ == "mark" and c.lower_ == "with" for c in token.children)  # "with X slated to"
    seeming = token.dep_ in ("xcomp", "oprd", "acomp") and token.head.lemma_.lower() in words.seeming
    if seeming:  # "appears set to veto": the schedule as the writer sees it, its subject the verb's above
        head = next((c for c in token.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        subject = subject_of(token.head)
        return Cue(token, "intention", head, subject) if head is not None and actorish(subject, words) else None
    if not (passive or absolute):
        return None
    if not absolute and subject_of(token) is None:
        return None  # "overhauling the accord is expected to take months": an act as subject, a forecast
    if any(c.dep_ == "aux" and c.lower_ in words.doubting for c in token.children):
        return None  # "could be expected to appeal": a guess, no plan
    if _foreseen(token, words):
        return None  # "the tariff cut is expected to come into force": a thing's course foreseen, no one's plan
    head = next((c for c in token.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
    if head is not None:
        return Cue(token, "intention", head, subject_of(token))
    subject = next((c for c in token.children if c.dep_ == "nsubjpass" and c.pos_ == "NOUN"), None)
    dated = any(o.ent_type_ == "DATE" for o in prep_objects(token, ("for",)))
    return Cue(token, "intention", subject, None) if passive and subject is not None and dated else None


def _foreseen(token: Token, words: CommitmentCues) -> bool:
    """Tell whether a schedule verb of forecast ("expected") has a thing as subject, not a party or a meeting.

    "The minister is expected to sign", "the talks are expected to resume" are
    plans; "the veto is expected to come", "the treaty is expected to be
    ratified" foresee what becomes of a thing, and name no one who planned it.
    """
    if token.lemma_.lower() not in words.forecasts:
        return False
    subject = subject_of(token)
    return subject is not None and not actorish(subject, words) and not is_meeting(subject, words)


def _opens_paragraph(start: int, first: int, doc: Doc) -> bool:
    """Tell whether a line break (or the text's start) comes right before a sentence's first word.

    Reads the space tokens around it, not `Doc.text`, which spaCy rebuilds at every access.
    """
    before = [doc[i] for i in range(start, first)] or ([doc[start - 1]] if start > 0 else [])
    return start == 0 and first == 0 or any(t.is_space and "\n" in t.text for t in before)


def _to_object(token: Token, *also: str) -> Token | None:
    """Return the object of a token's "to" ("committed TO the alliance", "the commitment TO strengthen").

    `also`: further prepositions that may stand for "to" ("support FOR").
    """
    for c in token.children:
        if c.dep_ in ("prep", "dative") and (c.lower_ in ("to", "toward", "towards") or c.lower_ in also):
            return next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
        if c.dep_ in ("acl", "xcomp") and c.pos_ == "VERB" and any(a.lower_ == "to" for a in c.children):
            return c
    return None


def _listed(token: Token, words: CommitmentCues) -> Cue | None:
    """Match a paragraph that is one imperative sentence: a listed action of a joint statement.

    spaCy often misreads a capitalised imperative at a line's start ("Advance
    cybersecurity cooperation" as an adjective): a word of `list_verbs` there
    counts too, when the paragraph before or after also opens with one.
    """
    imperative = token.dep_ == "ROOT" and token.tag_ in ("VB", "VBP") and subject_of(token) is None
    listed = token.is_title and token.lower_ in words.list_verbs
    if not (imperative or listed) or token.lemma_.lower() in words.imperative_skip:
        return None
    sent = _line_of(token) or token.sent  # a list's items are lines, which spaCy may run together
    first = next((t for t in sent if not (t.is_punct or t.is_space)), None)
    if first is None or first.i != token.i or not _opens_paragraph(sent.start, first.i, token.doc):
        return None  # not a paragraph of its own
    if len(sent) < words.imperative_min or any(t.lower_ in SECOND_PERSON or t.lower_ in words.imperative_persons
                                                for t in sent):
        return None  # "Take a fresh look at your lifestyle", "Cut him some slack": advice, talk
    if imperative and any(c.dep_ in ("dobj", "xcomp", "prep") for c in token.children) and not _deeds_listed(sent):
        return Cue(token, "intention", token, None)
    if listed and _listed_neighbour(sent, words):
        return Cue(token, "intention", sent.root, None, line=(sent.start, sent.end))
    return None


def opens_line(token: Token) -> bool:
    """Tell whether a token is the first word of its line: the text's first, or a line break right before it."""
    if token.i == 0:
        return True
    before = token.doc[token.i - 1]
    return before.whitespace_ == "\n" or (before.is_space and "\n" in before.text)


def _line_of(token: Token) -> Span | None:
    """Return the line a token opens, up to the next line break; None when it does not open one."""
    doc = token.doc
    if not opens_line(token):
        return None
    end = token.i
    while end + 1 < len(doc) and "\n" not in doc[end].whitespace_ and "\n" not in doc[end + 1].text:
        end += 1
    return doc[token.i : end + 1]


def _listed_neighbour(sent: Span, words: CommitmentCues) -> bool:
    """Tell whether the paragraph (or line) before or after also opens with a word of `list_verbs`."""
    return any(t.is_title and t.lower_ in words.list_verbs for t in _neighbour_firsts(sent))


def _deeds_listed(sent: Span) -> bool:
    """Tell whether the paragraph (or line) before or after opens with a verb in a past form or the third
    person ("Filed for six bankruptcies.", "Keeps saying …"): a list of what someone did, whose lines
    the tagger may read as orders ("Ran a fraudulent college business" as a bare "run")."""
    return any(t.tag_ in ("VBD", "VBN", "VBZ") and t.pos_ in ("VERB", "AUX") and t.is_title for t in _neighbour_firsts(sent))


def _neighbour_firsts(sent: Span) -> list[Token]:
    """Return the first words of the paragraphs (or lines) right before and after a sentence."""
    doc = sent.doc
    firsts = []
    for i in (sent.start - 1, sent.end):
        if 0 <= i < len(doc):
            firsts.append(next((t for t in doc[i].sent if not (t.is_punct or t.is_space)), None))
    firsts.append(next((t for t in doc[sent.end :] if not (t.is_punct or t.is_space)), None))  # the next line
    i = sent.start - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    while i > 0 and not opens_line(doc[i]):
        i -= 1
    if i >= 0:
        firsts.append(doc[i])  # the line before
    return [t for t in firsts if t is not None and not sent.start <= t.i < sent.end]
