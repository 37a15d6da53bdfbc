"""Speakers the attribution only refers to: pronouns, descriptions and bare surnames.

The attribution steps (quotes.py) find the words that name a speaker; the
resolver's mentions give most of them an actor. This pass, over the quotes in
text order, gives an actor to those it could not:

1. **Pronouns** ("'…,' she said"; "it said" and "they said" are a body's: the previous
   quote's speaker when no person, else the organisation or publication that
   is the nearest subject before, looked for up to BODY_SENTENCES back when none is
   within two: "the Times endorsed her: <an excerpt> … it said"): the person the paragraph before the quote
   ends by introducing with a description ("… Jane Roe, president of the
   Harbour Union."), of the pronoun's gender; else the previous quote's speaker, when near
   (PRONOUN_REACH) and of no other gender, unless the pronoun's own resolution
   is the subject of a clause since that quote ("Doe said … '…,' he said");
   else the pronoun's own resolution, unless a named subject known to be of
   its gender, that the resolver could not name, stands after the person it
   chose; else
   that nearest named subject in the two sentences before (the resolver
   knows only the people it could name).
2. **Descriptions** ("the spokesman explained", "the ministry said"; head
   nouns in data/speech_verbs.yaml): the person or organisation last
   mentioned with that word ("Foreign Ministry Spokesman Jane Roe"), or an
   earlier speaker's name holding it, or for a text ("the article") the
   last noun phrase before with that head ("a Times article"); else, for a person, the previous
   quote's speaker when near, or the person last mentioned when near (the
   subject of a main clause first: "Roe says … after Doe left. The senator said"). An organisation left unresolved is named by its
   words without "the" ("Sudanese water ministry").
3. **Bare surnames** that no mention covers ("Roe said", where spaCy tagged
   nothing): the dictionary's one person of that surname on the date, else a
   person the document names under a surname one or two letters away.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from spacy.tokens import Token

from dyad.data import load_yaml
from dyad.extract.mentions.coref import embedded, gender_of, pronoun_gender
from dyad.extract.mentions.people import NEW_PREFIX
from dyad.extract.quotes.quotes_speakers import SUBJECTS, Speaker, speaker_from
from dyad.extract.quotes.quotes_state import Context, Found
from dyad.extract.quotes.quotes_turns import by_surname
from dyad.model import Mention, Quote

PRONOUN_SPEAKERS = frozenset({"he", "she"})
BODY_PRONOUNS = frozenset({"it", "they"})
PRONOUNS_ALL = PRONOUN_SPEAKERS | BODY_PRONOUNS | frozenset({"i", "we", "you"})  # "they said": a council or a ministry's officials, when no person
SUBJECT_SENTENCES = 2  # sentences with words before the pronoun's own that may hold its subject
BODY_SENTENCES = 8  # sentences back for "it said" when no body is that near: a publication introduces its excerpt
PRONOUN_REACH = 600  # characters from the previous quote's end: about two short paragraphs


def refer_speakers(ctx: Context, found: list[Found]) -> None:
    """Resolve the pronoun, description and surname speakers of a document's quotes, in order."""
    prev: Found | None = None
    for f in found:
        speaker = f.speaker
        if speaker is not None and speaker.name.lower() in PRONOUN_SPEAKERS:
            f.speaker = _pronoun_speaker(ctx, f, prev, speaker)
        elif speaker is not None and speaker.name.lower() in BODY_PRONOUNS and speaker.actor is None:
            f.speaker = _it_speaker(ctx, f, prev, speaker)
        elif speaker is not None and speaker.actor is None:
            f.speaker = _described(ctx, f, prev, speaker, found) or _surname(ctx, speaker) or speaker
        if f.speaker is not None and not f.partial and (
            f.speaker.name.lower() not in PRONOUN_SPEAKERS or f.speaker.actor is not None
        ):
            prev = f


