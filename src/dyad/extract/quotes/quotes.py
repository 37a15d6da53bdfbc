"""Find quotations and reported speech in a parsed document, with their speakers.

`find_quotes` is a pure function of a spaCy Doc and the resolver's mentions; it
costs one scan of the quotation marks and a few token walks per quote, far
less than the parse it reads (about 2% of the parse time on the PolNeAR dev
articles; benchmarks/quotes_polnear.py scores it).

Direct quotes come from quotation marks (quotes_marks.py), then:

1. **Not a quote**: a span right after a naming word ("so-called", "titled",
   "known as"; the list is in data/speech_verbs.yaml) is a name or a title,
   unless the word also reports ("called") and the span is a phrase of three
   words or more not capitalised throughout ("what it called 'a clear threat'").
   So is a span of at most 4 words that is not framed as speech (framed: it
   starts its sentence or line, or follows ":", "," or a reporting verb) when
   it holds a digit (“2+2”), when all its words are capitalised (“Domodedovo
   Project”) or when a noun follows it directly ("two plus two" format).
2. **Partial**: an unframed span without a verb ("is 'unacceptable'", "poses
   a 'potential threat'") is a phrase quoted inside the writer's own sentence:
   kept, with `partial=True`; so is one right after "to" ("urged Beijing to
   'act responsibly'"). An unframed span with a verb is a clause someone said
   ("told Y that the system was 'purely for defensive purposes and never for
   use to threaten …'") and is a full quote.
3. **Attribution**, the first that applies:
   0. a turn label opening the quote or right before it ('"ROE: …"', 'Roe:
      "…"'; quotes_turns.py);
   a. after the quote ("'…,' X said", "'…' said X", "'…,' according to X",
      "'…' ― X", "'…,' X (D-Ore.) said", "'…,' X, 25, said", "'…,' she
      continued"), when the quote is framed or partial and a noun phrase and
      a reporting verb follow the closing mark (an adverb between them: "…,'
      she later said"), unless that verb reports
      other words of its own ("… .” Roe said it was wrong");
   b. before it ("X said, '…'", "X told Y, '…'", "according to X, '…'", "X
      stated that “…”", "X made it clear that … by “…”"): the nearest
      reporting verb in the same sentence, at most 12 tokens before the
      opening mark or governing the quote in the parse;
   c. any reporting verb the quote hangs from in the parse;
   d. "X said:" or "X continued:" ending the paragraph before a quote that
      opens its own;
   e. "according to X" anywhere in the quote's sentence ("… a “record” in
      the north, according to the board");
   f. with no reporting verb, the subject of the verb the quote hangs from
      ("Roe called the plan 'reckless'"; `verb` is then None);
   g. with no verb at all, the speaker of the quote before it, when this quote
      starts a sentence in the same paragraph or makes up a whole paragraph
      right after it (`verb` is then None).
   Speakers that are only pronouns, descriptions ("the spokesman") or bare
   surnames are then resolved by quotes_refer.py.
4. **Split quotes** ("“I’m sure,” said the Minister, “that our …”") are ONE
   quote: the first part ends with a comma, an attribution follows, then a
   comma and the second part on the same line. Its `text` is both parts joined
   by a space, so it starts with the first part's words; `start`/`end` run
   from the first part's first word to the second part's last, so the span
   also holds the attribution between them.

Unmarked direct quotes come from transcript turns ("NAME: …") and statement
pages ("X made the following statement:" then first-person paragraphs); see
quotes_turns.py. A post embedded in a page (the line above its "— Name
(@handle) Date" signature, and a "Translation: ‘…’" under it) is its author's;
see quotes_posts.py.

Indirect quotes (`direct=False`, quotes_indirect.py) are the clause of a
reporting verb ("X said (that) …", "…, X said", "…, X said, …"), what a
speaker asks for ("urged X to …"), the object of a reporting verb ("stressed
her support for …", "called the vote a mistake") and the main clause of
"according to X, …", when a speaker is found and direct quotes do not make
up half of it.

On the seeds: all 23 quotes of the answer key with their speakers, and every
other direct quote found is one of its optional partial quotes. The split
quotes' texts start "I’m sure," and "Today,", the key's `quote_start`s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cache

import pycountry
from spacy.tokens import Doc, Span, Token

from dyad.extract.quotes.quotes_indirect import indirect_quotes
from dyad.extract.quotes.quotes_lexicon import (
    Lexicon,
    SpeechEntry,
    Trigger,
    after_quote_trigger,
    load_lexicon,
    trigger_at,
)
from dyad.extract.quotes.quotes_marks import MARKS, QuoteSpan, find_spans
from dyad.extract.quotes.quotes_posts import find_posts, post_quotes, translated_by
from dyad.extract.quotes.quotes_refer import refer_reported, refer_speakers
from dyad.extract.quotes.quotes_speakers import (
    POSSESSIVE,
    SUBJECTS,
    Speaker,
    clause_speaker,
    np_tokens,
    source_tokens,
    speaker_from,
    subject_of,
    subject_speaker,
)
from dyad.extract.quotes.quotes_state import Context, Found
from dyad.extract.quotes.quotes_turns import (
    Lookup,
    label_at,
    speech_lines,
    speech_paragraphs,
    turn_quotes,
    turn_speaker,
)
from dyad.model import Mention, Quote
from dyad.nlp.analyze import doc_text

NAME_MAX_WORDS = 4  # the brief's rule: short quoted names/formats/titles are 1–4 tokens
LEFT_GAP = 12  # tokens between a reporting verb and its quote: "X told his Russian counterpart Y that the system was “"
RIGHT_WINDOW = 14  # tokens after a closing mark in which the attribution must sit
SMALL_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "a", "an", "to", "de", "&"})
THINGS = frozenset({"it", "this", "that", "which", "these", "those"})  # subjects that report nobody's words
_SENTENCE_END = frozenset({".", "!", "?"})
SPOKEN_NAME_WORDS = 3  # "called it 'a clear threat'" is speech; "called 'Miss Piggy'" a name
TITLE_MAX_WORDS = 8  # a work's title in capitals ("The Long Road to Peace and Back Again")
DASHES = frozenset({"―", "—", "–", "-", "--"})
WHOSE_WORDS = frozenset({"in", "at", "for", "from", "with"})  # "a narrator in the ad asks", "officials at X said"


def find_quotes(
    doc: Doc,
    mentions: list[Mention],
    text: str | None = None,
    names: dict[str, str] | None = None,
    lookup: Lookup | None = None,
) -> list[Quote]:
    """Find the direct and indirect quotes in a parsed document and who said them.

    Args:
        doc: the spaCy parse of a document's clean text (from `dyad.nlp.analyze`).
        mentions: the resolver's mentions of actors in that text; a pronoun or
            role description's mention carries the actor it stands for.
        text: `doc.text` when the caller has it: `Doc.text` joins every token
            again at each access.
        names: the names of people the dictionary lacks, by actor id: a quote of
            theirs is signed with the fullest name the document gives them
            ("Jane Roe", not "Roe" or "she"), the only record of who they are.
        lookup: the person a bare surname names on the document's date, from
            the dictionary: a transcript label ("ROE:") is often the only
            mention of its speaker, and spaCy does not tag names in capitals.

    Returns:
        The quotes in text order. Offsets are into `doc.text`.
    """
    if not len(doc):
        return []
    ctx = Context(doc, doc_text(doc) if text is None else text, mentions, load_lexicon(), lookup)
    names = {actor: _without_role(name, ctx.lexicon) for actor, name in (names or {}).items()}
    found = [f for f in (_prepare(ctx, span) for span in find_spans(ctx.text)) if f is not None]
    for f in found:
        ctx.quoted.update(range(f.first, f.last + 1))
    for f in found:
        _attribute(ctx, f)
    found = _merge_split(ctx, found)
    _signed_paragraphs(ctx, found)
    _continue_speakers(ctx.text, found)
    for f in found:
        if f.speaker is None and f.framed and not f.partial:
            f.speaker, f.verb = _reported_before(ctx, f) or (None, None)
    refer_speakers(ctx, found)
    posts = find_posts(ctx.text, ctx.mentions)
    for f in found:  # "Translation: ‘…’" under a post's signature: the post's author, whatever the colon said
        author = translated_by(ctx.text, posts, f.span.open) if posts else None
        if author is not None:
            f.speaker, f.verb = author, "post"
    direct = [_to_quote(ctx.text, f, names) for f in found]
    turns = turn_quotes(ctx.text, ctx.mentions, ctx.lexicon, ctx.capitals, ctx.lookup) + post_quotes(ctx.text, posts)
    for q in turns:
        ctx.quoted.update(range(ctx.token_at(q.start), ctx.token_at(q.end - 1) + 1))
    direct += _named(turns + _statements(ctx, turns), names)
    indirect = indirect_quotes(
        doc, ctx.text, ctx.mentions, ctx.lexicon, _blocked(found) + [(q.start, q.end) for q in turns], ctx.quoted,
        {i for a, b in ctx.titles for i in range(ctx.token_at(a), ctx.token_at(b - 1) + 1)},
    )
    return refer_reported(ctx, direct + indirect)


def _prepare(ctx: Context, span: QuoteSpan) -> Found | None:
    """Locate a span's tokens and decide whether it is a quote, and a partial one."""
    first = ctx.token_at(span.open)
    last = ctx.token_at(span.close if span.close is not None else span.end - 1)
    found = Found(span, first, last)
    words = _words(ctx.text[span.start : span.end])
    if _work_title(ctx, found, words):
        ctx.titles.append((span.open, span.end))
        return None
    if _after_name_cue(ctx, found):
        return None
    found.framed = _framed(ctx, found)
    if not found.framed and len(words) <= NAME_MAX_WORDS and _name_like(ctx, found, words):
        return None
    found.partial = not found.framed and (
        not _has_verb(ctx.doc, found) or ctx.doc[first - 1].lower_ == "to"
    )
    return found


