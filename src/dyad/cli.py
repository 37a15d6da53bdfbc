"""The `dyad` command: a thin layer of options over the Python API."""

from __future__ import annotations

import json
import os
import re
import sys
from itertools import islice
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from dyad import api, queries
from dyad.cli_actors import actors
from dyad.cli_console import console
from dyad.errors import DyadError, brief
from dyad.export import export
from dyad.pipeline import IngestReport
from dyad.queries.paging import MAX_PAGE
from dyad.settings import load_settings
from dyad.store import Store
from dyad.wording import count_of

_SUMMARY_LIMIT = 50  # failure lines printed before "and N more"
_PER_FILE_LIMIT = 3  # failed records (JSONL lines, WARC records) shown per file
_SUB_LOCATION = re.compile(r"(?::\d+|#\d+)$")  # "crawl.jsonl:12" and "crawl.warc.gz#3" are records of one file


class _Group(click.Group):
    """Turn errors into one-line messages instead of tracebacks (DYAD_DEBUG=1 shows them)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DyadError as exc:
            raise click.ClickException(str(exc)) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except Exception as exc:
            if os.environ.get("DYAD_DEBUG"):
                raise
            raise click.ClickException(
                f"Dyad hit an internal error ({brief(exc)}). Nothing partial was stored. "
                "Please report it with the command you ran; DYAD_DEBUG=1 shows the traceback."
            ) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="DYAD_DB", help="Store: a SQLite file or a postgresql:// URL. [default: ./dyad.db]")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file. [default: ./dyad.toml]")
@click.version_option(package_name="dyad")
@click.pass_context
def main(ctx: click.Context, db: str | None, config: str | None) -> None:
    """Build a sourced record of relations between states from news and statements.

    \b
    Example:
      dyad ingest ../shared/corpus/seeds
      dyad report
      dyad search "missile defense"
    """
    settings = load_settings(config)
    ctx.obj = settings.with_overrides(db=db)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--analyse/--no-analyse", default=None, help="Parse and extract during ingest. [default: on]")
@click.option("--link/--no-link", default=None, help="Link copies, citations and stories during ingest. [default: on]")
@click.option("-w", "--workers", type=click.IntRange(min=1), help="Processes for the per-document work. [default: 1]")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where per-document work runs: this machine, or a Dask cluster.")
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler to use (tcp://host:8786). [default: a local cluster]")
@click.pass_obj
def ingest(
    settings: Any,
    paths: tuple[str, ...],
    analyse: bool | None,
    link: bool | None,
    workers: int | None,
    engine: str,
    scheduler: str | None,
) -> None:
    """Read files, folders (recursively) or - (stdin) into the store.

    Reads .txt, .html/.htm, .jsonl (one article per line: `text` or `html`,
    optional `url`, `title`, `published`, `publisher`) and .warc/.warc.gz.
    Running it again on the same inputs changes nothing. --workers N reads,
    cleans and analyses in N processes while this one writes the store;
    --engine dask does that work on a Dask cluster, one task per JSONL,
    WARC or Parquet file (Parquet: one article per row, JSONL's fields).

    \b
    Examples:
      dyad ingest ../shared/corpus/seeds
      dyad ingest crawl.warc.gz articles.jsonl
      curl -s https://example.org/story.html | dyad ingest -
      dyad ingest --workers 2 articles.jsonl
      dyad ingest --engine dask --scheduler tcp://scheduler.example:8786 shards/*.jsonl.gz
    """
    settings = settings.with_overrides(analyse=analyse, link=link, workers=workers)
    report = api.ingest(paths, settings.db, settings=settings, progress=True, engine=engine, scheduler=scheduler)
    _print_report(report)
    if not report.ok:
        sys.exit(1)


def _print_report(report: IngestReport) -> None:
    """Print the end-of-run summary: counts, then one line per failed input."""
    click.echo(
        f"{count_of(report.inputs, 'input')} read, {count_of(report.documents_added, 'document')} added, "
        f"{report.documents_analysed:,} analysed, "
        f"{report.already_stored:,} already stored, {count_of(report.duplicate_documents, 'duplicate document')}, "
        f"{len(report.failures):,} failed ({report.seconds:.1f}s)."
    )
    for notice in report.notices[:_SUMMARY_LIMIT]:
        click.echo(f"note: {notice}", err=True)
    for line in _failure_lines(report.failures):
        click.echo(line, err=True)


def _failure_lines(failures: list[Any]) -> list[str]:
    """Say why inputs failed, a few lines per file, so one file of junk lines cannot hide the others."""
    by_file: dict[str, list[Any]] = {}
    for failure in failures:
        by_file.setdefault(_SUB_LOCATION.sub("", failure.location), []).append(failure)
    lines: list[str] = []
    for file, found in by_file.items():
        lines += [f"failed: {f.location}: {f.reason}" for f in found[:_PER_FILE_LIMIT]]
        if len(found) > _PER_FILE_LIMIT:
            lines.append(f"… and {len(found) - _PER_FILE_LIMIT:,} more failed records of {file}.")
    if len(lines) > _SUMMARY_LIMIT:
        rest = sum(1 for line in lines[_SUMMARY_LIMIT:] if line.startswith("failed: "))
        lines = lines[:_SUMMARY_LIMIT] + [f"… and {len(by_file):,} files with failures in all; {rest:,} more lines."]
    return lines


@main.command()
@click.argument("query")
@click.option("-n", "--limit", default=20, show_default=True, help="Most results to show.")
@click.pass_obj
def search(settings: Any, query: str, limit: int) -> None:
    """Search the text of stored documents, best match first.

    The query uses SQLite full-text syntax: words, "exact phrases",
    OR, NOT, and prefix* searches.

    \b
    Examples:
      dyad search Shoigu
      dyad search '"missile defense" AND Japan'
    """
    with Store.open(settings.db, create=False, readonly=True) as store:
        hits = store.search(query, limit=limit)
    if not hits:
        click.echo("No documents match. Try fewer words, or a prefix such as missil*.")
        return
    for hit in hits:
        click.echo(f"{hit.id}  {hit.published or '????'}  {hit.publisher or '?'} — {hit.title or '(untitled)'}")
        click.echo(f"    {hit.snippet}")


@main.command(name="export")
@click.option("--format", "fmt", default="jsonl", show_default=True, help="jsonl, csv, parquet or gdelt.")
@click.option(
    "--type", "types", multiple=True, metavar="TYPE",
    help="Record type to write: document, actor, event, quote, meeting; repeat or comma-separate. [default: all]",
)
@click.option(
    "-o", "--output", default="-", show_default=True,
    help="jsonl, gdelt: a file (- for stdout). csv, parquet: a folder, one file per type (events.csv …).",
)
@click.option("--header", is_flag=True, help="gdelt: start with a line of column names (GDELT's own files have none).")
@click.pass_obj
def export_cmd(settings: Any, fmt: str, types: tuple[str, ...], output: str, header: bool) -> None:
    """Write stored records out as JSONL, CSV, Parquet or a GDELT 2.0 event TSV.

    JSONL has one object per line with a "type" field. CSV and Parquet write
    one file per record type into the -o folder (CSV of a single --type may
    go to stdout); CSV list fields are JSON text. gdelt writes asserted and
    reported events in the 61 columns of the GDELT 2.0 event table, no header.

    \b
    Examples:
      dyad export --format jsonl -o dyad.jsonl
      dyad export | jq 'select(.type == "event") | .cameo'
      dyad export --format csv --type event,quote -o tables/
      dyad export --format csv --type actor > actors.csv
      dyad export --format parquet -o parquet/
      dyad export --format gdelt --header -o events.tsv
    """
    wanted = [t for option in types for t in option.split(",") if t.strip()]
    with Store.open(settings.db, create=False, readonly=True) as store:
        target: Any = sys.stdout if output == "-" else Path(output)
        counts = export(store, fmt, target, types=wanted or None, header=header)
    if output != "-":
        what = ", ".join(f"{n:,} {kind}s" for kind, n in counts.items())
        click.echo(f"Wrote {what} to {output}.", err=True)


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the report to FILE.html (charts inline) or FILE.md (charts as SVG files beside it).")
@click.pass_obj
def report(settings: Any, output: str | None) -> None:
    """Summarise what the store holds: records, documents by publisher and month, top dyads.

    With -o, write a one-page report with the timeline charts of the top
    dyads instead of printing tables.

    \b
    Examples:
      dyad --db dyad.db report
      dyad report -o report.html
      dyad report -o report.md
    """
    with Store.open(settings.db, create=False, readonly=True) as store:
        if output:
            from dyad.web.report import write_report

            written = write_report(store, Path(output))
            click.echo(f"Wrote {', '.join(str(p) for p in written)}.", err=True)
            return
        summary = queries.documents.summary(store.engine)
        counts = queries.counts.records(store.engine)
        dyads = queries.dyads.top(store.engine, 5)
        statuses = queries.commitments.by_status(store.engine)
        linking = queries.progress.link_states(store.engine)
        link_failures = queries.progress.link_failures(store.engine, _SUMMARY_LIMIT)
    out = console()
    out.print(f"[bold]{settings.db}[/bold]: {summary.documents:,} documents from {summary.raw_inputs:,} inputs")
    out.print(_table("Record", counts._asdict(), keep_order=True, title="Records"))
    out.print(_table("Publisher", summary.by_publisher))
    out.print(_table("Month", summary.by_month, keep_order=True))
    out.print(_table("Language", summary.languages))
    out.print(_heads_table(summary.heads, summary.documents))
    if dyads:
        table = Table("Dyad", "Events", "Goldstein sum", title="Top dyads",
                      title_justify="left")
        for d in dyads:
            table.add_row(f"{d.a}–{d.b}", f"{d.events:,}", f"{d.goldstein:+.1f}")
        out.print(table)
    if statuses:
        out.print(_table("Status", statuses, title="Commitments by status"))
    if linking["stored"] or linking["failed"]:
        out.print(_linking_table(linking, link_failures))


def _linking_table(states: dict[str, int], failures: list[queries.progress.LinkFailure]) -> Table:
    """Tell how many documents wait to be linked or could not be, and why those failed."""
    table = Table("Link state", "Documents", "Why, e.g.", title="Linking",
                  title_justify="left")
    table.add_row("linked", f"{states['linked']:,}", "")
    if states["stored"]:
        table.add_row("stored, not linked yet", f"{states['stored']:,}", "the next `dyad ingest` links them")
    for n, (doc_id, source, part, reason) in enumerate(failures):
        table.add_row("failed" if n == 0 else "", f"{states['failed']:,}" if n == 0 else "",
                      f"{source} (item {part}, {doc_id}): {reason}")
    return table


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--workers", type=click.IntRange(1, 64),
              help="Server processes, each answering its share of the clients. [default: one per core]")
@click.pass_obj
def serve(settings: Any, host: str, port: int, workers: int | None) -> None:
    """Serve the web UI and the read-only JSON API (docs at /api) on this machine.

    \b
    Examples:
      dyad serve
      dyad --db dyad.db serve --port 8080 --workers 2
    """
    from dyad.web.app import LOCAL_HOSTS, create_app
    from dyad.web.serve import check_free
    from dyad.web.serve import serve as run_server

    check_free(host, port)  # one line, before anything says it is serving
    hosts = ["*"] if host in ("0.0.0.0", "::") else [*LOCAL_HOSTS, host]
    create_app(settings.db, allowed_hosts=hosts)  # fail here, with advice, if the store cannot be read
    os.environ["DYAD_SERVE_DB"], os.environ["DYAD_SERVE_HOSTS"] = settings.db, json.dumps(hosts)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Serving {settings.db} at http://{shown}:{port}/ (API at /api). Ctrl-C stops.")
    run_server(host, port, workers or min(os.cpu_count() or 1, 64))


# Why a head field may be missing: what ingest looked for (dyad.ingest.page).
_HEAD_REASONS = {
    "title": "no headline line above the prose",
    "publisher": "no source line, masthead, known page template, address or wire credit",
    "published": "no date stamp, saved date, dateline or date in the address",
    "agency": "no wire credit: the page is the outlet's own, or does not say",
}


def _heads_table(heads: dict[str, dict[str, Any]], total: int) -> Table:
    """Tell per head field how many documents gave it, how dates were found, and why the others did not."""
    table = Table("Field", "Found", "Not found", "Not found because, e.g.", title="Document heads",
                  title_justify="left")
    table.columns[3].max_width = 100  # file names wrap rather than widen a piped table without end
    for name, head in heads.items():
        missing = total - head["found"]
        how = ", ".join(f"{k} {v:,}" for k, v in head.get("methods", {}).items() if k != "unknown")
        found = f"{head['found']:,}" + (f" ({how})" if how else "")
        files = list(dict.fromkeys(Path(e.rsplit("#", 1)[0]).name for e in head["examples"]))[:3]
        why = f"{_HEAD_REASONS[name]}: {', '.join(files)}" if missing else ""
        table.add_row(name, found, f"{missing:,}", why)
    return table


def _table(label: str, counts: dict[str, int], *, keep_order: bool = False, title: str | None = None) -> Table:
    table = Table(label, "Count" if title else "Documents", title=title or f"Documents by {label.lower()}",
                  title_justify="left")
    rows = list(counts.items()) if keep_order else sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    for key, count in rows:
        table.add_row(key or "(unknown)", f"{count:,}")
    return table


@main.command(name="eval")
@click.option("--gold", required=True, type=click.Path(exists=True, dir_okay=False), help="Answer key (JSON).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--floor", "floors", multiple=True, metavar="KIND=F1",
              help="Fail (exit 1) when KIND's F1 is below this; repeatable.")
@click.option("--misses", "miss_kinds", multiple=True, metavar="KIND",
              help="After the table, list what was missed or extra for KIND (repeatable; `all` for every kind).")
@click.option("-v", "--verbose", is_flag=True, help="List what was missed or extra, for every kind.")
@click.pass_obj
def eval_cmd(
    settings: Any, gold: str, as_json: bool, floors: tuple[str, ...], miss_kinds: tuple[str, ...], verbose: bool
) -> None:
    """Score the store against an answer key: precision, recall and F1 per record kind.

    Each miss names the document and what the key wants against what was
    found, e.g. `a01.txt#0 published: got None, want '2020-10-26'`.

    \b
    Examples:
      dyad eval --gold ../shared/gold/seeds.json
      dyad eval --gold ../shared/gold/seeds.json --floor quotes=0.9 --json
      dyad eval --gold ../shared/gold/dev.json --misses documents --misses boilerplate
    """
    from dyad.evaluate import KINDS, evaluate

    limits = _parse_floors(floors)
    unknown = [kind for kind in miss_kinds if kind != "all" and kind not in KINDS]
    if unknown:
        raise click.BadParameter(f"{', '.join(unknown)}: the kinds are {', '.join(KINDS)} (or all)",
                                 param_hint="--misses")
    shown = set(KINDS) if verbose or "all" in miss_kinds else set(miss_kinds)
    with Store.open(settings.db, create=False, readonly=True) as store:
        scores = evaluate(store, gold)
    if as_json:
        click.echo(json.dumps({k: v.as_dict() for k, v in scores.items()}, indent=2))
    else:
        table = Table("kind", "tp", "fp", "fn", "precision", "recall", "F1", title="Against " + gold)
        for kind, score in scores.items():
            table.add_row(kind, str(score.tp), str(score.fp), str(score.fn), f"{score.precision:.3f}",
                          f"{score.recall:.3f}", f"{score.f1:.3f}")
        console().print(table)
        for kind, score in scores.items():
            if kind in shown:
                click.echo(f"\n{kind}: {len(score.misses)} missed or extra" + (":" if score.misses else ""))
                for miss in score.misses:
                    click.echo(f"  {miss}")
    low = [f"{kind} F1 {scores[kind].f1:.3f} < {floor}" for kind, floor in limits.items() if scores[kind].f1 < floor]
    if low:
        raise click.ClickException("Below the quality floor: " + "; ".join(low))


def _parse_floors(floors: tuple[str, ...]) -> dict[str, float]:
    from dyad.evaluate import KINDS

    limits = {}
    for item in floors:
        kind, _, value = item.partition("=")
        try:
            limits[kind] = float(value)
        except ValueError:
            raise click.BadParameter(f"{item!r}: write KIND=F1, e.g. quotes=0.9", param_hint="--floor") from None
        if kind not in KINDS:
            raise click.BadParameter(f"unknown kind {kind!r}; kinds are {', '.join(KINDS)}", param_hint="--floor")
    return limits


@main.command()
@click.option("-n", "--limit", default=30, show_default=True, type=click.IntRange(min=0),
              help="Most stories to show (latest first); 0 for all.")
@click.option("--json", "as_json", is_flag=True, help="Print the stories as JSON.")
@click.pass_obj
def stories(settings: Any, limit: int, as_json: bool) -> None:
    """List stories: the documents that report one happening, grouped across outlets.

    \b
    Examples:
      dyad stories
      dyad stories -n 5 --json
    """
    with Store.open(settings.db, create=False, readonly=True) as store:
        listed = queries.stories.listing(store.engine, batch=min(limit or MAX_PAGE, MAX_PAGE))
        found = [story._asdict() for story in islice(listed, limit or None)]
    if as_json:
        click.echo(json.dumps(found, indent=2, default=str, ensure_ascii=False))
        return
    table = Table(title="Stories", title_justify="left")
    table.add_column("id", no_wrap=True)
    for name in ("first", "last", "documents", "publishers"):
        table.add_column(name)
    table.add_column("title", min_width=24)
    for story in found:
        table.add_row(story["id"], story["first_date"] or "?", story["last_date"] or "?", str(story["documents"]),
                      str(story["publishers"]), story["title"] or "(untitled)")
    console().print(table)


@main.command()
@click.argument("story")
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
@click.pass_obj
def compare(settings: Any, story: str, as_json: bool) -> None:
    """Compare the outlets of one story: a column per outlet, a row per quote, claim or event, as the web page.

    Each cell holds the outlet's own words; "-" where it omits the row. Then
    the contested place names each outlet uses and its tone. STORY is a story id from `dyad stories`, or its first characters (at least 4).

    \b
    Examples:
      dyad compare 8fbf5b8d
      dyad compare 8fbf5b8d --json
    """
    from dyad.link.compare import compare_story
    from dyad.web.views import story as story_view

    with Store.open(settings.db, create=False, readonly=True) as store:
        found = story_view(store, compare_story(store, story)["story"]["id"])  # a prefix names the story
    if as_json:
        click.echo(json.dumps(found, indent=2, ensure_ascii=False))
        return
    _print_comparison(found)


CELL_CHARS = 160  # of an outlet's words in one cell of the terminal table


def _print_comparison(found: dict[str, Any]) -> None:
    """Print the story page's table: a column per outlet, a row per quote, claim or event."""
    head = found["story"]
    out = console()
    out.print(f"[bold]{head['title'] or '(untitled)'}[/bold]  {head['first_date'] or '?'} – {head['last_date'] or '?'}")
    columns = found["columns"]
    table = Table("", *(_column_head(c) for c in columns), title="What each outlet carries", title_justify="left",
                  show_lines=True)
    for row in found["rows"]:
        who = f"[bold]{row['who']}[/bold]\n{row['kind']}" + (f": {row['cameo_name']}" if row.get("cameo_name") else "")
        if row["only"]:
            who += f"\nonly {row['only']}"
        table.add_row(who, *(_cell(row["outlets"].get(c["outlet"], [])) for c in columns))
    out.print(table)
    names = Table("outlet", "place", "name used", "whose usage", title="Contested place names", title_justify="left")
    tone = Table("outlet", "toward", "mean Goldstein", "events", title="Tone (mean Goldstein of events aimed at a side)",
                 title_justify="left")
    for column in columns:
        for place in column["places"]:
            names.add_row(column["outlet"], place["place"], place["name"], place["used_by"])
        for side, value in column["tone"].items():
            tone.add_row(column["outlet"], side, f"{value['goldstein']:+.2f}", str(value["events"]))
    out.print(names)
    out.print(tone)


def _column_head(column: dict[str, Any]) -> str:
    """Name an outlet's column with how many rows it alone carries, and its copies."""
    alone = sum(column["alone"].values())
    marks = sorted({d["copy_mark"] for d in column["documents"] if d["copy_mark"]})
    return column["outlet"] + (f"\n({', '.join(marks)})" if marks else "") + (f"\nalone: {alone}" if alone else "")


def _cell(found: list[dict[str, Any]]) -> str:
    """Show an outlet's own words for a row (the first report, cut to CELL_CHARS), or '-' when it omits it."""
    if not found:
        return "-"
    text = " ".join(found[0]["text"].split())
    text = text if len(text) <= CELL_CHARS else text[: CELL_CHARS - 1] + "…"
    more = f" (+{len(found) - 1})" if len(found) > 1 else ""
    mark = f" ({found[0]['copy_mark']})" if found[0]["copy_mark"] else ""
    return f"“{text}”{more}{mark}"


@main.command()
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Judge statuses on this day (YYYY-MM-DD) instead of showing the stored ones.")
@click.option("--status", type=click.Choice(["pending", "fulfilled", "fulfilled late", "overdue", "contradicted",
                                             "unknown"]), help="Only commitments with this status.")
@click.pass_obj
def commitments(settings: Any, as_of: Any, status: str | None) -> None:
    """List the promises the documents report, and whether they were kept.

    Statuses come from the follow-up run at ingest (as of that day); with
    --as-of they are judged again on the day given, from what the store
    holds up to it. Near-copies of a document are listed once.

    \b
    Examples:
      dyad commitments
      dyad commitments --status contradicted
      dyad commitments --as-of 2016-01-01 --status overdue
    """
    from dyad.link.followup import statuses_as_of

    with Store.open(settings.db, create=False, readonly=True) as store:
        if as_of is not None:
            rows = [(item, update.status, update.evidence) for item, update in
                    statuses_as_of(store, as_of.date(), status)]
        else:
            rows = [(item, item.status, item.status_evidence)
                    for item in queries.commitments.listing(store.engine, status)]
    title = (f"Commitments as of {as_of.date()}" if as_of else "Commitments") + f": {len(rows):,}"
    table = Table("made", "parties", "action", "due", "status", "evidence", title=title, title_justify="left")
    for item, state, evidence in rows:
        c = item.commitment
        shown = ", ".join(evidence[:2]) + (f" +{len(evidence) - 2}" if len(evidence) > 2 else "")
        table.add_row(c.made or "?", "–".join(c.parties), f"{c.action} ({c.kind})", c.due or "", state, shown)
    console().print(table)


main.add_command(actors)


if __name__ == "__main__":
    main()
