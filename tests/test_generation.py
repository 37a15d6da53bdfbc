"""The store's generation: one more per write transaction committed, on both engines; what is kept by it."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from dyad import queries
from dyad.store import Store, generation, migrations
from dyad.store.schema import actors
from dyad.web import views


def test_every_write_transaction_moves_the_generation_and_reads_do_not(store_url, store_batch):
    with Store.open(store_url) as store, Store.open(store_url, readonly=True) as reader:
        start = reader.generation()
        store.add_batch(store_batch)
        assert reader.generation() == store.generation() == start + 1
        queries.counts.records(store.engine), views.documents(store, None, 5, 0), store.count_documents()  # reads
        assert reader.generation() == start + 1
        store.add_actors([])
        with store._write() as conn:
            conn.execute(insert(actors).values(id="x", name="X", kind="state", aliases="[]", roles="[]",
                                               origin="import"))
        assert reader.generation() == start + 3


def test_a_rolled_back_write_leaves_the_generation(store_url):
    with Store.open(store_url) as store:
        start = store.generation()
        with pytest.raises(RuntimeError), store._write():
            raise RuntimeError("half-way")
        assert store.generation() == start


def test_a_store_made_before_the_generation_is_upgraded_and_then_counts(store_url, store_batch, monkeypatch):
    made = [name for name, _ in migrations.MIGRATIONS].index(generation.MIGRATION)
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:made])  # every step before the generation
    with Store.open(store_url) as old:
        old.add_batch(store_batch)  # written without a row to count in
    monkeypatch.undo()
    with Store.open(store_url) as store:
        assert store.generation() == 0
        store.add_actors([])
        assert store.generation() == 1


def test_kept_lists_of_a_read_only_store_follow_its_generation(store_url, store_make):
    with Store.open(store_url) as store, Store.open(store_url, readonly=True) as reader:
        store.add_batch([store_make("a.html", [("A", "Alpha text.")], publisher="First Press")])
        reader.generation()  # as the web app does for each request
        assert views.publishers(reader) == ["First Press"]
        store.add_batch([store_make("b.html", [("B", "Beta text.")], publisher="Second Press")])
        assert views.publishers(reader) == ["First Press"]  # the generation not read again: kept (PUBLISHERS_TTL)
        reader.generation()
        assert views.publishers(reader) == ["First Press", "Second Press"]
