"""A document page's text and events list, written in Python, are the HTML its template's loops wrote.

The loops are kept here as they were in document.html; both are given the
same segments and events, hostile text included, and must agree byte for
byte, so moving them out of the template changed nothing a browser sees
and escaped everything it escaped.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from dyad.web.document_html import event_items, text_segments
from dyad.web.highlight import Span, segments

TEXT_LOOP = (
    "{% for s in data.segments %}{% for a in s.anchors %}<span id=\"{{ a }}\"></span>{% endfor %}{% if s.kinds %}"
    "{% if s.href %}<a href=\"{{ s.href }}\" class=\"{{ s.kinds|join(' ') }}\" title=\"{{ s.title }}\">{{ s.text }}</a>"
    "{% else %}<span class=\"{{ s.kinds|join(' ') }}\" title=\"{{ s.title }}\">{{ s.text }}</span>{% endif %}"
    "{% else %}{{ s.text }}{% endif %}{% endfor %}"
)
EVENTS_LOOP = (
    "{% for e in data.events %}\n"
    "<li class=\"quad{{ e.quad_class }}\"><a href=\"#event-{{ e.id }}\">{{ e.source_code or e.source_actor or \"?\" }}"
    " → {{ e.target_code or e.target_actor or \"—\" }}</a> {{ e.cameo }} {{ e.cameo_name }} <span class=\"muted\">"
    "({{ e.modality }}, {{ e.date or \"undated\" }}, {{ \"%+.1f\"|format(e.goldstein) }})</span></li>\n"
    "{% else %}<li class=\"empty\">none</li>{% endfor %}"
)
HOSTILE = '<script>alert(1)</script> " onmouseover="x" & \'quoted\''


def _jinja(loop: str, data: dict[str, Any]) -> str:
    return Environment(autoescape=True).from_string(loop).render(data=data)


def _event(n: int, **given: Any) -> dict[str, Any]:
    event = {"id": f"ev{n}", "quad_class": 1 + n % 4, "source_code": "JPN", "source_actor": "japan",
             "target_code": "RUSMIL", "target_actor": None, "cameo": "112", "cameo_name": "Accuse",
             "modality": "asserted", "date": "2019-05-14", "goldstein": -2.0 + n / 10}
    return {**event, **given}


def test_events_list_is_the_templates() -> None:
    found = [
        _event(0), _event(1, source_code=None), _event(2, source_code=None, source_actor=None, target_code=None),
        _event(3, date=None, goldstein=0.0), _event(4, goldstein=-0.04), _event(5, goldstein=7),
        _event(6, id=HOSTILE, source_code=HOSTILE, cameo_name=HOSTILE, modality=HOSTILE, date=HOSTILE),
    ]
    written = event_items(found)
    assert written == _jinja(EVENTS_LOOP, {"events": found})
    assert "<script>" not in written and "&lt;script&gt;" in written
    assert event_items([]) == _jinja(EVENTS_LOOP, {"events": []}) == '<li class="empty">none</li>'


def test_marked_text_is_the_templates() -> None:
    text = f"Japan accused Russia of drills. {HOSTILE} Tokyo said so & more."
    spans = [
        Span(0, 5, "mention", "0", "Japan: japan", "/actors/japan"),
        Span(0, 31, "event", "e1", f"JPN → RUS: 112 Accuse ({HOSTILE})"),
        Span(14, 20, "mention", "14", "Russia: russia", f"/actors/{HOSTILE}"),
        Span(32, 32 + len(HOSTILE), "quote", "32-70", "quote: unknown speaker"),
        Span(40, 60, "evidence", "span", "the evidence you followed"),
    ]
    cut = segments(text, spans)
    assert any(s["anchors"] for s in cut) and any(not s["kinds"] for s in cut)
    written = text_segments(cut)
    assert written == _jinja(TEXT_LOOP, {"segments": cut})
    assert "<script>" not in written
    assert text_segments(segments("Plain text only.", [])) == "Plain text only."