def refer_reported(ctx: Context, quotes: list[Quote]) -> list[Quote]:
    """Resolve the "it said" / "they said" speakers of reported speech that the resolver left without an actor.

    "The ministry met on Monday. It said the quotas were fair": as for a
    direct quote, the body that is the nearest subject before (rule 1), or
    the previous quote's speaker when near and no person. A person's pronoun
    keeps the resolver's reading.
    """
    out: list[Quote] = []
    prev: Quote | None = None
    for q in sorted(quotes, key=lambda q: q.start):
        name = (q.speaker_name or "").lower()
        if not q.direct and q.speaker is None and name in BODY_PRONOUNS and q.speaker_start is not None:
            pronoun = Speaker(None, q.speaker_name or "", q.speaker_start, q.speaker_end or q.speaker_start)
            body = _body_before(ctx, pronoun, prev)
            if body is not None:
                q = replace(q, speaker=body.actor, speaker_name=body.name)
        elif not q.direct and name in PRONOUN_SPEAKERS and q.speaker_start is not None:
            pronoun = Speaker(q.speaker, q.speaker_name or "", q.speaker_start, q.speaker_end or q.speaker_start)
            named = _subject_before(ctx, pronoun, sentences=0)  # "Roe has said …, but he refuses …, saying he …"
            if named is not None and named.actor is not None and named.actor != q.speaker and _is_person(ctx, named):
                q = replace(q, speaker=named.actor)
        out.append(q)
        if q.speaker is not None or (q.speaker_name or "").lower() not in PRONOUNS_ALL:
            prev = q
    return sorted(out, key=lambda q: (q.start, not q.direct))


def _body_before(ctx: Context, pronoun: Speaker, prev: Quote | None) -> Speaker | None:
    """Return the body an unresolved "it"/"they" of reported speech stands for, or None.

    "They" is many: a plural or a name ("Democrats", "the unions"), never one
    company or one statement; a text ("the report says. It adds …") is an "it".
    """
    plural = pronoun.name.lower() == "they"
    same = _subject_before(ctx, pronoun, bodies=True, sentences=0, plural=plural)
    if same is not None:  # "… and Republicans want less (they want lower rates …)": nearer than any quote
        return same
    if prev is not None and prev.speaker_name and pronoun.start - prev.end <= PRONOUN_REACH:
        named = Speaker(prev.speaker, prev.speaker_name, prev.speaker_start or 0, prev.speaker_end or 0)
        head = named.name.split()[-1].lower()
        if gender_of(named.name, named.name.split()[0]) is None and not _is_person(ctx, named) and (
            named.actor is not None or named.name[:1].isupper() or (plural and head.endswith("s"))
        ) and head not in ctx.lexicon.person_nouns and not (plural and head in ctx.lexicon.document_nouns):
            return named  # "the four ministers opposed '…'. They also said …"
    return _subject_before(ctx, pronoun, bodies=True, plural=plural)


def _pronoun_speaker(ctx: Context, f: Found, prev: Found | None, pronoun: Speaker) -> Speaker:
    """Resolve a pronoun speaker: the person just introduced, the previous quote's speaker, else its own mention,
    else a subject before."""
    introduced = _introduced_before(ctx, f, pronoun)
    if introduced is not None:
        return introduced
    if prev is not None and prev.speaker is not None and _near(ctx, prev, f):
        after = ctx.end_of(prev)
        if prev.speaker.actor is not None and _same_gender(prev.speaker, pronoun):
            between = {m.actor for m in ctx.mentions if after <= m.start < pronoun.start and _subject_mention(ctx, m)}
            if pronoun.actor is None or pronoun.actor not in between:
                return Speaker(prev.speaker.actor, pronoun.name, pronoun.start, pronoun.end)
    nearer = _subject_before(ctx, pronoun)
    if pronoun.actor is None:
        return nearer or _kin_before(ctx, pronoun) or pronoun
    if (
        nearer is not None
        and nearer.actor != pronoun.actor
        and _unknown_person(ctx, nearer)
        and gender_of(nearer.name, nearer.name.split()[0]) == pronoun_gender(pronoun.name)
    ):
        last = max((m.start for m in ctx.mentions if m.actor == pronoun.actor and m.start < pronoun.start
                    and m.method != "coref"), default=-1)
        if nearer.start > last:  # a person the resolver could not name came after the one it chose
            return nearer
    return pronoun