def _has_verb(doc: Doc, found: Found) -> bool:
    """Tell whether the quoted words hold a verb, which makes them a clause and not a phrase."""
    return any(t.pos_ in ("VERB", "AUX") for t in doc[found.first : found.last + 1])


def _words(text: str) -> list[str]:
    """Split quoted text into its words, dropping punctuation."""
    return [w for w in re.findall(r"[\w+’'./-]+", text) if any(c.isalnum() for c in w)]


def _framed(ctx: Context, found: Found) -> bool:
    """Tell whether a quote is set out as speech: starts a sentence, or follows ":", "," or a verb."""
    doc, i = ctx.doc, found.first
    if i == 0 or "\n" in doc[i - 1].text_with_ws or doc[i - 1].text in _SENTENCE_END:
        return True
    return doc[i - 1].text in (":", ",") or trigger_at(doc, i - 1, ctx.lexicon) is not None


def _after_name_cue(ctx: Context, found: Found) -> bool:
    """Tell whether a naming word comes right before the quote ("titled", "so-called", "known as").

    After a naming verb that also reports ("called", "dubbed"), a phrase of
    SPOKEN_NAME_WORDS or more that is not capitalised throughout is someone's
    words: "what it called 'a clear threat to peace'", not a name.
    """
    before = [t.lower_ for t in ctx.doc[max(found.first - 2, 0) : found.first]]
    if len(before) == 2 and before[1] == "for" and before[0] in _language_names():
        return True  # a gloss: "…, Hebrew for “thank you”"
    cues = {before[-1] if before else "", " ".join(before)} & ctx.lexicon.name_cues
    if not cues:
        return False
    if cues <= ctx.lexicon.spoken_names:
        words = _words(ctx.text[found.span.start : found.span.end])
        lower = [w for w in words if w[0].islower() and w.lower() not in SMALL_WORDS]
        return len(words) < SPOKEN_NAME_WORDS or not lower
    return True


