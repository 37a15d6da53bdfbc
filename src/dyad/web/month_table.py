"""The rows of a dyad page's months table, written here rather than in its template.

A busy pair has some 500 rows (ten years of months by four quad classes),
each a link to the month's events and four numbers; Jinja took 10-20 ms
to write them, a template's attribute look-ups and escaping per cell,
and a dyad page is the slowest page to make. Here they take a fifth of
that. Every value still goes through markupsafe's escaping.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from dyad.web.labels import query


def month_rows(data: dict[str, Any]) -> Markup:
    """Write the <tr> rows of a dyad view's months, each month's totals spanning its quad classes' rows."""
    pair = data["dyad"]["pair"]
    totals = data["month_totals"]
    lines = []
    head = ""
    previous = None
    for m in data["months"]:
        month, quad = m["month"], int(m["quad_class"])
        if month != previous:  # the month's link and totals, written once for its rows
            whole = totals[month]
            href = escape("/events?" + query({"dyad": pair, "date_from": month, "date_to": month, "counted": 1}))
            head = f'<td><a href="{href}">{escape(month)}</a></td>'
            spans = (f'<td class="num month-total" rowspan="{int(whole["rows"])}">{int(whole["events"])}</td>'
                     f'<td class="num month-total" rowspan="{int(whole["rows"])}">{float(whole["goldstein"]):+.1f}</td>')
        lines.append(f'<tr class="quad{quad}">{head}<td><span class="pill quad{quad}">{escape(m["quad_name"])}</span></td>'
                     f'<td class="num">{int(m["events"])}</td><td class="num">{float(m["goldstein"]):+.1f}</td>'
                     f'{spans if month != previous else ""}</tr>')
        previous = month
    return Markup("\n".join(lines))
