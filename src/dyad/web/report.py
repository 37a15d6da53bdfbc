"""`dyad report -o FILE`: a one-page summary of the store as HTML or Markdown, with dyad charts.

The report holds what the terminal report prints (documents by publisher,
month and language) plus record counts, the top dyads, and each top
dyad's timeline drawn to SVG by vl-convert from the very spec the web page
draws. HTML gets the SVG inline, so the file stands alone; Markdown gets
one SVG file per dyad beside it. The charts of a file carry no links, since
there is no server behind them. Text from the store is escaped for the
format it lands in.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from dyad.errors import ConfigError
from dyad.queries import counts as count_queries
from dyad.queries import documents as document_queries
from dyad.queries import dyads as dyad_queries
from dyad.store import Store
from dyad.web import charts, views
from dyad.wording import count_of

TOP_DYADS = 3
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")  # what can start markup inside a table cell


def report_data(store: Store, top: int = TOP_DYADS) -> dict[str, Any]:
    """Gather the summary, counts and top dyads, each dyad with its chart spec (no links)."""
    dyads = []
    for pair in dyad_queries.top(store.engine, top):
        found = views.dyad(store, pair.a, pair.b)
        chart = charts.dyad_timeline(pair.a, pair.b, found["months"], found["meetings"], links=False)
        dyads.append({**pair._asdict(), "pair": f"{pair.a}-{pair.b}", "totals": found["totals"],
                      "meetings": found["meetings"], "chart": chart if found["months"] else None,
                      "month_totals": found["month_totals"]})
    return {"where": store.location.describe(), "summary": document_queries.summary(store.engine)._asdict(),
            "counts": count_queries.records(store.engine)._asdict(), "dyads": dyads}


def write_report(store: Store, path: Path) -> list[Path]:
    """Write the report to an .html or .md file; return every file written."""
    suffix = path.suffix.lower()
    if suffix not in (".html", ".htm", ".md"):
        raise ConfigError(f"Cannot write a report to {path}: give a file ending in .html or .md.")
    if not path.parent.is_dir():
        raise ConfigError(f"Cannot write {path}: the folder {path.parent} does not exist. Create it first.")
    data = report_data(store)
    if suffix == ".md":
        return _write_markdown(data, path)
    path.write_text(_html(data), encoding="utf-8")
    return [path]


def _svg(spec: dict[str, Any]) -> str:
    """Draw a Vega-Lite spec to SVG with vl-convert (no browser, nothing fetched)."""
    import vl_convert

    return str(vl_convert.vegalite_to_svg(spec))


def _html(data: dict[str, Any]) -> str:
    """Render the HTML report with each chart inline.

    The SVG is vl-convert's output from our own spec, whose strings it
    escapes as XML; it is the one thing not escaped again here.
    """
    env = Environment(loader=PackageLoader("dyad.web", "templates"), autoescape=select_autoescape(default=True))
    env.filters["count"] = lambda n, word: count_of(int(n or 0), word)
    for dyad in data["dyads"]:
        dyad["svg"] = Markup(_svg(dyad["chart"])) if dyad["chart"] else None
    return env.get_template("report.html").render(data=data)


def md_text(value: Any) -> str:
    """Escape text for a Markdown table cell: markup characters, HTML and line breaks."""
    text = html.escape(str(value if value is not None else ""), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def _md_table(label: str, counts: dict[str, int]) -> list[str]:
    lines = [f"| {label} | Documents |", "|---|---:|"]
    lines += [f"| {md_text(key)} | {count:,} |" for key, count in counts.items()]
    return lines + [""]


def _write_markdown(data: dict[str, Any], path: Path) -> list[Path]:
    """Write the Markdown report and one SVG per dyad chart beside it."""
    summary = data["summary"]
    lines = [f"# Dyad report: {md_text(data['where'])}", "",
             f"{summary['documents']:,} documents from {summary['raw_inputs']:,} inputs.", "",
             "| Records | Count |", "|---|---:|"]
    lines += [f"| {name} | {n:,} |" for name, n in data["counts"].items()] + [""]
    for label, key in (("Publisher", "by_publisher"), ("Month", "by_month"), ("Language", "languages")):
        lines += [f"## Documents by {label.lower()}", ""] + _md_table(label, summary[key])
    written = [path]
    lines += ["## Top dyads", ""]
    for dyad in data["dyads"]:
        lines += [f"### {dyad['a']}–{dyad['b']}", "",
                  f"{count_of(dyad['events'], 'event')}, Goldstein sum {dyad['goldstein']:+.1f}.", ""]
        if dyad["chart"]:
            svg = path.with_name(f"{path.stem}-{dyad['pair']}.svg")
            svg.write_text(_svg(dyad["chart"]), encoding="utf-8")
            written.append(svg)
            lines += [f"![{dyad['a']}–{dyad['b']} timeline]({svg.name})", "",
                      "| Month | Events | Goldstein sum |", "|---|---:|---:|"]
            lines += [f"| {month} | {m['events']:,} | {m['goldstein']:+.1f} |" for month, m in dyad["month_totals"].items()]
            lines.append("")
        for meeting in dyad["meetings"]:
            lines.append(f"- {md_text(meeting['date'] or 'undated')} {md_text(meeting['format'] or 'meeting')} "
                         f"{md_text(meeting['place'] or '')}")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return written
