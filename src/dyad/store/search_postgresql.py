"""Full-text search on PostgreSQL: the same queries, ranks and snippets as SQLite's FTS5.

Migration 0006 builds a GIN index over a weighted tsvector of each document
(title weight A, text weight B) in the `dyad_search` configuration: the
`simple` dictionary (no stemming, no stop words, as FTS5's unicode61) behind
`unaccent` where the server has it, so "Shoygu" finds "Shoïgu" on both
engines. Users type FTS5-style queries (words, "phrases", OR, NOT, prefix*,
title:word), which `to_tsquery_text` turns into tsquery text whose every
operand is quoted, so a user's word is never read as an operator. Ranking is
ts_rank with a title word worth TITLE_WEIGHT body words, like bm25's column
weights on SQLite.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

from dyad.store.search_terms import MARK_END, MARK_START, SNIPPET_TOKENS, TITLE_WEIGHT

CONFIG = "dyad_search"

# The weighted vector; the GIN index of migration 0006 is on this exact
# expression, which is what lets the planner use it.
DOCUMENT_VECTOR = (
    f"setweight(to_tsvector('{CONFIG}', coalesce({{t}}title, '')), 'A') || "
    f"setweight(to_tsvector('{CONFIG}', {{t}}text), 'B')"
)

# ts_rank weights are {D, C, B, A}; only A (title) and B (text) are used.
_RANK_WEIGHTS = f"{{0.1, 0.1, {1.0 / TITLE_WEIGHT}, 1.0}}"
_HEADLINE = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_TOKENS}, "
    "MinWords=8, ShortWord=0"
)

# Rank over the index first, then make headlines for the `limit` best only:
# ts_headline re-parses the whole text, so it must not run on every match.
SEARCH_SQL = text(
    f"""
    WITH q AS (SELECT to_tsquery('{CONFIG}', :query) AS q),
    best AS (
        SELECT d.id, d.title, d.text, d.publisher, d.published,
               ts_rank('{_RANK_WEIGHTS}', {DOCUMENT_VECTOR.format(t="d.")}, q.q) AS rank
        FROM documents AS d, q
        WHERE {DOCUMENT_VECTOR.format(t="d.")} @@ q.q
        ORDER BY rank DESC, d.id
        LIMIT :limit
    ),
    marked AS (
        SELECT best.*,
               ts_headline('{CONFIG}',
                           CASE WHEN setweight(to_tsvector('{CONFIG}', best.text), 'B') @@ q.q
                                THEN best.text ELSE coalesce(best.title, '') END,
                           q.q, '{_HEADLINE}') AS headline
        FROM best, q
    )
    SELECT id, title, publisher, published, rank,
           CASE WHEN starts_with(coalesce(title, '') || ' ' || text, plain)
                  OR starts_with(text, plain) THEN '' ELSE '…' END
           || headline ||
           CASE WHEN right(text, length(plain)) = plain
                  OR coalesce(title, '') = plain THEN '' ELSE '…' END AS snippet
    FROM (SELECT marked.*, replace(replace(headline, '{MARK_START}', ''), '{MARK_END}', '') AS plain
          FROM marked) AS m
    ORDER BY rank DESC, id
    """
)

_TOKEN = re.compile(r'"[^"]*"?|[()]|[^\s()"]+')
_COLUMN = re.compile(r"^(title|text):(.+)$")
_WEIGHTS = {"title": "A", "text": "B"}
_OPERATORS = {"OR": "|", "AND": "&", "NOT": "& !"}


def to_tsquery_text(query: str) -> str:
    """Turn an FTS5-style query into tsquery text, every user word a quoted operand.

    The result may still be malformed (a lone AND, an unbalanced bracket); the
    server then raises a syntax error and the caller falls back to plain words.
    """
    parts: list[str] = []
    for token in _TOKEN.findall(_clean(query)):
        if token in _OPERATORS:
            parts.append(_OPERATORS[token])
            continue
        if _needs_and(parts) and token != ")":
            parts.append("&")
        parts.append(token if token in "()" else _operand(token))
    return " ".join(parts)


def plain_tsquery_text(query: str) -> str:
    """Turn a query into its words, each a quoted operand, all of them required."""
    return " & ".join(_quote(word) for word in _clean(query).split())


def _operand(token: str) -> str:
    """Quote one word or phrase, keeping a column filter and a trailing * as tsquery labels."""
    if token.startswith('"'):
        return _quote(token.strip('"'))
    labels = ""
    column = _COLUMN.match(token)
    if column:
        token, labels = column.group(2), _WEIGHTS[column.group(1)]
    if token.endswith("*") and len(token) > 1:
        token, labels = token.rstrip("*"), "*" + labels
    return _quote(token) + (":" + labels if labels else "")


def _needs_and(parts: list[str]) -> bool:
    """Tell whether the next operand follows another without an operator (FTS5's implicit AND)."""
    return bool(parts) and parts[-1] not in ("|", "&", "& !", "(")


def _quote(word: str) -> str:
    """Quote a word as a tsquery operand: backslashes and quotes doubled."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _clean(query: str) -> str:
    """Drop NUL characters, which PostgreSQL text cannot hold."""
    return query.replace("\x00", " ")


def run(conn: Connection, tsquery: str, limit: int) -> list[dict[str, object]]:
    """Run one search inside a savepoint, so a tsquery syntax error leaves the transaction usable."""
    with conn.begin_nested():
        rows = conn.execute(SEARCH_SQL, {"query": tsquery, "limit": limit}).all()
    return [dict(row._mapping) for row in rows]


def is_query_error(exc: Exception) -> bool:
    """Tell a tsquery the server could not parse (SQLSTATE 42601) from a real failure."""
    return getattr(getattr(exc, "orig", None), "sqlstate", None) == "42601"
