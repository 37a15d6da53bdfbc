"""The per-document extraction stage on articles written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

import dyad
from dyad.actors import load_dictionary
from dyad.extract.annotate import annotate_documents, infer_published
from dyad.link.dates import inherit_published, inherited
from dyad.model import Document, Mention, Published

WIRE = (
    "SEOUL, March 4 (Yonhap) – South Korean Foreign Minister Park Jin met his Japanese counterpart "
    "Yoshimasa Hayashi in Seoul on Saturday, the foreign ministry said.\n\n"
    "Hayashi said the two countries would hold another round of talks next month."
)


def _doc(text: str, published: Published | None, doc_id: str = "d-0") -> Document:
    return Document(id=doc_id, source="test", part=0, text=text, raw_sha256="0" * 64, published=published,
                    language="en")


def test_year_of_a_yearless_dateline_is_inferred_from_weekday_and_officeholders() -> None:
    doc = _doc(WIRE, Published("--03-04", "monthday", "dateline"))
    found, failed = annotate_documents([doc], load_dictionary())
    assert not failed
    ann = found["d-0"]
    # 4 March was a Saturday in 2000, 2006, 2017 and 2023; Park and Hayashi were
    # foreign ministers together only in 2022-2023.
    assert ann.published == Published("2023-03-04", "day", "inferred")
    assert {"park_jin", "yoshimasa_hayashi"} <= {m.actor for m in ann.mentions}
    next_month = [t for t in ann.times if t.text.endswith("next month")]
    assert next_month and next_month[0].value == "2023-04"


def test_no_year_is_guessed_when_the_evidence_allows_several() -> None:
    nobody = [Mention(0, 5, "Seoul", None, "place", "place")]
    assert infer_published(Published("--03-04", "monthday", "dateline"), nobody, "They met on Saturday.",
                           load_dictionary(), date(2026, 1, 1)) is None


def test_events_quotes_and_meetings_come_with_evidence() -> None:
    text = (
        "Ukrainian Foreign Minister Dmytro Kuleba accused Russia of shelling the port on Tuesday.\n\n"
        "“We will not be intimidated,” Kuleba told reporters in Kyiv."
    )
    doc = _doc(text, Published("2023-05-10", "day", "metadata"))
    ann = annotate_documents([doc], load_dictionary())[0]["d-0"]
    accusation = [e for e in ann.events if e.cameo.startswith("11")]
    assert accusation and accusation[0].source == "dmytro_kuleba"
    assert text[accusation[0].start:accusation[0].end].startswith("Ukrainian Foreign Minister")
    (quote,) = [q for q in ann.quotes if q.direct]
    assert (quote.speaker, quote.text) == ("dmytro_kuleba", "We will not be intimidated,")
    assert any(e.source == "dmytro_kuleba" and e.cameo == "010" for e in ann.events)


def test_an_undated_document_inherits_a_cited_date(tmp_path) -> None:
    db = str(tmp_path / "d.db")
    page = tmp_path / "opinion.txt"
    page.write_text(
        "Talks in Seoul\n\nForeign Minister Park Jin said this week that the talks with Japan had gone well.\n"
    )
    dyad.ingest([str(page)], db)
    with dyad.open(db) as store:
        (doc,) = list(store.iter_documents())
        assert doc.published is None
        date_from = inherited(Published("2023-03-04", "day", "inferred"))
        assert date_from == Published("2023-03", "month", "inherited")
        assert inherit_published(store, doc.id, date_from, load_dictionary())
        again = store.get_document(doc.id)
        assert again is not None and again.published == date_from
        assert any(m.actor == "park_jin" for m in store.mentions_of(doc.id))


def test_a_batch_leaves_the_vocabulary_as_it_found_it_and_its_annotations_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dyad.nlp import analyze
    from dyad.nlp.analyze import load_nlp

    dictionary = load_dictionary()
    annotate_documents([_doc("Warm-up text about nothing.", None, "warm")], dictionary)
    strings = len(load_nlp().vocab.strings)
    text = ("Foreign Minister Zorbelina Quastrova of Ukraine met Premier Vintorash Melkuvian in Kyiv on "
            "Tuesday. \u201cWe agreed on the Prastovic corridor,\u201d Quastrova told reporters.")
    docs = [_doc(text.replace("Prastovic", f"Prastovic{n}"), Published("2023-05-10", "day", "metadata"), f"d-{n}")
            for n in range(3)]
    with monkeypatch.context() as patched:
        patched.setattr(analyze, "KEPT_WORDS", len(analyze._kept.get(load_nlp(), ())))  # no room left
        found, failed = annotate_documents(docs, dictionary)
    assert not failed
    assert len(load_nlp().vocab.strings) == strings  # the invented words were forgotten with the batch
    # with room, the words the documents share are kept (up to a bound), those of one document forgotten
    annotate_documents(docs, dictionary)
    assert "Quastrova" in load_nlp().vocab.strings and "Prastovic1" not in load_nlp().vocab.strings
    ann = found["d-2"]
    assert [(q.text, q.speaker) for q in ann.quotes if q.direct] == [
        ("We agreed on the Prastovic2 corridor,", "new:zorbelina_quastrova")]
    assert ("Foreign Minister Zorbelina Quastrova", "new:zorbelina_quastrova") in {
        (m.text, m.actor) for m in ann.mentions}


HELD_LATER = ("Foreign Minister Mevlut Cavusoglu held talks with Foreign Minister Sergei Lavrov in Antalya "
              "on 30 June 2021, the ministry said.\n\nThe two discussed flights and tourism.")


@pytest.mark.parametrize(
    ("text", "published", "kept"),
    [
        (HELD_LATER, "2020-11-06", False),  # a header's date eight months before the meeting it reports as held
        (HELD_LATER, "2021-07-01", True),
        (HELD_LATER, "2021-06", True),  # the month of the meeting: vague, not wrong
        ("Foreign Minister Mevlut Cavusoglu will hold talks with Foreign Minister Sergei Lavrov in Antalya "
         "on 30 June 2021.", "2020-11-06", True),  # a plan may be months ahead
        ("Foreign Minister Mevlut Cavusoglu held talks with Foreign Minister Sergei Lavrov in Antalya on "
         "Tuesday.", "2021-06-03", True),
    ],
)
def test_a_date_before_a_meeting_the_text_reports_as_held_is_dropped(text: str, published: str, kept: bool) -> None:
    precision = "day" if len(published) == 10 else "month"
    found, _ = annotate_documents([_doc(text, Published(published, precision, "saved"))], load_dictionary())
    ann = found["d-0"]
    assert ann.undated is not kept
    assert (ann.published is not None) is kept
    assert ann.meetings and ann.meetings[0].participants  # the meeting itself is still read


def test_a_refuted_date_is_stored_as_none(tmp_path) -> None:
    page = tmp_path / "talks.txt"
    page.write_text(f" date 2020-11-06\n{HELD_LATER}", encoding="utf-8")
    db = str(tmp_path / "refuted.db")
    assert dyad.ingest([str(page)], db).ok
    with dyad.open(db) as store:
        (doc,) = list(store.iter_documents())
        assert doc.published is None
        assert [m.date for m in store.meetings_of(doc.id)] == ["2021-06-30"]