def _work_title(ctx: Context, found: Found, words: list[str]) -> bool:
    """Tell whether a quoted span is the title of a work: capitalised throughout, after a work's noun or a possessive.

    "an episode of 'The Morning Hour,'", "his show, 'Evening Line.'", "the
    network's 'World Tonight.'" A span with a word in lower case ("the
    network's 'unacceptable' report") stays speech; so does a single word,
    which may be an exclamation.
    """
    if not 1 < len(words) <= TITLE_MAX_WORDS or any(w[0].islower() for w in words if w.lower() not in SMALL_WORDS):
        return False
    i = found.first - 1
    while i > 0 and ctx.doc[i].is_quote:
        i -= 1  # the other half of a mark written as two apostrophes
    if i > 0 and ctx.doc[i].lower_ in ("of", ","):
        i -= 1
    return i >= 0 and (ctx.doc[i].lower_ in ctx.lexicon.work_nouns or ctx.doc[i].text in ("'s", "’s"))


@cache
def _language_names() -> frozenset[str]:
    """Return the one-word names of the major languages (ISO 639-1), lower-cased: "hebrew", "arabic"."""
    return frozenset(lang.name.lower() for lang in pycountry.languages if " " not in lang.name
                     and hasattr(lang, "alpha_2"))


def _name_like(ctx: Context, found: Found, words: list[str]) -> bool:
    """Tell whether a short quoted span is a name, format or title rather than speech."""
    text = ctx.text[found.span.start : found.span.end]
    if not words or any(c.isdigit() for c in text):
        return True
    if text[-1] not in ".!?" and all(w[0].isupper() for w in words if w.lower() not in SMALL_WORDS):
        return True
    after = found.last + 1
    if found.span.close is not None and after < len(ctx.doc) and text[-1].isalnum():
        nxt = ctx.doc[after]
        return nxt.idx == found.span.close + 2 and nxt.pos_ in ("NOUN", "PROPN")
    return False


def _attribute(ctx: Context, found: Found) -> None:
    """Give a quote its speaker from the words after it, before it, or above it in the parse."""
    if _labelled(ctx, found):
        return
    signed = _signed(ctx, found)
    if signed is not None:  # "“… the root of it all.” ― Jane Roe": a signature, however the quote sits
        found.right = True
        found.speaker, found.verb = signed, None
        return
    right = _right_attribution(ctx, found) if found.framed or (found.partial and not _closes_sentence(ctx, found)) \
        else None
    if right is not None:
        found.right = True
        found.speaker, found.verb = right
        return
    for finder in (_left_attribution, _governing_attribution, _colon_attribution, _sentence_source):
        result = finder(ctx, found)
        if result is not None:
            found.speaker, found.verb = result
            return
    found.speaker = clause_speaker(
        ctx.doc, min(found.first + 1, len(ctx.doc) - 1), ctx.lexicon, ctx.mentions, ctx.quoted
    )


