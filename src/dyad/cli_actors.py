"""`dyad actors`: list, show and import the actors mentions resolve to."""

from __future__ import annotations

from itertools import islice
from pathlib import Path
from typing import Any

import click
from rapidfuzz import fuzz, process
from rich.table import Table

from dyad import queries
from dyad.cli_console import console
from dyad.queries.paging import MAX_PAGE
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
@click.option("-n", "--limit", default=30, show_default=True, type=click.IntRange(min=0),
              help="Most actors to show; 0 for all.")
@click.pass_obj
def actors_list(settings: Any, kind: str | None, limit: int) -> None:
    """List the actors the stored documents mention, most mentioned first.

    The actors are read a page at a time, however many are asked for.

    \b
    Examples:
      dyad actors list --kind person -n 10
      dyad actors list -n 0
    """
    table = Table("id", "name", "kind", "code", "mentions", "documents", title="Actors", title_justify="left")
    with Store.open(settings.db, create=False, readonly=True) as store:
        rows = queries.actors.stream_counts(store.engine, kind=kind, batch=min(limit or MAX_PAGE, MAX_PAGE))
        for actor, mentions, documents in islice(rows, limit or None):
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
    from dyad.actors.stored import dictionary_for

    with Store.open(settings.db, create=False, readonly=True) as store:
        found = store.get_actor(actor) or _by_name(dictionary_for(store), actor, store)
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


# Fuzzy match floor for a name typed to `actors show`: "Shoygo" and "Lavrof" (a letter off) reach it.
SHOW_FUZZY = 85.0


def _by_name(dictionary: Any, name: str, store: Store) -> Any:
    """Find the actor a typed name means: a full name or alias, a bare surname, then a near spelling.

    Several candidates are narrowed to those the store's documents mention;
    if that leaves more than one, the user is asked to choose by id.
    """
    def near_surname(typed: str) -> list[Any]:  # "Lavrof", "Shoygo": a letter off a surname
        best = process.extractOne(dictionary.key(typed), list(dictionary.surname_index), scorer=fuzz.ratio,
                                  score_cutoff=SHOW_FUZZY - 5)
        return dictionary.surnames(best[0]) if best else []

    def near_name(typed: str) -> list[Any]:  # "Sergey Shoygo": a near spelling of a whole name
        return [a for a, _ in dictionary.fuzzy(typed, SHOW_FUZZY)]

    for find in (dictionary.exact, dictionary.surnames, near_name, near_surname):
        matches = list({a.id: a for a in find(name)}.values())
        if not matches:
            continue
        mentioned = [a for a in matches if store.get_actor(a.id) is not None] or matches
        if len(mentioned) == 1:
            return store.get_actor(mentioned[0].id) or mentioned[0]
        ids = ", ".join(a.id for a in mentioned[:8])
        raise click.ClickException(f"{name!r} could be several actors: {ids}. Give one of these ids.")
    return None


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
