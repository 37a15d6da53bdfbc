"""Events said inside a quotation of several sentences belong to the quotation's speaker."""

from __future__ import annotations

from dyad.actors import load_dictionary
from dyad.extract.annotate import annotate
from dyad.model import Document, Event, Published
from dyad.nlp.analyze import analyze


def events_of(text: str) -> list[Event]:
    """Run the whole per-document analysis on one hand-written text."""
    doc = Document(id="t-0", source="t.txt", part=0, text=text, raw_sha256="0" * 64,
                   published=Published("2019-05-30", "day", "metadata"), language="en")
    return annotate(doc, next(analyze([text])), load_dictionary()).events


def accusations(events: list[Event]) -> set[tuple[str | None, str | None]]:
    return {(e.source, e.target) for e in events if e.cameo.startswith("11")}


def test_a_wrong_named_in_a_later_sentence_of_a_quotation_is_its_speakers_accusation() -> None:
    text = ('Japanese Foreign Minister Taro Kono spoke to reporters on Thursday, saying, '
            '"We still hope for dialogue. Russia\'s provocations around the islands are growing."')
    assert ("taro_kono", "RUS") in accusations(events_of(text))


def test_the_same_words_outside_any_quotation_accuse_no_one() -> None:
    text = "Japanese Foreign Minister Taro Kono spoke to reporters. Russia's provocations around the islands grew."
    assert accusations(events_of(text)) == set()


def test_an_accusation_with_a_quoted_phrase_is_coded_once() -> None:
    text = ("Japanese Foreign Minister Taro Kono went on to accuse Russia of \u201cprovoking the region\u201d "
            "at the meeting.")
    found = [e for e in events_of(text) if e.cameo.startswith("11")]
    assert [(e.source, e.target) for e in found] == [("taro_kono", "RUS")], found


def test_a_hyphenated_wrong_split_by_the_tokenizer_is_still_a_wrong() -> None:
    text = ('Japanese Foreign Minister Taro Kono spoke on Thursday, saying, '
            '"We still hope for dialogue. The crisis was made worse by Russia\'s cover-up."')
    assert ("taro_kono", "RUS") in accusations(events_of(text))


def test_the_two_words_apart_name_no_wrong() -> None:
    text = ('Japanese Foreign Minister Taro Kono spoke on Thursday, saying, '
            '"We still hope for dialogue. Russia\'s crews will cover up the cargo."')
    assert accusations(events_of(text)) == set()


def test_accusations_made_against_a_state_have_it_as_target() -> None:
    text = "Ukrainian Foreign Minister Dmytro Kuleba made new accusations against Russia on Monday."
    assert ("dmytro_kuleba", "RUS") in accusations(events_of(text))


def test_a_speaker_calling_anothers_accusations_unacceptable_criticises_the_accuser() -> None:
    text = ("Sergey Lavrov met Antony Blinken.\n\nLavrov: In his statement, Antony Blinken made some "
            "unacceptable accusations against my country.")
    found = accusations(events_of(text))
    assert ("sergey_lavrov", "antony_blinken") in found  # the judgement
    assert ("antony_blinken", "sergey_lavrov") in found  # the accusation itself, against the speaker's country


def test_rejecting_unacceptable_accusations_judges_no_one_who_rejects() -> None:
    text = 'Sergey Lavrov said: "Antony Blinken rejected unacceptable accusations against Russia."'
    assert ("sergey_lavrov", "antony_blinken") not in accusations(events_of(text))


def test_a_killing_laid_at_an_agents_door_in_reported_speech_is_an_accusation() -> None:
    text = ("Mike Pompeo said US officials honoured the soldiers, including those killed by the "
            "People's Liberation Army in the valley.")
    assert ("mike_pompeo", "pla") in accusations(events_of(text))


def test_a_killing_reported_as_done_is_the_act_not_an_accusation() -> None:
    text = "Mike Pompeo said the People's Liberation Army killed two soldiers in the valley."
    assert ("mike_pompeo", "pla") not in accusations(events_of(text))


def test_an_appeal_the_coder_codes_finer_is_not_coded_again_by_the_quote_stage() -> None:
    text = "Japanese Foreign Minister Taro Kono called on Russia to return the islands."
    appeals = [(e.source, e.target, e.cameo) for e in events_of(text) if e.cameo.startswith("02")]
    assert appeals == [("taro_kono", "RUS", "0253")]
