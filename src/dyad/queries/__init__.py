"""The read side of the web pages, the report, the CLI, the API and the exports: plain functions over an engine.

Each module answers one kind of question and returns typed rows
(NamedTuples, or the records of dyad.model and dyad.link), never plain
dicts; a list is a page (`limit`, `offset`, capped by dyad.queries.paging)
or a stream read a batch at a time (a query per batch, or one sorted read
where no index holds the order). Call them with a store's engine:
`queries.events.page(store.engine, EventFilter(root="19"))`.

    paging       page caps (MAX_PAGE, MAX_OFFSET) and keyset streaming
    counts       every record type counted once, by dyad.store.counts; copies a batch of rows at a time
    events       the filtered events listing, its CSV stream, a document's events
    dyads        top pairs of states, one pair's totals, months and meetings
    documents    latest documents, a page of them, publishers, the store's summary
    quotes       a page of quotes, what an actor said
    meetings     a page of meeting records, their reports, those of some documents
    actors       the most mentioned (a page, or all streamed), names by id, aliases, an actor's mentions
    commitments  the board and its total, a document's commitments, all for exports and `dyad commitments`
    stories      a page of stories, all of them (with their documents for exports), one story's head and events
    progress     documents per link state, failed links, analyses not followed up

`dyad.store.Store` keeps the writes and the record reads the stages need
(a document, its quotes, events and meetings; what linking reads while it links).
Nothing here imports the web, the CLI or the runner.
"""

from dyad.queries import (
    actors,
    commitments,
    counts,
    documents,
    dyads,
    events,
    meetings,
    paging,
    progress,
    quotes,
    stories,
)

__all__ = [
    "actors",
    "commitments",
    "counts",
    "documents",
    "dyads",
    "events",
    "meetings",
    "paging",
    "progress",
    "quotes",
    "stories",
]
