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