def _sentence_source(ctx: Context, found: Found) -> tuple[Speaker | None, str] | None:
    """Read "according to X" anywhere in the quote's sentence, which attributes all of it.

    "Turnout hit a “record” in the north, according to the electoral board":
    the board, not the turnout. Nearer reporting verbs were read first; a
    quote someone shouted or called someone is theirs, whoever reports it.
    """
    doc = ctx.doc
    if _uttered(ctx, found):
        return None
    end = doc[found.last].sent.end
    while end < len(doc) and "\n" not in doc[end - 1].text_with_ws and doc[end].text[:1].islower():
        end = doc[end].sent.end  # "chants of “Bobby!” at a rally, according to …": the "!" ended no sentence
    for k in range(_left_bound(ctx, found), end):
        if k in ctx.quoted:
            continue
        trigger = trigger_at(doc, k, ctx.lexicon)
        if trigger is not None and trigger.entry.speaker == "after":
            speaker = _trigger_speaker(ctx, trigger)
            if speaker is not None:
                return speaker, trigger.entry.lemma
    return None


def _uttered(ctx: Context, found: Found) -> bool:
    """Tell whether a quote hangs from a verb of uttering or naming with a subject of its own.

    "According to police, the suspect shouted “…”": the suspect's words, which
    police only report.
    """
    doc = ctx.doc
    inner = doc[min(found.first + 1, len(doc) - 1)]
    verb = next((a for a in inner.ancestors if a.pos_ == "VERB" and a.i not in ctx.quoted), None)
    return (
        verb is not None
        and verb.lemma_.lower() in ctx.lexicon.after_quote | ctx.lexicon.naming_verbs
        and subject_of(verb) is not None
    )


def _closes_sentence(ctx: Context, found: Found) -> bool:
    """Tell whether a quote's own last mark ends the sentence ("… branded it an “outlaw state.”").

    A quoted phrase in the writer's sentence that ends it is attributed within
    that sentence; the words after it begin another ("Russia insisted …").
    """
    close = found.span.close
    return close is not None and ctx.text[:close].rstrip()[-1:] in _SENTENCE_END


def _colon_attribution(ctx: Context, found: Found) -> tuple[Speaker | None, str | None] | None:
    """Read "X said:" or "X continued:" ending the paragraph before a quote that opens its own."""
    text, start = ctx.text, found.span.line_start
    if text[start : found.span.open].strip() or start == 0:
        return None
    before = text[:start].rstrip()
    if not before.endswith(":"):
        return None
    return _colon_speaker(ctx, len(before) - 1, subject=True)


def _colon_speaker(ctx: Context, colon_at: int, subject: bool) -> tuple[Speaker | None, str | None] | None:
    """Find who the sentence ending in a colon gives the floor to: its reporting verb's, else its subject."""
    colon = ctx.token_at(colon_at)
    sent = ctx.doc[colon].sent
    for k in range(colon - 1, sent.start - 1, -1):
        trigger = after_quote_trigger(ctx.doc, k, ctx.lexicon)
        if trigger is not None and k not in ctx.quoted:
            return _trigger_speaker(ctx, trigger), trigger.entry.lemma
    if not subject:
        return None
    speaker = clause_speaker(ctx.doc, colon, ctx.lexicon, ctx.mentions, ctx.quoted)
    return (speaker, None) if speaker is not None else None


def _statements(ctx: Context, turns: list[Quote]) -> list[Quote]:
    """Return the unmarked first-person paragraphs after "X made the following statement:"."""
    text, found = ctx.text, []
    taken = [(q.start, q.end) for q in turns]
    for start, end in speech_lines(text):
        if not text[start:end].endswith(":") or any(a <= start < b for a, b in taken):
            continue
        if label_at(text, start, end) is not None:
            continue
        attributed = _colon_speaker(ctx, end - 1, subject=False)
        if attributed is None or attributed[0] is None:
            continue
        found += speech_paragraphs(text, end, attributed[0], attributed[1])
    return found


def _labelled(ctx: Context, found: Found) -> bool:
    """Attribute a quote that a turn label opens ('"ROE: …"') or stands right before ('Roe: "…"')."""
    text, span = ctx.text, found.span
    label = label_at(text, span.start, span.end)
    if label is None:
        label = label_at(text, span.line_start, span.open + 1)
        if label is None or label.words != span.open:
            return False
    speaker = turn_speaker(text, label, ctx.mentions, ctx.lexicon, ctx.capitals, ctx.lookup)
    if speaker is None:
        return False
    if label.start >= span.start:
        found.span = replace(span, start=label.words)
    found.speaker, found.right = speaker, False
    return True


