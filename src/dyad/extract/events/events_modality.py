"""Decide an event's modality and date from the words around its trigger.

Modality, strongest first (one label per event):

- **negated**: "not", "n't", "never" on the trigger or its governing verb
  ("did not accuse", "never agreed to meet"), "no" on its object ("held no talks"),
  or a governor that leaves it undone ("avoided condemning", "was unable to meet");
- **hypothetical**: a modal ("could", "would", "might"), a condition ("if",
  "unless"), a need ("needs to", "it is critical to") or a question mark on the
  trigger's clause or the clause it depends on;
- **reported**: the trigger sits in the complement of someone's speech verb
  ("Shoigu said that the Russians had suggested …") or under "according to", or is
  what someone is accused or blamed of ("accused Chile of breaking the truce");
- **intended**: future ("will", "shall", "is going to") or an intent verb
  governs it ("agreed to hold", "plans to visit");
- otherwise **asserted**.

The date is the time expression in the trigger's sentence nearest the trigger.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from dyad.extract.events.events_lexicon import EventLexicon
from dyad.extract.events.events_syntax import charged_by, speech_head
from dyad.extract.time.timex import TimeExpr, overlapping

ASSERTED, INTENDED, NEGATED = "asserted", "intended", "negated"
HYPOTHETICAL, REPORTED = "hypothetical", "reported"
ACCUSATION = "112"  # CAMEO: accuse (blame, allege); what is accused is alleged, not asserted


def clause_chain(trigger: Token, governors: Sequence[Token]) -> list[Token]:
    """Return the trigger, the verbs governing it, and the clause it is conjoined to; an act that is
    the purpose of another takes that act's clause and governors too ("vowed to form a force TO
    CRACK DOWN" is vowed, "need to do everything TO SUPPORT them" needed)."""
    chain = [trigger, *governors]
    last = chain[-1]
    if _purpose_of(last) is not None:
        served = last.head
        chain.append(served)
        while served.dep_ == "xcomp" and served.head.i != served.i and len(chain) < 8:
            served = served.head
            chain.append(served)
        last = served
    if last.dep_ in ("conj", "xcomp") and last.head.i != last.i:
        chain.append(last.head)
    return chain


def _purpose_of(verb: Token) -> Token | None:
    """Return the verb whose purpose a to-clause is ("formed a force TO CRACK DOWN"), if it is one."""
    if verb.dep_ == "advcl" and verb.head.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    ):
        return verb.head
    return None


def is_negated(chain: Sequence[Token], obj: Token | None, lexicon: EventLexicon) -> bool:
    """Tell whether a negation word modifies the trigger, a governor, or the object."""
    for verb in chain:
        for c in verb.children:
            if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never"):
                return True
    if any(g.lemma_.lower() in lexicon.negating_governors for g in chain[1:]) or _avoided(chain[0], lexicon):
        return True  # "avoided condemning", "was unable to reach", "steered clear of criticizing"
    if obj is not None:
        return any(c.dep_ == "det" and c.lower_ == "no" for c in obj.children)
    return False


def _avoided(trigger: Token, lexicon: EventLexicon) -> bool:
    """Tell whether a word that leaves acts undone takes the trigger by another road than an open
    complement: "refrained FROM criticizing", "steered clear OF condemning", or a misread verb
    ("X avoids condemning" parsed as a noun with the trigger hung on it)."""
    if trigger.dep_ == "pcomp":
        head = trigger.head.head
    elif trigger.dep_ == "acl":
        head = trigger.head
    else:
        return False
    word = head.lemma_.lower()
    return word in lexicon.negating_governors or any(
        f"{word} {c.lower_}" in lexicon.negating_phrases for c in head.children if c.dep_ in ("advmod", "prt", "acomp"))


def is_hypothetical(chain: Sequence[Token], lexicon: EventLexicon, modals: bool = True) -> bool:
    """Tell whether a modal (unless `modals` is off), a condition or a need hedges the trigger's
    clause ("could meet", "if talks fail", "needs to make concessions")."""
    for verb in chain[1:]:
        if verb.lemma_.lower() in lexicon.necessity_words or any(
            c.dep_ == "acomp" and c.lemma_.lower() in lexicon.necessity_words for c in verb.children
        ):
            return True
    for verb in chain:
        for c in verb.children:
            if modals and c.dep_ == "aux" and c.lower_ in lexicon.hypothetical_words:
                return True
            if c.dep_ == "mark" and c.lower_ in lexicon.condition_marks:
                return True
            if c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in lexicon.condition_marks for m in c.children
            ):
                return True
    return False


def is_question(chain: Sequence[Token]) -> bool:
    """Tell whether the trigger's clause asks ("has Russia called for talks?"): nothing is stated."""
    return any(c.dep_ == "punct" and c.text == "?" for verb in chain for c in verb.children)


def is_future(chain: Sequence[Token], lexicon: EventLexicon) -> bool:
    """Tell whether the trigger is future or governed by an intent verb."""
    for verb in chain:
        for c in verb.children:
            if c.dep_ == "aux" and c.lower_ in lexicon.future_words:
                return True
    return any(g.lemma_ in lexicon.intent_verbs for g in chain[1:])


def modality_of(
    trigger: Token,
    governors: Sequence[Token],
    obj: Token | None,
    lexicon: EventLexicon,
    speech_act: bool = False,
) -> str:
    """Label an event asserted, intended, negated, hypothetical or reported.

    `speech_act` marks events that are the speaking itself ("X said Y's moves
    are unacceptable"): the speech verb then does not make them reported.
    """
    chain = clause_chain(trigger, governors)
    if is_negated(chain, obj, lexicon):
        return NEGATED
    if is_hypothetical(chain, lexicon) or is_question(chain):
        return HYPOTHETICAL
    if not speech_act and speech_head(chain[-1], lexicon.speech_verbs) is not None:
        return REPORTED
    if any(_alleged(verb, lexicon) for verb in chain):
        return REPORTED
    if is_future(chain, lexicon):
        return INTENDED
    return ASSERTED


def _alleged(verb: Token, lexicon: EventLexicon) -> bool:
    """Tell whether an act is only what someone accuses or blames another of ("accused X OF
    BREAKING the truce", "blamed X FOR DOWNING the jet", CAMEO 112): the accuser says so, as a
    speaker would. What someone is criticised, praised or thanked for ("criticised X for expelling
    its diplomats", "thanked X for helping") is told as done."""
    charge = charged_by(verb)
    rules = lexicon.verbs.get(charge.lemma_.lower(), ()) if charge is not None else ()
    return bool(rules) and all(rule.code.startswith(ACCUSATION) for rule in rules)


def date_of(
    sentence: Span, trigger: Token, times: Sequence[TimeExpr]
) -> tuple[str | None, str | None]:
    """Return (value, precision) of the time expression in the sentence nearest the trigger."""
    start, end = sentence.start_char, sentence.end_char
    best: TimeExpr | None = None
    for expr in overlapping(times, start, end):
        if expr.value is None:
            continue
        if best is None or abs(expr.start - trigger.idx) < abs(best.start - trigger.idx):
            best = expr
    return (best.value, best.precision) if best is not None else (None, None)
