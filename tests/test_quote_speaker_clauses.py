"""Speakers read off the clause around a reporting verb: who a relative pronoun, a text or a description stands for.

All sentences are written for these tests. Each row is (text, the speaker's
words and actor for the quote whose text starts so); near misses are rows
whose speaker must NOT be the tempting name in the sentence. Quotes are found
through the whole annotation stage (resolver, then quote finder).
"""

from __future__ import annotations

from functools import cache

import pytest

from dyad.actors import load_dictionary
from dyad.extract.annotate import annotate_documents
from dyad.extract.quotes.quotes import find_quotes
from dyad.model import Document, Mention, Published, Quote
from dyad.nlp.analyze import analyze

ROWS: list[tuple[str, str, str | None]] = [
    # a clause set on the subject is about it: a statement someone rejected is not theirs, nor the state it names
    ("Finland rejected a statement saying Estonia must close the border.", "Estonia must close", "a statement"),
    ("Denmark criticised a letter saying Iceland would leave the fishery talks.", "Iceland would leave", "a letter"),
    # a relative pronoun is the noun its clause describes, not a person named inside that clause
    ("Ina Falk would not pay a roofer who said he was owed for a month of work.", "he was owed", "a roofer"),
    # ... or the name that noun is set beside
    ("Lars Holm, a harbour pilot who told reporters the channel was silting up, retired in May.",
     "the channel was silting up", "Lars Holm"),
    # ... the noun right before it when the parse hangs the clause on a verb
    ("To settle it, they turned to the Harbour Police Department which reported “212 thefts” in the port.",
     "212 thefts", "Harbour Police Department"),
    # ... and a thing after a preposition is no "who": the people before it are
    ("The host took calls from angry listeners to his morning program who said they had doubts about the mayor.",
     "they had doubts", "angry listeners"),
    ("The host took calls from fishermen at the northern harbour who said they had doubts about the mayor.",
     "they had doubts", "fishermen"),
    # near misses: a person after the preposition is the "who"; after "of" the nearer noun stays
    ("The host took calls from listeners to the senator who said the channel was unsafe.",
     "the channel was unsafe", "the senator"),
    ("The host spoke to a friend of the harbour master who said the channel was unsafe.",
     "the channel was unsafe", "a friend of the harbour master"),
    # near miss: a question's "who" stands for no one
    ("The mayor asked who said the pier would close.", "the pier would close", "who"),
    # ... the last of a list, right before it, though the parse hangs the clause on the first
    ("The gala featured singers like Anna Berg, Tove Lind, Karin Holm and Maja Falk, who said the hall "
     "was too cold.", "the hall was too cold", "Maja Falk"),
    ("The ferry crews, who argued that the new timetable was unsafe, won their case.",
     "the new timetable was unsafe", "The ferry crews"),
    # a text speaks for the author named with it ("by", "from", a possessor)
    ("The berths are full, according to an audit by Greta Lund, the harbour's accountant.",
     "The berths are full", "Greta Lund"),
    ("A survey by the Nordic Shipping Council said freight would fall.", "freight would fall",
     "the Nordic Shipping Council"),
    ("The berths are full, according to a complaint filed by the Dockers’ Union.", "The berths are full",
     "the Dockers’ Union"),
    # near miss: a text with no author named stays the speaker
    ("The berths are full, according to a recent audit.", "The berths are full", "a recent audit"),
    # hyphenated words are part of the source's name
    ("Fares will rise, according to the left-leaning Harbour Institute.", "Fares will rise",
     "the left-leaning Harbour Institute"),
    ("Fares will rise, according to a 40-page review by the Harbour Institute.", "Fares will rise",
     "the Harbour Institute"),
    # a pronoun inside a description is not who speaks
    ("People close to him say the admiral will retire in June.", "the admiral will retire", "People close"),
    # the object of a "to" infinitive does it: who was forced to admit is who admits
    ("The auditor forced Ina Falk, who ran the port, to admit that the berths were never dredged.",
     "the berths were never dredged", "Ina Falk"),
    # near miss: a thing used for a purpose does not speak ("used blunt words to denounce")
    ("Other mayors used blunt words to denounce what the governor called “a raid on the harbour.”",
     "what the governor called", "Other mayors"),
    # near miss: after a verb that reports a request, the quoted words are the asker's
    ("Lars Holm asked the crowd to welcome “the best harbour master we ever had.”",
     "the best harbour master", "Lars Holm"),
    # names the parse hung from the noun before are the subject of the verbs after them, coordinated ones too
    ("In the third week of the strike, Ina Falk and Lars Holm call the offer “an insult” and describe the talks as "
     "a farce.", "the talks as a farce", "Ina Falk"),
    # a verb after an adjective ("unable to", "quick to") is the adjective's subject's, not its object's
    ("The mayor will be unable to calm the pier and accuse the crews of sabotage.", "the crews of sabotage",
     "The mayor"),
    ("The mayor was quick to note that the ferry company lost money.", "the ferry company", "The mayor"),
    # "it said" / "they said" in reported speech is the body that is the subject before
    ("The harbour board met on Monday. It said the berths would reopen in May.", "the berths would reopen",
     "The harbour board"),
    ("The Dockers’ Union called the offer thin. “We will strike,” it said. It added that talks were over.",
     "talks were over", "The Dockers’ Union"),
    ("“The quotas are too low,” the fisheries report says. It adds that the stocks are recovering.",
     "the stocks are recovering", "the fisheries report"),
    # near miss: "they" is never one statement or one court
    ("The statement noted that the vote was close. They said the strike would go on.", "the strike would go on",
     "They"),
    ("The four ministers opposed “any change by force.” They also said the strait must stay open.",
     "the strait must stay open", "The four ministers"),
    # ... nor are things; but people a plural names are, in the two sentences before
    ("Aides to the harbour master met the ferry crews on Monday. They said the strike had hurt the port.",
     "the strike had hurt", "Aides"),
    ("Critics of the harbour plan met on Monday. “The port must stay open,” they wrote.",
     "The port must stay open", "Critics"),
    ("The prices rose in May. They said the strike had hurt the port.", "the strike had hurt", "They"),
    ("Critics of the harbour plan met on Monday. The talks were long. The hall was cold. The vote was close. "
     "They said the strike had hurt the port.", "the strike had hurt", "They"),
    # a description's head before "of" ("the minister of fisheries") is the person described before
    ("Anna Berg spoke out on Tuesday about the harbour closure. “The port must reopen,” the former minister of "
     "fisheries said on a radio show.", "The port must reopen", "Anna Berg"),
    # near miss: a head that is no person noun stays a description (not a person before, nor "the board")
    ("Anna Berg spoke out on Tuesday about the harbour closure. “The port must reopen,” the head of the harbour "
     "board said on a radio show.", "The port must reopen", "the head of the harbour board"),
    # a former official no longer speaks for the body or state in the description
    ("A former NATO chairman says the alliance should close its northern base.", "the alliance should close",
     "A former NATO chairman"),
    ("Several former RT journalists have complained that the channel edited them.", "the channel edited them",
     "Several former RT journalists"),
    # near misses: a serving one does; a former official's own name names them
    ("A NATO spokesman said the alliance would close its northern base.", "the alliance would close", "NATO"),
    ("Former President Bill Clinton said the alliance would close its northern base.", "the alliance would close",
     "President Bill Clinton"),
    # a body subject in the pronoun's own sentence is nearer than the quote before
    ("The ferry crews called the plan “a sham.” The unions want more pay (they say the crews are short of staff).",
     "the crews are short of staff", "The unions"),
    # a name the parse took for a verb ("May" as a modal) is still the subject before the verb
    ("Theresa May met the crews. May also confirmed the new ferry timetable.", "the new ferry timetable", "May"),
    # "he"/"she" with no name before is the kin a subject names, of that gender ("my father")
    ("“We live in hard times,” my father often said.\n\nHe also told his friends that “the port is the answer.”",
     "the port is the answer", "my father"),
    ("My mother has softened with age, but even now she still says things such as, “We are not all meant to be "
     "rich, you know.”", "We are not all meant", "My mother"),
    # near miss: kin of the other gender is not the pronoun's
    ("“We live in hard times,” my father often said. “The port is the answer,” she said.", "The port is the answer",
     "she"),
    # near miss: a person before is not "it"
    ("Tom Berg walked to the pier. It said the berths would reopen in May.", "the berths would reopen", "It"),
    # a relative clause on what the subject is said to be is the subject's words
    ("Tom Hale is a former minister who has argued that the port should close.", "the port should close", "Tom Hale"),
    ("Tom Hale is a liar, a cheat and a bully who has vowed to close the port.", "to close the port", "Tom Hale"),
    # ... also when "be" is joined to a verb before it and shares its subject
    ("Tom Hale regularly insults the crews and is a liar, a cheat and a bully who has vowed to close the port.",
     "to close the port", "Tom Hale"),
    # near miss: a noun after "of" in the complement is no list of what the subject is
    ("The mayor met the crews and was a guest of the union, which has vowed to close the port.",
     "to close the port", "the union"),
    # near miss: "who" is no thing the subject is said to be
    ("The sealed report has become a rallying point for dockers here, who have called for its release.",
     "its release", "a rallying point"),
    # near miss: an object described by the clause speaks for itself
    ("Tom Hale met a former minister who has argued that the port should close.", "the port should close",
     "a former minister"),
    # a description with a name set beside it is that name (the role, its portfolio and the name are one mention)
    ("The minister of fisheries, Ms. Greta Lund, argues there is no reason to cut the quota.",
     "there is no reason", "The minister of fisheries, Ms. Greta Lund"),
    # a state's name opening a long proper name is no speaker: the body named is ("… Conference of …")
    ("The United States Conference of Harbour Masters said the new rules were too strict.", "the new rules",
     "The United States Conference of Harbour Masters"),
    # near misses: the state itself, and a state's own ministry, speak for the state
    ("The United States said the new rules were too strict.", "the new rules", "The United States"),
    ("The Russian Ministry of Foreign Affairs said the talks would resume.", "the talks",
     "Russian Ministry of Foreign Affairs"),
]
NONE = [
    # the writer's own remark ("it is worth noting") has no speaker
    ("It is worth noting that the ferry company lost money in May.", "the ferry company"),
]


