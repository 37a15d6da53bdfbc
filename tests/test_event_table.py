"""The events page's table rows, written in Python, are the HTML its template's loop wrote.

The loop is kept here as it was in macros.html; both are given the same
events, hostile text and long evidence included, and must agree byte for
byte, so moving the loop out of the template changed nothing a browser
sees and escaped everything it escaped.
"""

from __future__ import annotations

from typing import Any

from dyad.web.app import _templates
from dyad.web.event_table import event_rows, truncated

ROWS_LOOP = (
    '{% for e in rows %}\n<tr class="quad{{ e.quad_class }}">\n  <td class="nowrap">{{ e.date or "undated" }}</td>\n'
    '  <td>{% if e.source_actor %}<a href="/actors/{{ e.source_actor }}">{{ e.source_code or e.source_actor }}</a>'
    '{% else %}{{ e.source_code or "?" }}{% endif %}</td>\n'
    '  <td>{% if e.target_actor %}<a href="/actors/{{ e.target_actor }}">{{ e.target_code or e.target_actor }}</a>'
    '{% else %}{{ e.target_code or "—" }}{% endif %}</td>\n'
    '  <td><span class="code">{{ e.cameo }}</span> {{ e.cameo_name }} <span class="muted">“{{ e.trigger }}”</span>'
    '{% if e.dyad %} <a class="dyad" href="/dyads/{{ e.dyad }}">{{ e.dyad }}</a>{% endif %}{% if e.evidence %}'
    '<div class="said small">“{{ e.evidence|truncate(280) }}”</div>{% endif %}</td>\n'
    '  <td class="num">{{ "%+.1f"|format(e.goldstein) }}</td>\n'
    '  <td>{{ e.modality }}{% if not e.counted %}<div class="muted small">not counted'
    '{% if e.modality in ("asserted", "reported") %}: a copy{% endif %}</div>{% endif %}</td>\n'
    '  <td><a href="{{ evidence_href(e.document, e.start, e.end) }}">{{ e.document_title or e.document }}</a>'
    '<div class="muted">{{ e.publisher or "" }}{% if e.documents > 1 %} · reported by '
    '{{ e.documents|count("document") }} from {{ e.publishers|count("publisher") }}{% endif %}</div></td>\n'
    '</tr>\n{% else %}\n<tr><td colspan="7" class="empty">No events match these filters.</td></tr>\n{% endfor %}'
)
HOSTILE = '<script>alert(1)</script> " onmouseover="x" & \'quoted\''
# Evidence of every length around the cut (280, and Jinja's leeway of 5 past it), with and without spaces.
LONG = "The delegation said the talks would go on through the night and into the next week " * 5


def _loop(found: list[dict[str, Any]]) -> str:
    return _templates().env.from_string(ROWS_LOOP).render(rows=found)


def _event(n: int, **given: Any) -> dict[str, Any]:
    event = {"id": f"ev{n}", "quad_class": 1 + n % 4, "date": "2019-05-14", "source_actor": "japan",
             "source_code": "JPN", "target_actor": "russia_military", "target_code": "RUSMIL", "cameo": "112",
             "cameo_name": "Accuse", "trigger": "accused", "dyad": "JPN-RUS", "evidence": "Japan accused Russia.",
             "goldstein": -2.0 + n / 10, "modality": "asserted", "counted": True, "document": f"doc{n}-0",
             "start": 10 * n, "end": 10 * n + 25, "document_title": "Tokyo protests", "publisher": "A Paper",
             "documents": 1, "publishers": 1}
    return {**event, **given}


def test_rows_are_the_templates() -> None:
    found = [
        _event(0), _event(1, source_actor=None), _event(2, source_actor=None, source_code=None, target_actor=None,
                                                         target_code=None, dyad=None),
        _event(3, date=None, goldstein=0.0, evidence=None), _event(4, goldstein=-0.04, counted=False),
        _event(5, modality="negated", counted=False), _event(6, documents=3, publishers=2, publisher=None),
        _event(7, documents=2, publishers=1, document_title=None), _event(8, goldstein=7),
        *(_event(9 + n, evidence=LONG[:length]) for n, length in enumerate((279, 280, 281, 285, 286, 300, 420))),
        _event(20, evidence="x" * 400), _event(21, evidence=HOSTILE * 8),
        _event(22, id=HOSTILE, date=HOSTILE, source_actor=HOSTILE, source_code=None, target_code=HOSTILE,
               cameo_name=HOSTILE, trigger=HOSTILE, dyad=HOSTILE, evidence=HOSTILE, modality=HOSTILE,
               document=HOSTILE, document_title=None, publisher=HOSTILE, documents=2, publishers=2),
    ]
    written = event_rows(found)
    assert written == _loop(found)
    assert "<script>" not in written and "&lt;script&gt;" in written
    assert event_rows([]) == _loop([])


def test_evidence_is_cut_as_jinja_cuts_it() -> None:
    env = _templates().env
    for text in (LONG[:n] for n in range(270, 300)):
        assert truncated(text) == env.from_string("{{ t|truncate(280) }}").render(t=text)
    assert truncated("y" * 400) == "y" * 277 + "..."
