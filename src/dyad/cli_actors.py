"""`dyad actors`: list, show and import the actors mentions resolve to."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.table import Table

from dyad.cli_console import console
from dyad.store import Store


@click.group()
def actors() -> None:
    """List, show and import the actors Dyad resolves mentions to.

    \b
    Examples:
      dyad actors list --kind person
      dyad actors show sergei_shoigu
      dyad actors import my_officials.csv Phoenix.Countries.actors.txt
    """


@actors.command(name="list")
@click.option("--kind", type=click.Choice(["person", "state", "organisation", "place"]), help="Only this kind.")
@click.option("-n", "--limit", default=30, show_default=True, help="Most actors to show.")
@click.pass_obj
def actors_list(settings: Any, kind: str | None, limit: int) -> None:
    """List the actors the stored documents mention, most mentioned first.

    \b
    Example:
      dyad actors list --kind person -n 10
    """
    with Store.open(settings.db, create=False, readonly=True) as store:
        rows = store.actor_counts(limit=limit, kind=kind)
    table = Table("id", "name", "kind", "code", "mentions", "documents", title="Actors", title_justify="left")
    for actor, mentions, documents in rows:
        table.add_row(actor.id, actor.name, actor.kind, actor.code or "", str(mentions), str(documents))
    console().print(table)


@actors.command(name="show")
@click.argument("actor")
@click.pass_obj
def actors_show(settings: Any, actor: str) -> None:
    """Show one actor: roles with dates, aliases, and where the documents mention it.

    ACTOR is an id (sergei_shoigu) or a name the dictionary knows (Shoygu).

    \b
    Example:
      dyad actors show "Sergey Shoygu"
    """
    from dyad.ingest.run import dictionary_for

    with Store.open(settings.db, create=False, readonly=True) as store:
        found = store.get_actor(actor) or _by_name(dictionary_for(store), actor)
        if found is None:
            raise click.ClickException(f"No actor {actor!r}. Try `dyad actors list` to see ids.")
        seen = store.actor_mentions(found.id)
    click.echo(f"{found.name}  [{found.id}]  {found.kind}  {found.code or ''}")
    for role in found.roles:
        span = f"{role.start or '?'} – {role.end or 'now'}"
        click.echo(f"  role: {role.role} ({role.country}, {role.sector}) {span}")
    if found.aliases:
        click.echo(f"  aliases: {'; '.join(found.aliases)}")
    for document, mention in seen:
        click.echo(f"  mention: {document} [{mention.start}:{mention.end}] {mention.text!r} ({mention.method})")


def _by_name(dictionary: Any, name: str) -> Any:
    matches = dictionary.exact(name)
    return matches[0] if len(matches) == 1 else None


@actors.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.pass_obj
def actors_import(settings: Any, files: tuple[str, ...]) -> None:
    """Import actor dictionaries: our CSV format or PETRARCH .actors.txt files.

    Imported actors are used when documents are next analysed.

    \b
    Examples:
      dyad actors import officials.csv
      dyad actors import ../shared/dictionaries/phoenix/Phoenix.Countries.actors.txt
    """
    from dyad.actors.importers import import_file

    with Store.open(settings.db) as store:
        for path in files:
            found = import_file(Path(path))
            added = store.add_actors(found, origin="import")
            click.echo(f"{path}: {len(found):,} actors read, {added:,} new.")
