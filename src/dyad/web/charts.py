"""Vega-Lite chart specs, built with Altair, for the web pages and the report.

A spec is a plain dict: the browser draws it with the Vega bundle the app
serves, and `dyad report` turns the same spec into SVG with vl-convert, so a
chart looks alike in both places. Marks carry an `href` to the events behind
them (the evidence) unless the spec is for a file, where such links lead
nowhere.
"""

from __future__ import annotations

import functools
from typing import Any, Literal

import altair as alt

from dyad.extract.events.cameo import QUAD_CLASSES
from dyad.web.labels import query

# Greens for cooperation, oranges and reds for conflict: verbal light, material dark.
QUAD_COLOURS = {1: "#7fbf7b", 2: "#1b7837", 3: "#f4a582", 4: "#b2182b"}
# The Goldstein sum has a scale of its own, diverging at 0 (brown below, blue above), so a
# bar's colour never reads as a quad class: a month of +3 is not "material cooperation".
GOLDSTEIN_SCHEME: Literal["brownbluegreen"] = "brownbluegreen"
WIDTH = 860


def evidence_href(a: str, b: str, month: str) -> str:
    """Link one month of a dyad to the events that the bar counts."""
    return "/events?" + query({"dyad": f"{a}-{b}", "date_from": month, "date_to": month, "counted": 1})


# A quad class as the chart's legend names it: "1 Verbal cooperation".
_QUAD_LABELS = {quad: f"{quad} {name}" for quad, name in QUAD_CLASSES.items()}


def _month_rows(months: list[dict[str, Any]], a: str, b: str, links: bool) -> list[dict[str, Any]]:
    """Shape per-month, per-quad-class counts into chart rows (a busy pair has some 500: no dict made in vain)."""
    rows = []
    month = href = None  # a month's link, shared by its quad classes' rows (consecutive: months come in order)
    for row in months:
        quad = int(row["quad_class"])
        shaped = {"month": row["month"] + "-01", "quad": _QUAD_LABELS.get(quad) or f"{quad} ?",
                  "events": int(row["events"]), "goldstein": float(row["goldstein"])}
        if links:
            if row["month"] != month:
                month, href = row["month"], evidence_href(a, b, row["month"])
            shaped["href"] = href
        rows.append(shaped)
    return rows


def _goldstein_rows(rows: list[dict[str, Any]], links: bool) -> list[dict[str, Any]]:
    """Sum Goldstein scores over the quad classes of each month."""
    by_month: dict[str, dict[str, Any]] = {}
    for row in rows:
        found = by_month.get(row["month"])
        if found is None:
            found = by_month[row["month"]] = {"month": row["month"], "goldstein": 0.0, "events": 0}
        found["goldstein"] = round(found["goldstein"] + row["goldstein"], 2)
        found["events"] += row["events"]
        if links:
            found["href"] = row["href"]
    return sorted(by_month.values(), key=lambda r: r["month"])


def _shift(month: str, by: int) -> str:
    """Move a "YYYY-MM-01" month by some months, for padding the time axis."""
    year, mon = int(month[:4]), int(month[5:7]) - 1 + by
    return f"{year + mon // 12:04d}-{mon % 12 + 1:02d}-01"


def dyad_timeline(
    a: str, b: str, months: list[dict[str, Any]], meetings: list[dict[str, Any]], *, links: bool = True
) -> dict[str, Any]:
    """Build the monthly cooperation-vs-conflict chart of a dyad, meetings marked.

    Two panels on one time axis: the Goldstein sum per month as bars above
    or below zero, coloured on a diverging scale of its own, then the events
    per month stacked by quad class; both axes titled, a legend for each
    colour and for the meetings' dashed rules. Two
    panels rather than two y axes on one: a second axis would put its zero
    at another height and mislead. No line joins the months: years apart,
    a line would draw a trend nobody reported. Dashed rules mark meetings.

    Altair builds the spec once per shape (links or not, meetings or not)
    with named slots where the data go (`_skeleton`); each chart is that
    spec with its slots filled. Building it with Altair took 110-370 ms a
    chart (ten years of a busy pair), filling the slots well under 1 ms.
    """
    rows = _month_rows(months, a, b, links)
    totals = _goldstein_rows(rows, links)
    marked = _meeting_rows(meetings)
    stamps = sorted({r["month"] for r in rows} | {m["month"] for m in marked})
    reach = max([abs(r["goldstein"]) for r in totals] + [1.0])
    slots = {"rows": rows, "totals": totals, "marked": marked, "title": f"{a}–{b}: events that count, per month",
             "low": -reach, "high": reach,
             **({"first": _shift(stamps[0], -2), "last": _shift(stamps[-1], 2)} if stamps else {})}
    filled: dict[str, Any] = _fill(_skeleton(links, bool(marked), bool(stamps)), slots)
    return filled


