"""Measure Dyad's end-to-end speed against spaCy's own, its peak memory, and its speed-up with workers.

One generated corpus (JSONL articles: corpus.py's pages with a paragraph of
named officials and a quotation added, so that extraction has work), and in
one run, each measurement in a fresh child process:

    spaCy       nlp.pipe over the clean texts with the model Dyad loads, as it
                ships (every component Dyad uses). Dyad adds its sentence rule,
                whose cost counts as Dyad's, and applies the model's attribute
                rules its own way (dyad/nlp/attribute_rules.py: the same
                annotations, tested token for token, in a ninth of the time)
                and hands the matrix products to numpy's BLAS (dyad/nlp/matmul.py)
    parse       the same texts through Dyad's own parse (`dyad.nlp.analyze.analyze`:
                its pipeline, batches and one BLAS thread), not a goal: what
                Dyad's end-to-end costs beyond its parse
    Dyad 1      `dyad ingest` into a new store: read, clean, parse, extract, store,
                link, in this process
    Dyad 2      the same with --workers 2: workers parse and extract, this
                process writes and links
    memory      peak RSS of `dyad ingest` (1 worker) at the two sizes

Every row is timed the same way: start-up first, then the run. Start-up
(column "start s", not in words/s) is what comes once per run whatever its
size: spaCy's model load; for Dyad, the model, the actor dictionary and the
tables extraction builds (`warm_up`), and with workers the forkserver that
loads them once before the workers fork from it. Words are
whitespace-separated words of the clean texts, the same count for every row.
On a busy machine wall time suffers: CPU seconds (with the workers') are
shown too.

    python benchmarks/throughput.py                     # 1,000 and 20,000 documents
    python benchmarks/throughput.py --sizes 200 2000    # quicker
    python benchmarks/throughput.py --only memory       # the two memory rows alone (the large one is long)
    python benchmarks/throughput.py --only speed         # the four rows at 1,000 documents
    python benchmarks/throughput.py --only speed --rounds 2   # twice, the second round in reverse order
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from corpus import page  # noqa: E402

_PEOPLE = [("Foreign Minister", "Sergei Lavrov", "Russia"), ("Foreign Minister", "Taro Kono", "Japan"),
           ("Defence Minister", "Sergei Shoigu", "Russia"), ("Foreign Minister", "Wang Yi", "China")]
_SAID = ["We will not accept any deployment near our borders", "The talks were frank and useful",
         "Both sides agreed to meet again next year", "We call on all parties to show restraint"]


def article(n: int, rng: random.Random) -> dict[str, Any]:
    """Return one JSONL article: a generated page plus a paragraph naming officials and quoting one."""
    title, name, state = rng.choice(_PEOPLE)
    other = rng.choice([p for p in _PEOPLE if p[1] != name])
    quote = (f"{state}n {title} {name} met {other[1]} on Tuesday. \"{rng.choice(_SAID)},\" {name} "
             f"told reporters after the meeting. {other[1]} said the next meeting would take place in {state}.")
    text = page(n, rng).replace("\n\nRelated articles", f"\n\n{quote}\n\nRelated articles", 1)
    return {"url": f"https://news.example/{n}", "publisher": "Example News",
            "published": f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", "text": text}


def write_articles(path: Path, count: int, seed: int = 7) -> None:
    """Write `count` articles as JSONL."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            out.write(json.dumps(article(n, rng)) + "\n")


def clean_texts(path: Path) -> list[str]:
    """Return the clean texts Dyad makes of the articles: what both spaCy and Dyad parse."""
    from dyad.ingest.document import process_raw
    from dyad.ingest.read import read_inputs
    from dyad.settings import Settings

    settings = Settings()
    return [doc.text for raw in read_inputs([str(path)], settings) if not hasattr(raw, "reason")
            for doc in process_raw(raw, settings).documents]  # type: ignore[arg-type]


# -- children (each a fresh process) -------------------------------------------


def child_spacy(texts_file: str) -> dict[str, Any]:
    """Parse the clean texts with the spaCy model Dyad loads, as it ships, and time it."""
    from dyad.nlp.analyze import BATCH_SIZE, load_model

    texts = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    started = time.perf_counter()
    nlp = load_model()
    list(nlp.pipe(texts[:1]))  # warm up
    start = time.perf_counter() - started
    return {**_timed(lambda: sum(1 for _ in nlp.pipe(texts, batch_size=BATCH_SIZE))), "start": start}


def child_parse(texts_file: str) -> dict[str, Any]:
    """Parse the clean texts as Dyad parses them (its pipeline, batches and BLAS setting), and time it."""
    from dyad.nlp.analyze import analyze, load_nlp

    texts = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    started = time.perf_counter()
    load_nlp()
    list(analyze(texts[:1]))  # warm up
    start = time.perf_counter() - started
    return {**_timed(lambda: sum(1 for _ in analyze(texts))), "start": start}


