"""The `dyad` command: a thin layer of options over the Python API."""

from __future__ import annotations

import sys
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from dyad import api
from dyad.errors import DyadError
from dyad.export import export
from dyad.ingest.run import IngestReport
from dyad.settings import load_settings
from dyad.store import Store

_SUMMARY_LIMIT = 50  # failure lines printed before "and N more"


class _Group(click.Group):
    """Turn every DyadError into a one-line message instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DyadError as exc:
            raise click.ClickException(str(exc)) from None


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
@click.pass_obj
def ingest(settings: Any, paths: tuple[str, ...]) -> None:
    """Read files, folders (recursively) or - (stdin) into the store.

    Reads .txt, .html/.htm, .jsonl (one article per line: `text` or `html`,
    optional `url`, `title`, `published`, `publisher`) and .warc/.warc.gz.
    Running it again on the same inputs changes nothing.

    \b
    Examples:
      dyad ingest ../shared/corpus/seeds
      dyad ingest crawl.warc.gz articles.jsonl
      curl -s https://example.org/story.html | dyad ingest -
    """
    report = api.ingest(paths, settings.db, settings=settings, progress=True)
    _print_report(report)
    if not report.ok:
        sys.exit(1)


def _print_report(report: IngestReport) -> None:
    """Print the end-of-run summary: counts, then one line per failed input."""
    click.echo(
        f"{report.inputs:,} inputs read, {report.documents_added:,} documents added, "
        f"{report.already_stored:,} already stored, {report.duplicate_documents:,} duplicate documents, "
        f"{len(report.failures):,} failed ({report.seconds:.1f}s)."
    )
    for notice in report.notices[:_SUMMARY_LIMIT]:
        click.echo(f"note: {notice}", err=True)
    for failure in report.failures[:_SUMMARY_LIMIT]:
        click.echo(f"failed: {failure.location}: {failure.reason}", err=True)
    if len(report.failures) > _SUMMARY_LIMIT:
        click.echo(f"… and {len(report.failures) - _SUMMARY_LIMIT:,} more failures.", err=True)


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
@click.option("--format", "fmt", default="jsonl", show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="File to write. [default: stdout]")
@click.pass_obj
def export_cmd(settings: Any, fmt: str, output: Any) -> None:
    """Write stored records out, one JSON object per line with a "type" field.

    \b
    Examples:
      dyad export --format jsonl -o dyad.jsonl
      dyad export | jq 'select(.type == "document") | .title'
    """
    with Store.open(settings.db, create=False, readonly=True) as store:
        counts = export(store, fmt, output)
    if output is not sys.stdout:
        what = ", ".join(f"{n:,} {kind}s" for kind, n in counts.items())
        click.echo(f"Wrote {what} to {output.name}.", err=True)


@main.command()
@click.pass_obj
def report(settings: Any) -> None:
    """Summarise what the store holds: documents by publisher and by month.

    \b
    Example:
      dyad --db dyad.db report
    """
    with Store.open(settings.db, create=False, readonly=True) as store:
        summary = store.summary()
    console = Console(highlight=False)
    console.print(f"[bold]{settings.db}[/bold]: {summary['documents']:,} documents from {summary['raw_inputs']:,} inputs")
    console.print(_table("Publisher", summary["by_publisher"]))
    console.print(_table("Month", summary["by_month"], keep_order=True))
    console.print(_table("Language", summary["languages"]))


def _table(label: str, counts: dict[str, int], *, keep_order: bool = False) -> Table:
    table = Table(label, "Documents", title=f"Documents by {label.lower()}", title_justify="left")
    rows = list(counts.items()) if keep_order else sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    for key, count in rows:
        table.add_row(key or "(unknown)", f"{count:,}")
    return table


if __name__ == "__main__":
    main()
