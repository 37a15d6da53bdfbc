"""A page's language: plain English known by its commonest words, anything else asked of the model."""

from __future__ import annotations

import pytest

from dyad.ingest import language
from dyad.ingest.language import detect_language, plainly_english

ENGLISH = (
    "The foreign ministers of the two countries met in Vienna on Tuesday and said that talks on the "
    "border would resume next month. Officials from both sides were cautious, and the statement "
    "issued by the ministry gave no date for a summit. The envoy, who has led the delegation since "
    "May, told reporters that progress had been slow but that the dialogue was worth keeping."
)
OTHERS = {
    "fr": ("Les ministres des affaires étrangères des deux pays se sont rencontrés à Vienne mardi et ont "
           "déclaré que les pourparlers sur la frontière reprendraient le mois prochain. Les responsables "
           "des deux camps restaient prudents, et le communiqué du ministère ne donnait aucune date."),
    "de": ("Die Außenminister der beiden Länder trafen sich am Dienstag in Wien und erklärten, die Gespräche "
           "über die Grenze würden im nächsten Monat fortgesetzt. Vertreter beider Seiten blieben vorsichtig, "
           "und die Erklärung des Ministeriums nannte kein Datum für ein Gipfeltreffen."),
    "es": ("Los ministros de Asuntos Exteriores de los dos países se reunieron el martes en Viena y dijeron "
           "que las conversaciones sobre la frontera se reanudarían el próximo mes. Los funcionarios de ambas "
           "partes se mostraron cautelosos y el comunicado del ministerio no dio fecha para una cumbre."),
    "nl": ("De ministers van Buitenlandse Zaken van de twee landen ontmoetten elkaar dinsdag in Wenen en "
           "zeiden dat de gesprekken over de grens volgende maand worden hervat. Functionarissen van beide "
           "kanten waren voorzichtig, en de verklaring van het ministerie gaf geen datum voor een top."),
}


def test_plain_english_is_known_without_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    assert plainly_english(ENGLISH)
    monkeypatch.setattr(language, "_identifier", lambda: pytest.fail("the model was asked"))
    assert detect_language(ENGLISH) == "en"


@pytest.mark.parametrize("code", sorted(OTHERS))
def test_other_languages_are_asked_of_the_model(code: str) -> None:
    assert not plainly_english(OTHERS[code])
    assert detect_language(OTHERS[code]) == code


def test_near_misses_go_to_the_model() -> None:
    # a French page quoting one English sentence: too few English words
    assert not plainly_english(OTHERS["fr"] + " \u201cThe talks were useful,\u201d he said.")
    # English words in another script's page: not Latin letters enough
    assert not plainly_english("the of and to " * 3 + "Министры иностранных дел двух стран встретились " * 6)
    assert not plainly_english("The talks resumed.")  # too few words to judge
    # the model still decides what it decided: an English page not plain enough is English by it
    terse = "Talks resumed Tuesday. Ministers met. Border issue unresolved. Summit date unset. " * 4
    assert not plainly_english(terse) and detect_language(terse) == "en"


# Our own name-dense items: the model read the names and called the first three
# Bikol, Swahili and Nigerian Pidgin; the words that are not names are English.
NAME_DENSE = [
    "Indonesian President Joko Widodo received Malaysian Prime Minister Anwar Ibrahim at Bogor Palace on Monday.",
    "Tanzanian President Samia Suluhu Hassan hosted Kenyan President William Ruto in Dar es Salaam on Tuesday.",
    "Nigerian President Bola Tinubu met Ghanaian President Nana Akufo-Addo in Abuja on Monday to discuss ECOWAS.",
    "Spanish Foreign Minister José Manuel Albares met Portuguese Foreign Minister Paulo Rangel in Madrid.",
]
# Near misses, short and full of names too, that are not English and stay what they are.
SHORT_OTHERS = {
    "de": "Der Bundeskanzler Olaf Scholz traf am Montag den französischen Präsidenten Emmanuel Macron in Berlin.",
    "fr": "Le président français Emmanuel Macron a rencontré lundi le chancelier allemand Olaf Scholz à Berlin.",
    "it": "Il ministro degli Esteri Antonio Tajani ha incontrato lunedì a Roma il suo omologo francese.",
    "sw": "Rais Samia Suluhu Hassan alimkaribisha Rais William Ruto jijini Dar es Salaam siku ya Jumanne.",
    "tl": "Nakipagpulong si Kalihim Enrique Manalo sa ministro ng Vietnam sa Hanoi noong Biyernes.",
    "pcm": "Wetin dey happen for Lagos today? Di goment talk say dem go build new road for di pipo.",
    "ha": "Shugaban kasar Najeriya Bola Tinubu ya gana da shugaban kasar Ghana a Abuja ranar Litinin.",
}


@pytest.mark.parametrize("text", NAME_DENSE)
def test_a_short_item_of_names_is_english_by_its_other_words(text: str) -> None:
    assert detect_language(text) == "en"


@pytest.mark.parametrize("code", sorted(SHORT_OTHERS))
def test_short_items_in_other_languages_keep_their_language(code: str) -> None:
    assert detect_language(SHORT_OTHERS[code]) == code


def test_a_headline_in_capitals_alone_is_left_to_the_first_answer() -> None:
    assert not language.names_mislead("SCHOLZ TRIFFT MACRON IN BERLIN ZU GESPRÄCHEN ÜBER DIE UKRAINE UND DEN HANDEL")
