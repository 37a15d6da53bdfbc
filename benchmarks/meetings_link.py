"""Benchmark linking meeting reports into stored meeting records: 1,000 against 100,000 stored meetings.

For each size a fresh store is given that many meeting records (written
straight into `meeting_records` and `meeting_people`: merging 100,000 of
them report by report is not what is measured), at the same density, 20
meetings a day, as a news archive grows by covering more days: 1,000 span
50 days, 100,000 about 14 years. People come in yearly cohorts (a
government's ministers), so a person's records grow with their years in
office, not with the archive. Then a batch of 200 documents reporting 600
meetings (most dated to the day, a tenth to the month, a twentieth undated)
of the archive's last month, a tenth of them previews, is stored, and `Store.link_meetings` is timed
(CPU seconds, the median of five batches). The records a batch can join are read by exact
date, date prefix and person, all through indexes, so the ratio of the two
times must stay under 1.5.

    python benchmarks/meetings_link.py                  # 1,000 and 100,000
    python benchmarks/meetings_link.py --sizes 500 20000
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from dyad.extract.annotate import Annotations
from dyad.model import Document, Meeting, Published, RawItem, document_id
from dyad.store import Store
from dyad.store.bulk import insert_many

PER_DAY = 20
CITIES = [f"City{n}" for n in range(60)]
FORMATS = [None, "bilateral", "summit", "2+2", "foreign ministers"]
COHORT = 300  # people active in one year
DOCUMENTS, REPORTS_EACH, ROUNDS = 200, 3, 5
START = date(2000, 1, 1)


def person(rng: random.Random, day: date) -> str:
    return f"p{day.year}_{rng.randrange(COHORT)}"


def fill(store: Store, size: int, rng: random.Random) -> date:
    """Write `size` meeting records, PER_DAY a day from START; return the last day."""
    records, people = [], []
    for n in range(size):
        day = START + timedelta(days=n // PER_DAY)
        who = sorted({person(rng, day) for _ in range(rng.randint(2, 4))})
        ident = f"rec{n:08d}"
        status = "planned" if rng.random() < 0.05 else "held"  # a twentieth announced and not reported held
        records.append((ident, day.isoformat(), rng.choice(CITIES), rng.choice(FORMATS), json.dumps(who), status))
        people += [(p, ident) for p in who]
    with store._write() as conn:  # noqa: SLF001 - a benchmark fills the table directly
        for start in range(0, len(records), 5000):
            insert_many(conn, "meeting_records (id, date, place, format, participants, status)",
                        records[start : start + 5000])
        for start in range(0, len(people), 5000):
            insert_many(conn, "meeting_people (actor, record)", people[start : start + 5000], ignore=True)
    return START + timedelta(days=(size - 1) // PER_DAY)


def batch(rng: random.Random, last: date, round_: int) -> list[tuple[RawItem, list[Document]]]:
    """Make DOCUMENTS documents reporting meetings of the archive's last month."""
    items = []
    for n in range(DOCUMENTS):
        source = f"gen/{round_}/{n}.txt"
        raw = RawItem(source, source, f"{round_} {n}".encode(), "text")
        doc = Document(document_id(raw.sha256, 0), source, 0, f"Report {round_} {n}.", raw_sha256=raw.sha256,
                       title=f"Report {n}", published=Published(last.isoformat(), "day", "metadata"), language="en")
        items.append((raw, [doc]))
    return items


def reports(rng: random.Random, last: date) -> list[Meeting]:
    found = []
    for k in range(REPORTS_EACH):
        day = last - timedelta(days=rng.randrange(30))
        roll = rng.random()
        when = None if roll < 0.05 else day.isoformat()[:7] if roll < 0.15 else day.isoformat()
        who = sorted({person(rng, day) for _ in range(2)})
        status = "planned" if rng.random() < 0.1 else "held"  # previews
        found.append(Meeting(k * 10, k * 10 + 5, when, rng.choice(CITIES + [None]), rng.choice(FORMATS), who,
                             status=status))
    return found


def measure(size: int, work: Path) -> tuple[float, int, int]:
    """Return the median CPU seconds, of ROUNDS batches, to link a batch's reports into a store of `size` records.

    Also the first batch's stored records read and (report, record) pairs
    tested: counts that a shared machine's load does not blur.
    """
    rng = random.Random(11)
    spent, work_done = [], (0, 0)
    with Store.open(str(work / f"meetings{size}.db")) as store:
        last = fill(store, size, rng)
        for round_ in range(ROUNDS):
            items = batch(rng, last, round_)
            store.add_batch(items, annotations={docs[0].id: Annotations(docs[0].id, meetings=reports(rng, last))
                                                for _, docs in items})
            began = time.process_time()  # CPU: the machine is shared, and the store is on local disk
            linked = store.link_meeting_reports()
            spent.append(time.process_time() - began)
            if round_ == 0:
                work_done = (linked.read, linked.tested)
    return statistics.median(spent), *work_done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[1_000, 100_000])
    args = parser.parse_args()
    small, large = args.sizes
    with tempfile.TemporaryDirectory() as tmp:
        times = {size: measure(size, Path(tmp)) for size in (small, large)}
    reported = DOCUMENTS * REPORTS_EACH
    for size, (seconds, read, tested) in times.items():
        print(f"{size:>8,} stored meetings: {seconds * 1000:7.1f} ms to link {reported} reports "
              f"({seconds / reported * 1e6:.0f} µs each); first batch read {read:,} records, tested {tested:,} pairs")
    ratio = times[large][0] / times[small][0]
    print(f"ratio {large:,}/{small:,}: {ratio:.2f} (must be < 1.5)")
    sys.exit(0 if ratio < 1.5 else 1)


if __name__ == "__main__":
    main()