def _right_attribution(ctx: Context, found: Found) -> tuple[Speaker | None, str | None] | None:
    """Read "'…,' X said" / "'…' said X" / "'…' ― X" / "'…,' according to X" after the closing mark."""
    if found.span.close is None:
        return None
    doc, i = ctx.doc, found.last + 1
    if i < len(doc) and doc[i].text == ",":
        i += 1
    if i < len(doc) and doc[i].lower_ == "as":  # "“…,” as the memo put it"
        i += 1
    if i < len(doc) and doc[i].text in DASHES and "\n" not in doc[i - 1].text_with_ws:
        return _dash_attribution(ctx, i + 1)
    if len(doc[found.last]) > 1 and doc[found.last].text[-1] in "―—–":  # "”―" is one token
        return _dash_attribution(ctx, found.last + 1)
    window: list[int] = []
    while i < len(doc) and len(window) < RIGHT_WINDOW:
        if _stops(doc, i):
            apposed = _apposition(ctx, i) if window else None
            if apposed is None:
                break
            window = apposed  # "“…” Roe's niece, Del. Jane Roe (D-Ore.), shouted": the name beside the description
            i = apposed[-1] + 1
            continue
        window.append(i)
        i = _past_brackets(doc, _past_nickname(doc, _past_age(doc, i + 1)))
    for k, j in enumerate(window):
        trigger = after_quote_trigger(doc, j, ctx.lexicon)
        if trigger is not None and _reports_else(doc, trigger, ctx.quoted):
            return None
        if trigger is not None:
            before = window[:k]
            while before and doc[before[-1]].pos_ == "ADV" and not doc[before[-1]].text[:1].isupper():
                before = before[:-1]  # "“…,” she later said", "“…,” it further wrote"
            if before and doc[before[0]].pos_ in ("ADP", "SCONJ", "CCONJ"):
                return None  # "“….” To which she said, “…”": a new sentence's attribution, for the quote after
            if not all(
                doc[b].pos_ in ("DET", "ADJ", "NOUN", "PROPN", "PRON", "NUM")
                or doc[b].lower_ == "of"
                or doc[b].lower_ in POSSESSIVE  # "a narrator in the union's advert asks"
                or doc[b].text[:1].isupper()  # a name tagged as a word: "“…” May said"
                or _whose(doc, b, before)
                for b in before
            ):
                return None
            tokens = before or np_tokens(doc, trigger.last + 1, 1, ctx.quoted)
            if any(_whose(doc, b, before) for b in before):
                return _described_by(ctx, tokens), trigger.entry.lemma
            return speaker_from(doc, tokens, tokens, None, ctx.mentions), trigger.entry.lemma
    return None


def _whose(doc: Doc, i: int, window: list[int]) -> bool:
    """Tell whether token `i` starts a phrase saying whose a described speaker is ("a narrator in the ad")."""
    return doc[i].lower_ in WHOSE_WORDS and i != window[0] and doc[i - 1].pos_ == "NOUN"


def _described_by(ctx: Context, tokens: list[int]) -> Speaker | None:
    """Name a speaker described with a phrase ("a lawyer for Roe", "officials at the port authority").

    A body named in the phrase stands for them; a person named there does not:
    a lawyer for Roe is not Roe.
    """
    doc = ctx.doc
    head = next(t for t in tokens if _whose(doc, t, tokens)) - 1
    speaker = speaker_from(doc, tokens, tokens, head, ctx.mentions)
    over = [m for m in ctx.mentions if speaker is not None and m.start <= speaker.start < m.end]
    if speaker is None or (over and over[0].kind == "person" and not over[0].start <= doc[head].idx < over[0].end):
        words = doc[tokens[0] : tokens[-1] + 1]
        return Speaker(None, words.text, words.start_char, words.end_char)
    return speaker


def _signed(ctx: Context, found: Found) -> Speaker | None:
    """Return the name a dash signs a quote with right after its closing mark ("“…” ― Jane Roe")."""
    if found.span.close is None:
        return None
    doc, i = ctx.doc, found.last + 1
    if i < len(doc) and doc[i].text in (",", ".") and "\n" not in doc[i - 1].text_with_ws:
        i += 1
    if i < len(doc) and doc[i].text in DASHES and "\n" not in doc[i - 1].text_with_ws:
        result = _dash_attribution(ctx, i + 1)
        return result[0] if result is not None else None
    return None


def _signed_paragraphs(ctx: Context, found: list[Found]) -> None:
    """Give the unattributed quotes of a paragraph the name that signs its last quote.

    "“I am afraid. ‘Some are so poor…,’ as the song goes.” And it is all
    he has, “the root of it all.” ― Jane Roe": the paragraph is one reader's
    words, broken up by stray marks.
    """
    for n, f in enumerate(found):
        if f.speaker is not None or f.partial:
            continue
        last = max((g for g in found[n:] if g.span.line_start == f.span.line_start), key=lambda g: g.span.open)
        if last is not f and last.right and last.verb is None and _signed(ctx, last) is not None:
            f.speaker = last.speaker