@cache
def _kin_genders() -> dict[str, str]:
    """Read the kin words of data/gender.yaml: "mother" -> "female"."""
    return {str(w).lower(): gender for gender, words in load_yaml("gender.yaml")["kin"].items() for w in words}


def _kin_before(ctx: Context, pronoun: Speaker) -> Speaker | None:
    """Return the kin a "he"/"she" with no name before it stands for: "my father", "his wife", of its gender.

    "'We live in sin,' my father often said. He also told …": a subject in
    the pronoun's sentence or the two before, owned ("my", "his", "Roe's"),
    whose kin word tells the pronoun's gender; the nearest wins.
    """
    doc, kin, want = ctx.doc, _kin_genders(), pronoun_gender(pronoun.name)
    at = ctx.token_at(pronoun.start)
    stop, left = doc[at].sent.start, SUBJECT_SENTENCES
    while left and stop > 0:
        sent = doc[stop - 1].sent
        stop = sent.start
        left -= any(not (t.is_space or t.is_punct) and t.i not in ctx.quoted for t in sent)
    for i in range(at - 1, stop - 1, -1):
        token = doc[i]
        if token.dep_ not in SUBJECTS or i in ctx.quoted or kin.get(token.lower_) != want:
            continue
        if not any(c.dep_ == "poss" for c in token.children):
            continue
        words = doc[token.left_edge.i : i + 1]
        return Speaker(None, words.text, pronoun.start, pronoun.end)
    return None


def _subject_mention(ctx: Context, mention: Mention) -> bool:
    """Tell whether a mention is a clause's subject, or a name set beside one ("The minister, Mr. Roe, argues")."""
    token = ctx.doc[ctx.token_at(mention.end - 1)]
    return token.dep_ in SUBJECTS or (token.dep_ == "appos" and token.head.dep_ in SUBJECTS)


def _introduced_before(ctx: Context, f: Found, pronoun: Speaker) -> Speaker | None:
    """Return the person the paragraph before a quote ends by introducing, title and all.

    "… which worries Jane Roe, president of the Harbour Union.\n\n'…,' she
    said.": the last person named before the quote's paragraph, with a
    description in apposition (the resolver's `title` mention of that person
    right after the name), of the pronoun's gender, and named by no mention
    since.
    """
    para = ctx.text.rfind("\n", 0, f.span.open) + 1
    if para == 0 or pronoun.start < para:
        return None
    end = len(ctx.text[:para].rstrip())
    start = ctx.text.rfind("\n", 0, end) + 1  # the paragraph right before the quote's
    before = [m for m in ctx.mentions if m.end <= end and m.kind == "person" and m.actor]
    if not before or before[-1].start < start:
        return None
    last = before[-1]
    named = next((m for m in reversed(before) if m.method not in ("title", "coref")), None)
    if last.method != "title" or named is None or named.actor != last.actor:
        return None
    speaker = Speaker(named.actor, named.text, pronoun.start, pronoun.end)
    return speaker if _same_gender(speaker, pronoun) else None


def _it_speaker(ctx: Context, f: Found, prev: Found | None, pronoun: Speaker) -> Speaker:
    """Resolve "it said" to the previous quote's speaker when that is no person, else a body named before."""
    if prev is not None and prev.speaker is not None and _near(ctx, prev, f):
        named = prev.speaker
        if gender_of(named.name, named.name.split()[0]) is None and not _is_person(ctx, named):
            return Speaker(named.actor, named.name, pronoun.start, pronoun.end)
    return (
        _subject_before(ctx, pronoun, bodies=True)
        or _subject_before(ctx, pronoun, bodies=True, sentences=BODY_SENTENCES)
        or pronoun
    )


def _is_person(ctx: Context, speaker: Speaker) -> bool:
    """Tell whether a speaker's mention is a person's."""
    return any(m.kind == "person" and m.start <= speaker.start < m.end for m in ctx.mentions) or (
        speaker.actor is not None and speaker.actor.startswith(NEW_PREFIX)
    )