_SLOT = "__slot:"


def _slot(name: str) -> str:
    return f"{_SLOT}{name}__"


def _data(name: str) -> alt.Data:
    """Stand for a chart's rows in the skeleton: one row naming its slot."""
    return alt.Data(values=[{"slot": name}])


def _fill(node: Any, slots: dict[str, Any]) -> Any:
    """Copy a skeleton spec with every slot (a data row or a string naming one) replaced by its value."""
    if isinstance(node, dict):
        return {key: _fill(value, slots) for key, value in node.items()}
    if isinstance(node, list):
        if len(node) == 1 and isinstance(node[0], dict) and set(node[0]) == {"slot"}:
            return slots[node[0]["slot"]]
        return [_fill(value, slots) for value in node]
    if isinstance(node, str) and node.startswith(_SLOT):
        return slots[node[len(_SLOT):-2]]
    return node


@functools.cache
def _skeleton(links: bool, with_meetings: bool, with_domain: bool) -> dict[str, Any]:
    """Build the chart's spec once with Altair, slots where each chart's data, domains and title go."""
    x = alt.X("yearmonth(month):T", title="month",
              scale=alt.Scale(domain=[_slot("first"), _slot("last")]) if with_domain else alt.Undefined,
              axis=alt.Axis(format="%b %Y", labelAngle=-30))
    cursor: Literal["pointer", "default"] = "pointer" if links else "default"
    link = {"href": alt.Href("href:N")} if links else {}
    tone = alt.Chart(_data("totals")).mark_bar(size=14, cursor=cursor, stroke="#666", strokeWidth=0.5).encode(
        x=x, y=alt.Y("goldstein:Q", title="Goldstein sum"),
        color=alt.Color("goldstein:Q", title=["Goldstein sum", "(− conflict, + cooperation)"],
                        scale=alt.Scale(scheme=GOLDSTEIN_SCHEME, domain=[_slot("low"), _slot("high")], domainMid=0),
                        legend=alt.Legend(orient="right", gradientLength=100)),
        tooltip=[alt.Tooltip("yearmonth(month):T", title="month", format="%B %Y"),
                 alt.Tooltip("goldstein:Q", title="Goldstein sum"), alt.Tooltip("events:Q")],
        **link,
    )
    domain = [f"{q} {name}" for q, name in QUAD_CLASSES.items()]
    counts = alt.Chart(_data("rows")).mark_bar(size=14, cursor=cursor).encode(
        x=x, y=alt.Y("sum(events):Q", title="events"),
        color=alt.Color("quad:N", title="quad class", scale=alt.Scale(domain=domain, range=list(QUAD_COLOURS.values())),
                        legend=alt.Legend(orient="right")),
        tooltip=[alt.Tooltip("yearmonth(month):T", title="month", format="%B %Y"), "quad:N", "events:Q"],
        **link,
    )
    top, bottom = [tone], [counts]
    if with_meetings:
        rules = alt.Chart(_data("marked")).mark_rule(color="#555").encode(
            x=alt.X("yearmonth(month):T"), tooltip=["label:N", alt.Tooltip("documents:Q", title="reports")],
            strokeDash=alt.StrokeDash("mark:N", title=None, scale=alt.Scale(domain=["meeting"], range=[[4, 3]]),
                                      legend=alt.Legend(orient="right")))
        labels = alt.Chart(_data("marked")).mark_text(
            align="left", dx=3, baseline="top", fontSize=10, color="#333").encode(
            x=alt.X("yearmonth(month):T"), y=alt.value(2), text="label:N")
        top += [rules, labels]
        bottom += [rules]
    chart = alt.vconcat(
        alt.layer(*top).properties(width=WIDTH, height=120, title="Goldstein sum per month (cooperation above 0)"),
        alt.layer(*bottom).properties(width=WIDTH, height=170, title="Events per month by quad class"),
    ).resolve_scale(x="shared", color="independent").resolve_legend(color="independent").properties(
        title=_slot("title"))
    return chart.to_dict()


def _meeting_rows(meetings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Place meetings known to the month on the timeline, labelled by format and place."""
    rows = []
    for meeting in meetings:
        date = meeting.get("date") or ""
        if len(date) < 7 or not date[:4].isdigit():
            continue
        label = " ".join(p for p in (meeting.get("format"), meeting.get("place")) if p) or "meeting"
        rows.append({"month": date[:7] + "-01", "label": label, "documents": len(meeting.get("documents", [])),
                     "mark": "meeting"})
    return rows
