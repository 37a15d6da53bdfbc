"""Transcript turns: a paragraph that opens with "NAME:" is that person speaking.

Press-conference transcripts and interviews carry no quotation marks: each
turn starts with its speaker's label ("FOREIGN SECRETARY JANE ROE:", "Roe:",
"MODERATOR:") and may run over several paragraphs. Rules:

1. A label is one to six capitalised words (small words such as "of" may sit
   between them) at the start of a line, then ":" and words. It names a
   speaker when it holds a person mention with an actor, or its last word is
   the surname of a person mentioned in the document (spelling slips of one
   or two letters are tolerated: transcripts misspell names), or the page has
   at least two all-capital labels (a transcript whose speakers the
   dictionary lacks).
2. A label from `unnamed_turns` in data/speech_verbs.yaml ("MODERATOR",
   "QUESTION") names nobody: its turn gives no quote, nor do the paragraphs
   after it.
3. Each paragraph of a named turn is one quote: the label's paragraph after
   the label (and after an aside such as "(Via translation)"), then, in a
   transcript (two labels or more, or one in capitals), each following paragraph, up to the next
   label, that is speech: it holds a first- or second-person word ("I", "we",
   "our", "you") and no double quotation mark (narration quoting someone). A
   heading or the reporter's narration between turns holds none.
4. A line ending in a colon whose reporting verb names a speaker ("Minister
   Roe made the following statement:", "He told reporters:") gives the
   first-person paragraphs after it, without quotation marks, to that speaker
   (a statement page), up to the first paragraph that is not speech.
5. A label right before a quotation mark ('Roe: "…"', a headline quote) or
   inside one ('"ROE: …"') gives that quote its speaker; quotes_marks.py found
   the words already.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dyad.extract.quotes.quotes_lexicon import Lexicon
from dyad.extract.quotes.quotes_marks import MARKS
from dyad.extract.quotes.quotes_speakers import Speaker
from dyad.model import Mention, Quote

_LABEL = re.compile(
    r"[^\W\d_][\w.’'-]*(?:[ \t]+(?:of|the|de|and|for|al|bin|van|von|[^\W\d_][\w.’'-]*)){0,6}"
)
_ASIDE = re.compile(r"\s*\([^)\n]{0,40}\)\s*")
_PERSON_WORDS = re.compile(r"\b(?:I|I'm|I’m|we|we're|we’re|our|ours|us|my|me|you|your)\b", re.IGNORECASE)
SMALL = frozenset({"of", "the", "de", "and", "for", "al", "bin", "van", "von"})
Lookup = Callable[[str], str | None]  # a bare surname -> the person it names on the date
DOUBLE = frozenset('"“”„«»')
MAX_SLIP = 2  # letters by which a label's surname may differ from the mention's ("Cavusoglou")


@dataclass(frozen=True)
class Label:
    """A turn label at the start of a line: where its name is and where its words start."""

    start: int
    end: int  # end of the name, before ":"
    words: int  # first character after ":" and the spaces


def label_at(text: str, start: int, end: int) -> Label | None:
    """Return the "NAME:" label that opens text[start:end], if there is one."""
    match = _LABEL.match(text, start, end)
    if match is None or not text.startswith(":", match.end()):
        return None
    name = text[match.start() : match.end()]
    if not all(w[0].isupper() for w in name.split() if w not in SMALL):
        return None
    words = match.end() + 1
    while words < end and text[words] in " \t":
        words += 1
    return Label(match.start(), match.end(), words) if words < end and words > match.end() + 1 else None


def turn_speaker(
    text: str, label: Label, mentions: Sequence[Mention], lexicon: Lexicon, capitals: int,
    lookup: Lookup | None = None,
) -> Speaker | None:
    """Name who a label stands for, or None when it names nobody or no one known."""
    name = text[label.start : label.end]
    if name.lower() in lexicon.unnamed_turns or name.split()[-1].lower() in lexicon.unnamed_turns:
        return None
    over = [m for m in mentions if m.start < label.end and m.end > label.start and m.actor]
    if any(m.kind == "place" or (m.kind == "state" and m.end - m.start == label.end - label.start) for m in over):
        return None
    person = next((m for m in over if m.kind == "person"), None)
    if person is None:
        person = by_surname(name.split()[-1], mentions)
    if person is not None:
        return Speaker(person.actor, name, label.start, label.end)
    actor = lookup(name.split()[-1]) if lookup is not None else None
    if actor is not None:
        return Speaker(actor, name, label.start, label.end)
    if name.isupper() and capitals >= 2:
        return Speaker(None, name.title(), label.start, label.end)
    return None


def _fold(word: str) -> str:
    """Fold a word to lower-case letters without accents."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def by_surname(surname: str, mentions: Sequence[Mention]) -> Mention | None:
    """Find a person mention whose last word is this surname, allowing a small spelling slip."""
    key = _fold(surname)
    if len(key) < 3:
        return None
    close = None
    for mention in mentions:
        if mention.kind != "person" or mention.actor is None:
            continue
        folded = [_fold(w) for w in mention.text.split()]
        if key in folded:  # the last word, or the first of a family-first name ("Roe Jane")
            return mention
        last = folded[-1]
        if close is None and len(key) >= 6 and last[:5] == key[:5] and abs(len(last) - len(key)) <= MAX_SLIP:
            close = mention
    return close