@cache
def _annotated() -> dict[str, list[Quote]]:
    texts = [t for t, _, _ in ROWS] + [t for t, _ in NONE]
    docs = [
        Document(id=str(n), source=str(n), part=0, text=text, raw_sha256="0" * 64,
                 published=Published("2023-05-10", "day", "metadata"), language="en")
        for n, text in enumerate(texts)
    ]
    found = annotate_documents(docs, load_dictionary())[0]
    return {text: found[str(n)].quotes for n, text in enumerate(texts)}


@pytest.mark.parametrize("text,start,speaker", ROWS, ids=[t[:40] for t, _, _ in ROWS])
def test_the_clause_names_the_speaker(text: str, start: str, speaker: str) -> None:
    quotes = [q for q in _annotated()[text] if q.text.startswith(start)]
    assert [q.speaker_name for q in quotes] == [speaker], _annotated()[text]


@pytest.mark.parametrize("text,start", NONE, ids=[t[:40] for t, _ in NONE])
def test_the_writers_own_remark_has_no_speaker(text: str, start: str) -> None:
    assert not [q for q in _annotated()[text] if q.text.startswith(start)], _annotated()[text]


@pytest.mark.parametrize(
    "sentence,speaker",
    [
        ("Karl Nyberg has said twenty firms want the berths, but he refuses to name them, saying he wants a fair race.",
         "new:karl_nyberg"),
        # near misses: no named subject in the sentence, or only a state: the resolver's reading stands
        ("Twenty firms want the berths, but he refuses to name them, saying he wants a fair race.", "new:tom_berg"),
        ("Norway wants the berths, but he refuses to name them, saying he wants a fair race.", "new:tom_berg"),
    ],
)
def test_a_pronoun_in_reported_speech_is_the_named_subject_of_its_sentence(sentence: str, speaker: str) -> None:
    # the resolver read "he" as the previous quote's speaker; the sentence's own named subject is who he is
    text = "“The pier is a ruin,” said Tom Berg.\n\n" + sentence
    (doc,) = analyze([text])
    at = text.index("but he") + 4  # the subject of "refuses", whose "saying" it is
    mentions = [Mention(text.index("Tom Berg"), text.index("Tom Berg") + 8, "Tom Berg", "new:tom_berg", "person", "new"),
                Mention(at, at + 2, "he", "new:tom_berg", "person", "coref")]
    if "Nyberg" in text:
        mentions.append(Mention(text.index("Karl"), text.index("Karl") + 11, "Karl Nyberg", "new:karl_nyberg", "person",
                                "new"))
    if "Norway" in text:
        mentions.append(Mention(text.index("Norway"), text.index("Norway") + 6, "Norway", "NOR", "state", "name"))
    (quote,) = [q for q in find_quotes(doc, mentions) if q.text.startswith("he wants")]
    assert quote.speaker == speaker


def test_a_rejected_statement_is_not_the_state_it_names() -> None:
    (quote,) = _annotated()[ROWS[0][0]]
    assert quote.speaker is None  # neither Finland (who rejected it) nor Estonia (whom it names)


def _speakers(text: str) -> list[tuple[str | None, str | None]]:
    doc = Document(id="0", source="0", part=0, text=text, raw_sha256="0" * 64,
                   published=Published("2017-05-10", "day", "metadata"), language="en")
    found = annotate_documents([doc], load_dictionary())[0]
    return [(q.speaker, q.speaker_name) for q in found["0"].quotes]


def test_a_month_after_a_preposition_is_no_person_for_a_role_beside_it() -> None:
    # "in May, the minister said": the month, not the dictionary's Theresa May the role would make of it
    assert _speakers("The ferry crossing will reopen in May, the minister told reporters on Monday.") == [
        (None, "the minister")]
    # near miss: once the document names her, "May" after a preposition is the person, and the role hers
    assert _speakers("Theresa May met the ferry crews. After talks with May, the minister said the port would "
                     "reopen.") == [("theresa_may", "the minister")]