def _dash_attribution(ctx: Context, i: int) -> tuple[Speaker | None, str | None] | None:
    """Read the name after a dash that signs a quote ("“…” ― Jane Roe"), up to the end of its line."""
    doc = ctx.doc
    tokens = np_tokens(doc, i, 1, ctx.quoted)
    end = max(tokens) + 1 if tokens else i
    if not any(doc[t].pos_ == "PROPN" for t in tokens):
        return None
    if end < len(doc) and "\n" not in doc[end - 1].text_with_ws + doc[end].text and doc[end].text not in ",.;":
        return None
    return speaker_from(doc, tokens, tokens, None, ctx.mentions), None


def _past_age(doc: Doc, i: int) -> int:
    """Skip an age between commas after a name ("Jane Roe, 25, said")."""
    if i + 2 < len(doc) and doc[i].text == "," and doc[i + 1].like_num and doc[i + 2].text == ",":
        return i + 3
    return i


def _reports_else(doc: Doc, trigger: Trigger, quoted: set[int]) -> bool:
    """Tell whether a verb after a quote reports other words, not quoted ("… .” Roe said it was wrong")."""
    return any(
        c.dep_ in ("ccomp", "xcomp") and c.i > trigger.last and c.i not in quoted
        for c in doc[trigger.first].children
    )


def _past_nickname(doc: Doc, i: int) -> int:
    """Skip a quoted nickname inside a name ("Marcia “Cia” Price"): one capitalised word in marks between names."""
    if i + 3 < len(doc) and doc[i].text in MARKS and doc[i + 2].text in MARKS and doc[i - 1].text[:1].isupper() \
            and doc[i + 1].text[:1].isupper() and doc[i + 3].text[:1].isupper() and "\n" not in doc[i + 1].text:
        return i + 3
    return i


def _apposition(ctx: Context, i: int) -> list[int] | None:
    """Return the name set off by commas after a description and before the verb ("…, Del. Jane Roe (D-Ore.), said").

    Only a capitalised name closed by a second comma that a reporting verb
    follows: "“…” the mayor's niece, Jane Roe, said".
    """
    doc = ctx.doc
    if doc[i].text != ",":
        return None
    name = np_tokens(doc, i + 1, 1, ctx.quoted)
    if name and _past_nickname(doc, name[-1] + 1) > name[-1] + 1:  # "Marcia “Cia” Price"
        name += np_tokens(doc, _past_nickname(doc, name[-1] + 1), 1, ctx.quoted)
    if not name or not any(doc[t].pos_ == "PROPN" for t in name):
        return None
    end = _past_brackets(doc, name[-1] + 1)
    if end + 1 >= len(doc) or doc[end].text != "," or after_quote_trigger(doc, end + 1, ctx.lexicon) is None:
        return None
    return [*name, end + 1]


def _past_brackets(doc: Doc, i: int) -> int:
    """Skip a bracketed aside in an attribution ("Sen. Jane Roe (D-Ore.) said"), within its line."""
    if i >= len(doc) or doc[i].text != "(":
        return i
    for j in range(i + 1, min(i + 10, len(doc))):
        if "\n" in doc[j].text:
            return i
        if doc[j].text == ")":
            return j + 1
    return i


def _stops(doc: Doc, i: int) -> bool:
    """Tell whether token `i` ends an attribution window: punctuation, a mark, a line break."""
    token = doc[i]
    if token.lower_ in POSSESSIVE and token.tag_ == "POS":  # "the union's advert": no quotation mark
        return False
    return token.is_punct or token.text[0] in MARKS or "\n" in token.text


def _left_attribution(ctx: Context, found: Found) -> tuple[Speaker | None, str] | None:
    """Read "X said, '…'", "according to X, '…'", "X stated that “…”" before the opening mark."""
    doc = ctx.doc
    head = _quote_head(doc, found)
    inner = doc[min(found.first + 1, len(doc) - 1)]

    def triggers() -> Iterator[Trigger]:
        for k in range(found.first - 1, _left_bound(ctx, found) - 1, -1):
            trigger = trigger_at(doc, k, ctx.lexicon)
            if trigger is None or trigger.last >= found.first:
                continue
            if head is not None and (_in_subject_of(doc[trigger.first], head)
                                     or _in_subject_of(doc[trigger.first], head.head)):
                continue  # "saying anybody who complains '…'": the verb sits inside the quoted clause's subject
            if _aside(doc, trigger, found) or (trigger.entry.speaker == "after" and _uttered(ctx, found)) \
                    or _reported_in_relative(doc, trigger, found):
                continue
            if found.first - trigger.last - 1 <= LEFT_GAP or doc[trigger.first] in inner.ancestors:
                yield trigger

    return _person_first(ctx, triggers())