def _unknown_person(ctx: Context, speaker: Speaker) -> bool:
    """Tell whether a named subject is a person the resolver did not know (no mention but a person's)."""
    over = [m for m in ctx.mentions if m.start <= speaker.start < m.end]
    return all(m.kind == "person" for m in over) and (not over or speaker.actor is None)


def _near(ctx: Context, prev: Found, f: Found) -> bool:
    """Tell whether a quote comes soon enough after another to go on from its speaker."""
    return f.span.open - ctx.end_of(prev) <= PRONOUN_REACH


def _same_gender(named: Speaker, pronoun: Speaker) -> bool:
    """Tell whether a named speaker's gender, when known, is the pronoun's."""
    known = gender_of(named.name, named.name.split()[0])
    return known is None or known == pronoun_gender(pronoun.name)


def _subject_before(
    ctx: Context, pronoun: Speaker, bodies: bool = False, sentences: int = SUBJECT_SENTENCES, plural: bool = False
) -> Speaker | None:
    """Find the nearest named subject of the pronoun's gender, in its sentence or the two before.

    The subject of a main clause comes before one of a clause inside another.
    With `bodies` (for "it" and "they"), the subject is an organisation or publication:
    a name ("The Times") or an organisation noun ("the ministry"), no person;
    for "they" within the two sentences before, also people a plural person
    noun names ("McConnell aides met the envoy. They said …"): further back,
    "they" is as likely someone named since.
    """
    people = bodies and pronoun.name.lower() == "they" and sentences <= SUBJECT_SENTENCES
    doc = ctx.doc
    at = ctx.token_at(pronoun.start)
    stop = doc[at].sent.start
    left = sentences
    while left and stop > 0:
        sent = doc[stop - 1].sent
        stop = sent.start
        left -= any(not (t.is_space or t.is_punct) and t.i not in ctx.quoted for t in sent)  # a paragraph break or a quoted sentence is no step back
    for main in (True, False):  # a main clause's subject first ("The council said … if Ruritania acts")
        found = _named_subject(ctx, pronoun, range(at - 1, stop - 1, -1), bodies, main, plural, people)
        if found is not None:
            return found
    return None


def _named_subject(
    ctx: Context, pronoun: Speaker, tokens: range, bodies: bool, main: bool, plural: bool = False, people: bool = False
) -> Speaker | None:
    """Return the first named subject among these tokens that the pronoun may stand for (with `plural`, no
    singular noun; a text only for "it"; with `people`, also people a plural names: "Aides to the mayor")."""
    doc = ctx.doc
    stop = tokens.stop + 1
    texts = ctx.lexicon.document_nouns if bodies and not plural and pronoun.name.lower() == "it" else frozenset()
    for i in tokens:
        token = doc[i]
        body = bodies and (token.lemma_.lower() in ctx.lexicon.organisation_nouns or token.lower_ in texts) and not (
            plural and token.tag_ == "NN") or (people and token.tag_ == "NNS" and _people_noun(ctx, token))
        if token.dep_ not in SUBJECTS or (token.pos_ != "PROPN" and not body) or i in ctx.quoted:
            continue
        if main and embedded(token.head):
            continue
        first = i
        while first > stop and _name_word(doc[first - 1]):
            first -= 1
        name = list(range(first, i + 1))
        if body:
            name = [t.i for t in token.subtree if t.i <= i]
        found = speaker_from(doc, name, name, i, ctx.mentions)
        if body and found is not None and _is_person(ctx, found):  # "Roe's campaign": the campaign, not Roe
            words = doc[name[0] : i + 1]
            return Speaker(None, words.text, words.start_char, words.end_char)
        if found is None or (bodies and (gender_of(found.name, found.name.split()[0]) or _is_person(ctx, found))):
            continue
        if bodies or _same_gender(found, pronoun):
            return found
    return None


def _people_noun(ctx: Context, token: Token) -> bool:
    """Tell whether a plural noun names people who speak: a person noun ("aides") or a group ("critics")."""
    lemma = token.lemma_.lower()
    return lemma in ctx.lexicon.person_nouns or lemma in ctx.lexicon.group_nouns