def capital_labels(text: str) -> int:
    """Count the all-capital turn labels in a text ("ROE:"), the mark of a transcript."""
    count = 0
    for start, end in _lines(text):
        label = label_at(text, start, end)
        count += label is not None and text[label.start : label.end].isupper()
    return count


def turn_quotes(
    text: str, mentions: Sequence[Mention], lexicon: Lexicon, capitals: int, lookup: Lookup | None = None
) -> list[Quote]:
    """Return one quote per paragraph of each named turn; quotation marks are left to the mark finder.

    Paragraphs after a label's own count only in a transcript (two labels or
    more, or a label in capitals): after a lone headline label ("Roe: Talks
    will go on") comes the article, not more of Roe's words.
    """
    found: list[Quote] = []
    speaker: Speaker | None = None
    lines = _lines(text)
    labels = [label_at(text, start, end) for start, end in lines]
    transcript = sum(label is not None for label in labels) >= 2 or capitals >= 1
    for (start, end), label in zip(lines, labels, strict=True):
        if label is not None:
            speaker = turn_speaker(text, label, mentions, lexicon, capitals, lookup)
            if speaker is None or text[label.words] in MARKS:
                speaker = None
                continue
            begin = _past_aside(text, label.words, end)
        elif speaker is None or not transcript or not _continues(text, start, end):
            continue
        else:
            begin = start
        if begin < end and text[begin] not in MARKS:
            found.append(_quote(text, begin, end, speaker))
    return found


def unnamed_turns(text: str, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Return the (start, end) of every turn of a transcript's unnamed speaker ("MODERATOR:", "QUESTION:").

    A turn runs from its label to the next label. What a moderator or a
    questioner says ("We will first hear from …") is the running of the event,
    no one's word: no promise, no event.
    """
    found: list[tuple[int, int]] = []
    open_at: int | None = None
    for start, end in _lines(text):
        label = label_at(text, start, end)
        if label is None:
            continue
        if open_at is not None:
            found.append((open_at, start))
            open_at = None
        name = text[label.start : label.end].lower()
        if name in lexicon.unnamed_turns or name.split()[-1] in lexicon.unnamed_turns:
            open_at = label.start
    if open_at is not None:
        found.append((open_at, len(text)))
    return found


def _continues(text: str, start: int, end: int) -> bool:
    """Tell whether a paragraph is more of a turn: first-person words, and no one else quoted in it."""
    return bool(_PERSON_WORDS.search(text, start, end)) and not any(c in DOUBLE for c in text[start:end])


def speech_paragraphs(text: str, after: int, speaker: Speaker, verb: str | None) -> list[Quote]:
    """Return the first-person paragraphs right after a line that gives someone the floor.

    "Minister Roe made the following statement:" then paragraphs in her own
    words, without quotation marks, up to the first that is not speech.
    """
    found = []
    for start, end in speech_lines(text):
        if start <= after:
            continue
        if text[start] in MARKS or label_at(text, start, end) is not None or not _continues(text, start, end):
            break
        found.append(_quote(text, start, end, speaker, verb))
    return found


def speech_lines(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) of every line with words on it."""
    return _lines(text)


def _lines(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) of every line with words on it."""
    out, position = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((position, position + len(line.rstrip())))
        position += len(line) + 1
    return out


def _past_aside(text: str, start: int, end: int) -> int:
    """Skip an aside in brackets at the start of a turn ("(Via translation)")."""
    match = _ASIDE.match(text, start, end)
    return match.end() if match else start


def _quote(text: str, start: int, end: int, speaker: Speaker, verb: str | None = None) -> Quote:
    """Make the quote of one turn paragraph."""
    return speaker.quote(text, start, end, verb, direct=True)