def child_dyad(jsonl: str, db: str, workers: int) -> dict[str, Any]:
    """Start up, then ingest the articles into a new store, with analysis and linking, and time it."""
    import dyad
    from dyad.settings import Settings

    started = time.perf_counter()
    if workers == 1:
        from dyad.extract.warm import warm_up

        warm_up()
    else:
        from dyad.actors import load_dictionary

        load_dictionary()  # the writer links with it
        _start_workers()
    start = time.perf_counter() - started
    watch = _Descendants()
    watch.start()
    result = _timed(lambda: dyad.ingest([jsonl], db, settings=Settings(workers=workers)).documents_added)
    watch.stop = True
    watch.join()
    result["cpu"] += watch.cpu_since_start()
    result["worker_peak_mb"] = max(watch.rss.values(), default=0) / 2**20
    result["timeline"] = watch.timeline
    return {**result, "start": start}


def _start_workers() -> None:
    """Start the warmed forkserver and wait until it can fork a process."""
    import multiprocessing

    from dyad.parallel import START_METHOD, start_forkserver

    start_forkserver(analyse=True)
    process = multiprocessing.get_context(START_METHOD).Process(target=int)
    process.start()  # forked once the server has imported and loaded all it preloads
    process.join()


class _Descendants(threading.Thread):
    """Sample the CPU time and memory of worker processes, which are not our children (forkserver)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.cpu: dict[int, float] = {}
        self.rss: dict[int, int] = {}
        self.before = self._cpu_now()  # the forkserver's start-up is not the run's
        self.timeline: list[tuple[int, int]] = []  # (seconds, resident MB)
        self.stop = False

    @staticmethod
    def _cpu_now() -> dict[int, float]:
        import psutil

        found = {}
        for proc in psutil.Process().children(recursive=True):
            try:
                times = proc.cpu_times()
                found[proc.pid] = times.user + times.system
            except psutil.Error:
                pass
        return found

    def cpu_since_start(self) -> float:
        """Return the CPU seconds descendants spent since this watch was made."""
        return sum(cpu - self.before.get(pid, 0.0) for pid, cpu in self.cpu.items())

    def run(self) -> None:
        import psutil

        me = psutil.Process()
        started = last = time.monotonic()
        while not self.stop:
            if time.monotonic() - last >= TIMELINE_STEP:  # this process's own memory, to see when it grows
                last = time.monotonic()
                self.timeline.append((round(last - started), round(me.memory_info().rss / 2**20)))
            for proc in me.children(recursive=True):
                try:
                    times = proc.cpu_times()
                    self.cpu[proc.pid] = times.user + times.system
                    self.rss[proc.pid] = max(self.rss.get(proc.pid, 0), proc.memory_info().rss)
                except psutil.Error:
                    pass
            time.sleep(0.2)


TIMELINE_STEP = 60.0  # seconds between samples of the resident memory of a Dyad row
OUT = Path(__file__).parent / "out"


def _timed(run: Any) -> dict[str, Any]:
    """Run, and return the count it returns with wall and CPU seconds and this process's peak RSS."""
    wall, cpu = time.perf_counter(), time.process_time()
    count = run()
    return {"documents": count, "seconds": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def spawn(*args: str) -> dict[str, Any]:
    """Run one measurement in a fresh Python process and return what it printed."""
    out = subprocess.run([sys.executable, __file__, "--child", *args], check=True, capture_output=True,
                         text=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


# -- the run -------------------------------------------------------------------


def measure(sizes: list[int], work: Path, workers: int, only: str | None = None, rounds: int = 1) -> list[dict[str, Any]]:
    """Run every measurement (or only the speed or the memory ones) on one corpus; return the table rows.

    With `rounds` above 1 the speed rows run that many times, every other
    round in reverse order (spaCy, Dyad 1, Dyad 2, then Dyad 2, Dyad 1,
    spaCy): a machine that slows or speeds up during the run then weighs on
    spaCy's rows and Dyad's alike.
    """
    rows = []
    small, large = sizes
    corpus = {size: work / f"articles{size}.jsonl" for size in sizes}
    for size, path in corpus.items():
        if size == small or only != "speed":
            write_articles(path, size)
    texts = clean_texts(corpus[small])
    words = {small: sum(len(t.split()) for t in texts)}
    (work / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
    speed: list[tuple[str, tuple[str, ...]]] = []
    if only != "memory":
        speed.append(("spaCy nlp.pipe", ("spacy", str(work / "texts.json"))))
        speed.append(("Dyad's parse alone", ("parse", str(work / "texts.json"))))
    for n in (1, workers) if only != "memory" else (1,):
        label = f"Dyad ingest, {n} worker{'s' if n > 1 else ''}"
        speed.append((label, ("dyad", str(corpus[small]), str(work / f"w{n}.db"), str(n))))
    for turn in range(rounds if only != "memory" else 1):
        for label, args in speed if turn % 2 == 0 else reversed(speed):
            for stale in work.glob(f"{Path(args[2]).name}*") if args[0] == "dyad" else ():
                stale.unlink()  # each round ingests into a new store
            rows.append({"what": label, "words": words[small], "round": turn + 1, **spawn(*args)})
    if large > small and only != "speed":
        words[large] = sum(len(t.split()) for t in clean_texts(corpus[large]))
        rows.append({"what": "Dyad ingest, 1 worker", "words": words[large],
                     **spawn("dyad", str(corpus[large]), str(work / "large.db"), "1")})
    return rows


def combined(rows: list[dict[str, Any]], small: int) -> dict[str, dict[str, Any]]:
    """Add up each small-size measure's rounds: words, seconds and CPU seconds over all its runs."""
    total: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r["documents"] > small:
            continue
        into = total.setdefault(r["what"], {"what": r["what"], "words": 0, "seconds": 0.0, "cpu": 0.0,
                                            "peak_mb": r["peak_mb"]})
        into["words"] += r["words"]
        into["seconds"] += r["seconds"]
        into["cpu"] += r["cpu"]
        into["peak_mb"] = min(into["peak_mb"], r["peak_mb"])  # the memory ratio's small row: the lowest
    for r in total.values():
        r["rate"] = r["words"] / r["seconds"]
    return total


def report(rows: list[dict[str, Any]], sizes: list[int]) -> None:
    """Print the table and the ratios the goals name (those the rows allow)."""
    print(f"{'measure':<26} {'docs':>7} {'words':>10} {'start s':>8} {'wall s':>8} {'CPU s':>8} {'words/s':>8} "
          f"{'peak MB':>8}")
    for r in rows:
        r["rate"] = r["words"] / r["seconds"]
        print(f"{r['what']:<26} {r['documents']:>7,} {r['words']:>10,} {r['start']:>8.1f} {r['seconds']:>8.1f} "
              f"{r['cpu']:>8.1f} {r['rate']:>8,.0f} {r['peak_mb']:>8.0f}")
    by_what = combined(rows, sizes[0])
    spacy, one = by_what.get("spaCy nlp.pipe"), by_what["Dyad ingest, 1 worker"]
    parse = by_what.get("Dyad's parse alone")
    many = next((r for what, r in by_what.items() if what.endswith("workers")), None)
    rounds = max((r.get("round", 1) for r in rows), default=1)
    if spacy:
        each = ""
        if rounds > 1:
            pairs = [(a, b) for a in rows if a["what"] == spacy["what"]
                     for b in rows if b["what"] == one["what"] and b.get("round") == a.get("round")]
            each = "   rounds: " + ", ".join(f"{b['rate'] / a['rate']:.2f}" for a, b in pairs)
        print(f"end-to-end / spaCy words/s (1 process): {one['rate'] / spacy['rate']:.2f}   "
              f"(by CPU seconds: {spacy['cpu'] / one['cpu']:.2f})   goal >= 1.0 (issue 29){each}")
    if spacy and parse:
        print(f"end-to-end / Dyad's parse alone words/s: {one['rate'] / parse['rate']:.2f}   "
              f"(by CPU seconds: {parse['cpu'] / one['cpu']:.2f})   "
              f"Dyad's parse alone / spaCy as it ships: {parse['rate'] / spacy['rate']:.2f}")
    if rows[-1]["documents"] > sizes[0]:
        print(f"peak memory {sizes[1]:,} / {sizes[0]:,} documents: {rows[-1]['peak_mb'] / one['peak_mb']:.2f}   "
              "goal <= 1.2")
    if many:
        print(f"speed-up {many['what'][-9:].strip(', ')} / 1 worker: {many['rate'] / one['rate']:.2f}   goal >= 1.7 "
              f"(load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs=2, default=[1000, 20000], metavar=("SMALL", "LARGE"))
    parser.add_argument("--workers", type=int, default=2, help="workers to compare with one (default 2)")
    parser.add_argument("--only", choices=["speed", "memory"],
                        help="speed: the rows at the small size; memory: Dyad with 1 worker at both sizes")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run the speed rows this many times, every other round in reverse order; "
                             "ratios from the totals (default 1)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        children = {"spacy": child_spacy, "parse": child_parse}
        result = children[kind](*rest) if kind in children else child_dyad(rest[0], rest[1], int(rest[2]))
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory() as tmp:
        rows = measure(args.sizes, Path(tmp), args.workers, args.only, args.rounds)
    report(rows, args.sizes)
    OUT.mkdir(exist_ok=True)
    (OUT / "throughput-last.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    print(f"rows with the memory timelines: {OUT / 'throughput-last.json'}")


if __name__ == "__main__":
    main()