def _name_word(token: Token) -> bool:
    """Tell whether a token before a named subject is part of its name (a capitalised compound)."""
    return token.text[:1].isupper() and (token.pos_ == "PROPN" or token.dep_ == "compound")


def _described(
    ctx: Context, f: Found, prev: Found | None, speaker: Speaker, found: list[Found]
) -> Speaker | None:
    """Resolve "the spokesman" / "the ministry" to who was last called so (rule 2)."""
    words = speaker.name.lower().split()
    lexicon = ctx.lexicon
    if len(words) < 2 or words[0] != "the":
        return None
    head = words[-1] if "of" not in words[2:] else words[words.index("of", 2) - 1]  # "the secretary of state"
    person = head in lexicon.person_nouns
    if not person and head not in lexicon.organisation_nouns and head not in lexicon.document_nouns:
        return None
    for m in reversed(ctx.mentions):
        if m.end <= speaker.start and m.actor and m.kind != "place" and head in m.text.lower().split():
            return Speaker(m.actor, speaker.name, speaker.start, speaker.end)
    for other in reversed(found[: found.index(f)]):
        named = other.speaker
        if named is not None and head in named.name.lower().split() and named.name.lower() != speaker.name.lower():
            return Speaker(named.actor, named.name, speaker.start, speaker.end)
    if head in lexicon.document_nouns:
        introduced = _introduced_text(ctx, speaker, head)
        if introduced is not None:
            return introduced
    if person and prev is not None and prev.speaker is not None and prev.speaker.actor and _near(ctx, prev, f):
        return Speaker(prev.speaker.actor, speaker.name, speaker.start, speaker.end)
    if person:  # no quote before: the person last mentioned when near, a main clause's subject first
        near = [m for m in ctx.mentions if m.kind == "person" and m.actor
                and speaker.start - PRONOUN_REACH <= m.end <= speaker.start]
        near.sort(key=lambda m: (_main_subject(ctx, m), m.start))
        if near:
            return Speaker(near[-1].actor, speaker.name, speaker.start, speaker.end)
    if not person and len(words) > 2:  # "the Sudanese water ministry"; a bare "the ministry" stays
        return Speaker(None, speaker.name.split(" ", 1)[1], speaker.start + 4, speaker.end)
    return None


def _introduced_text(ctx: Context, speaker: Speaker, head: str) -> Speaker | None:
    """Return the text "the article" refers to: the last noun phrase before with that head ("a Times article")."""
    doc = ctx.doc
    for i in range(ctx.token_at(speaker.start) - 1, -1, -1):
        token = doc[i]
        if token.lower_ != head or token.pos_ != "NOUN" or i in ctx.quoted:
            continue
        start = token.left_edge.i
        while start < i and any(t.is_punct for t in doc[start:i]):  # "Years ago, a Times article": not the years
            start += 1
        words = doc[start : i + 1]
        if words[0].lower_ == "the" and not any(t.pos_ == "PROPN" for t in words):
            continue  # a description itself ("the article"): look further back
        named = [m for m in ctx.mentions if words.start_char <= m.start < words.end_char and m.actor
                 and m.kind not in ("person", "place")]
        return Speaker(named[0].actor if named else None, words.text, speaker.start, speaker.end)
    return None


def _main_subject(ctx: Context, mention: Mention) -> bool:
    """Tell whether a mention is the subject of a main clause ("Roe says ...", not "after Roe left")."""
    token = ctx.doc[ctx.token_at(mention.end - 1)]
    return token.dep_ in SUBJECTS and not embedded(token.head)


def _surname(ctx: Context, speaker: Speaker) -> Speaker | None:
    """Find the dictionary's person for a bare surname no mention covers (rule 3)."""
    if " " in speaker.name or not speaker.name[:1].isupper():
        return None
    actor = ctx.lookup(speaker.name) if ctx.lookup is not None else None
    if actor is None:  # a spelling slip of a person the document names ("Cavusolgu")
        mention = by_surname(speaker.name, ctx.mentions)
        actor = mention.actor if mention is not None else None
    return Speaker(actor, speaker.name, speaker.start, speaker.end) if actor else None