def _aside(doc: Doc, trigger: Trigger, found: Found) -> bool:
    """Tell whether a reporting verb only describes a noun in a phrase set before the clause.

    "In a statement announcing the pick, the union called her a “champion”":
    "announcing" belongs to "a statement", inside "In …"; the quote is the
    union's, in a clause of its own.
    """
    verb = doc[trigger.first]
    inside = range(verb.left_edge.i, verb.right_edge.i + 1)
    return verb.dep_ == "acl" and verb.head.dep_ == "pobj" and found.first + 1 not in inside


def _reported_in_relative(doc: Doc, trigger: Trigger, found: Found) -> bool:
    """Tell whether a reporting verb in a relative clause has reported its own clause before the quote.

    "Roe told a sailor who argued that the crews should strike that “…”":
    the sailor's words end before the mark; the quote is what Roe told.
    "Roe answered a student who suggested that “…”" is the student's.
    """
    verb = doc[trigger.first]
    return verb.dep_ == "relcl" and any(c.dep_ == "ccomp" and trigger.last < c.i < found.first for c in verb.children)


def _quote_head(doc: Doc, found: Found) -> Token | None:
    """Return the word the quoted words hang from in the parse: the one whose head lies outside them."""
    inside = range(found.first + 1, found.last)
    for i in inside:
        if doc[i].head.i not in inside or doc[i].head.i == i:
            return doc[i] if not doc[i].is_punct else None
    return None


def _in_subject_of(token: Token, head: Token) -> bool:
    """Tell whether a token lies inside the subject of `head`'s clause."""
    return any(a.head.i == head.i and a.dep_ in SUBJECTS for a in (token, *token.ancestors))


def _left_bound(ctx: Context, found: Found) -> int:
    """Return the first token of the sentence the opening mark is in, past stray sentence breaks."""
    doc = ctx.doc
    line = ctx.token_at(found.span.line_start)
    start = doc[found.first].sent.start
    while start > line and not _ends_sentence(doc, start - 1):
        start = doc[start - 1].sent.start
    return max(start, line)


def _ends_sentence(doc: Doc, i: int) -> bool:
    """Tell whether token `i` closes a sentence, looking through a closing quotation mark."""
    if doc[i].text[0] in MARKS and i > 0:
        i -= 1
    return doc[i].text in _SENTENCE_END


def _governing_attribution(ctx: Context, found: Found) -> tuple[Speaker | None, str] | None:
    """Attribute a quote to the reporting verb it hangs from in the parse."""
    doc = ctx.doc
    inner = doc[min(found.first + 1, len(doc) - 1)]
    triggers = (trigger_at(doc, a.i, ctx.lexicon) for a in inner.ancestors if a.i not in ctx.quoted)
    return _person_first(ctx, (t for t in triggers if t is not None))


def _person_first(ctx: Context, triggers: Iterable[Trigger]) -> tuple[Speaker | None, str] | None:
    """Attribute to the first of these reporting verbs whose subject is no thing, else to the first.

    "She says it underscores that …": she, not "it".
    """
    first: tuple[Speaker | None, str] | None = None
    for trigger in triggers:
        result = _trigger_speaker(ctx, trigger), trigger.entry.lemma
        if not _thing(result[0]):
            return result
        first = first or result
    return first


def _thing(speaker: Speaker | None) -> bool:
    """Tell whether a reporting verb's subject is a thing that reports nobody's words ("it shows that")."""
    return speaker is not None and speaker.actor is None and speaker.name.lower() in THINGS


def _trigger_speaker(ctx: Context, trigger: Trigger) -> Speaker | None:
    """Find the speaker a reporting verb or phrase names."""
    if trigger.entry.speaker == "after":
        tokens = source_tokens(ctx.doc, trigger.last + 1, ctx.quoted, ctx.lexicon)
        return speaker_from(ctx.doc, tokens, tokens, None, ctx.mentions) if tokens else None
    return subject_speaker(ctx.doc, trigger, ctx.lexicon, ctx.mentions, ctx.quoted)


def _merge_split(ctx: Context, found: list[Found]) -> list[Found]:
    """Join "“A,” said X, “B”" into one quote whose speaker the middle names."""
    merged: list[Found] = []
    for f in found:
        prev = merged[-1] if merged else None
        if prev is not None and _continues_split(ctx.text, prev, f):
            prev.parts.append(f.span)
            continue
        merged.append(f)
    return merged


def _continues_split(text: str, prev: Found, f: Found) -> bool:
    """Tell whether `f` is the second part of a quote split by its attribution."""
    if (
        not prev.right
        or prev.parts
        or prev.span.close is None
        or f.span.line_start != prev.span.line_start
    ):
        return False
    head = text[prev.span.start : prev.span.close].rstrip()
    middle = text[prev.span.close + 1 : f.span.open]
    comma_first = head.endswith(",") or middle.lstrip().startswith(",")
    return comma_first and middle.rstrip().endswith(",") and "." not in middle


