"""Name the people a meeting's sentences describe by office rather than by name.

"Lavrov met his Turkish counterpart" names Turkey's holder of Lavrov's
office; "the foreign ministers of Japan and India" names the holder of that
office in each country. Who held an office on the meeting's day comes from
the actor dictionary (`holders`), so these are found only when the day is
known and the dictionary lists the office's holders; the words that name an
office (`role_words` in data/meetings.yaml) are data.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Span, Token

from dyad.actors import ActorDictionary

_COUNTERPART = "counterpart"
_MINISTER = "minister"


def office_holders(
    sentences: list[Span], named: list[str], day: date, dictionary: ActorDictionary, role_words: dict[str, str]
) -> list[str]:
    """Return the ids of the people these sentences name by office on a day."""
    offices = {r.role_key for p in named if (a := dictionary.by_id(p)) for r in a.roles_on(day)}
    found: list[str] = []
    for sent in sentences:
        for token in sent:
            lemma = token.lemma_.lower()
            if lemma == _COUNTERPART:
                roles = offices & set(role_words.values())
            elif _plural_minister(token) and not _named_there(token):
                roles = {role_words[c.lower_] for c in token.children if c.dep_ in ("amod", "compound")
                         and c.lower_ in role_words}
            else:
                continue
            for country in _countries(token, dictionary):
                found += [a.id for role in sorted(roles) for a in dictionary.holders(country, role, day)]
    return list(dict.fromkeys(found))


def _plural_minister(token: Token) -> bool:
    """Tell whether a word is "ministers"; capitalised, as "Foreign Ministers", spaCy may tag it singular."""
    if token.lower_ == f"{_MINISTER}s":
        return True
    return token.lemma_.lower() == _MINISTER and token.tag_ in ("NNS", "NNPS")


def _named_there(token: Token) -> bool:
    """Tell whether the office word's holders are named beside it ("the ministers of A and B, X and Y").

    The names are then the people; the dictionary's holders on the day may
    be others the text does not mean (an acting minister, a newer one).
    """
    return any(c.dep_ in ("appos", "conj") and c.ent_type_ == "PERSON" for c in token.children)


def _countries(token: Token, dictionary: ActorDictionary) -> list[str]:
    """Return the countries an office word is of: "his Turkish counterpart", "ministers of Japan and India"."""
    names = [c for c in token.children if c.dep_ in ("amod", "compound", "nmod", "poss")
             or c.dep_ == "conj" and c.pos_ == "PROPN"]  # "ministers of Japan and Russia" parsed as two heads
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    names += [obj, *(c for c in obj.subtree if c.dep_ == "conj")]
    found = []
    for name in names:
        words = "".join(t.text_with_ws for t in name.subtree if t.dep_ not in ("cc", "conj", "punct")).strip()
        state = dictionary.state_by_name(words.removesuffix("'s").removesuffix("’s")) or dictionary.state_by_name(name.text)
        if state is not None and state.id not in found:
            found.append(state.id)
    return found