def _continue_speakers(text: str, found: list[Found]) -> None:
    """Give an unattributed quote the speaker of the quote just before it, where it goes on from it."""
    for prev, f in zip(found, found[1:], strict=False):
        if f.speaker is not None or f.partial or prev.speaker is None or prev.partial:
            continue
        same_line = f.span.line_start == prev.span.line_start
        whole_line = not text[f.span.line_start : f.span.open].strip() and _only_punct(text, f)
        adjacent = not text[prev.span.line_end : f.span.line_start].strip()
        if (same_line and f.framed) or (whole_line and adjacent):
            f.speaker = prev.speaker


def _reported_before(ctx: Context, f: Found) -> tuple[Speaker | None, str | None] | None:
    """Attribute a quote that opens a sentence to the reporting verb of the sentence before, in its paragraph.

    "…, Roe said. “The other worry is …”" and "Roe called her a genius. “She
    did it again and again.”": the quote goes on with what the sentence before
    reported. Only when that sentence is on the same line and quotes nothing itself.
    Without a reporting verb there, the person its main clause names as subject.
    """
    doc = ctx.doc
    sent = doc[f.first].sent
    if f.first != sent.start or sent.start == 0:
        return None
    before = doc[sent.start - 1].sent
    if "\n" in ctx.text[before.start_char : f.span.open] or any(t.i in ctx.quoted for t in before):
        return None
    for token in reversed(before):
        trigger = trigger_at(doc, token.i, ctx.lexicon)
        if trigger is None and token.pos_ == "VERB" and token.lemma_.lower() in ctx.lexicon.naming_verbs:
            lemma = token.lemma_.lower()  # "Roe called her a genius. “…”"
            trigger = Trigger(token.i, token.i, SpeechEntry(lemma, (lemma,), "subject", None))
        if trigger is not None:
            speaker = _trigger_speaker(ctx, trigger)
            return (speaker, trigger.entry.lemma) if speaker is not None else None
    return _actor_before(ctx, before)


def _actor_before(ctx: Context, sentence: Span) -> tuple[Speaker | None, None] | None:
    """Return the person a sentence is about, by name, as the speaker of a quote that follows it.

    "Sen. Jane Roe singled out the young voters. “They are tired of it.”":
    the named person who is the main clause's subject speaks next.
    """
    doc = ctx.doc
    subject = subject_of(sentence.root)
    if subject is None or subject.pos_ != "PROPN":
        return None
    person = any(m.kind == "person" and m.actor and m.start <= subject.idx < m.end for m in ctx.mentions)
    if not person:
        return None
    span = [t.i for t in subject.subtree if t.i not in ctx.quoted]
    speaker = speaker_from(doc, span, [t.i for t in subject.subtree if t.i <= subject.i], subject.i, ctx.mentions)
    return (speaker, None) if speaker is not None else None


def _only_punct(text: str, f: Found) -> bool:
    """Tell whether nothing but punctuation follows the quote on its line."""
    after = f.span.close + 1 if f.span.close is not None else f.span.end
    return not any(c.isalnum() for c in text[after : f.span.line_end])


def _without_role(name: str, lexicon: Lexicon) -> str:
    """Drop role words the resolver left before a new person's name ("Spokesman Jane Roe")."""
    words = name.split()
    while len(words) > 2 and words[0].lower() in lexicon.person_nouns:
        words.pop(0)
    return " ".join(words)


def _named(quotes: list[Quote], names: dict[str, str]) -> list[Quote]:
    """Sign the quotes of people the dictionary lacks with their full names."""
    for q in quotes:
        q.speaker_name = names.get(q.speaker or "") or q.speaker_name
    return quotes


def _blocked(found: list[Found]) -> list[tuple[int, int]]:
    """Return the character ranges of full direct quotes, which indirect quotes must not overlap."""
    ranges = []
    for f in found:
        if not f.partial:
            end = f.parts[-1].end if f.parts else f.span.end
            ranges.append((f.span.open, end))
    return ranges


def _to_quote(text: str, f: Found, names: dict[str, str]) -> Quote:
    """Turn a found quote into the record other stages read."""
    parts = [f.span, *f.parts]
    words = " ".join(text[p.start : p.end] for p in parts)
    speaker = f.speaker
    return Quote(
        text=words,
        start=f.span.start,
        end=parts[-1].end,
        direct=True,
        speaker=speaker.actor if speaker else None,
        speaker_name=(names.get(speaker.actor or "") or speaker.name) if speaker else None,
        speaker_start=speaker.start if speaker else None,
        speaker_end=speaker.end if speaker else None,
        verb=f.verb,
        partial=f.partial,
    )
