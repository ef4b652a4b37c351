"""Time `prov import --from quotebank`: the line-by-line path through add_quote against the batched one;
then the peak memory of the command's streamed import at two sizes.

    python bench/quotebank.py [--sizes 5000,50000] [--old-up-to 5000] [--seed 7]
                              [--memory-sizes 20000,80000]

For each size a Quotebank-like file is made (a heavy tail of speakers, one line in ten unattributed,
one in five quoted by a second article that other lines share too, a few quotations repeated), then
imported into a new SQLite database in one transaction, as `prov import` does: by the batched path,
again (a no-op), and, for sizes up to --old-up-to, by the line-by-line path into another database.
Parsing is timed apart: both paths share it. CPU time is the figure to compare on a busy machine;
the speed-up is of CPU time.

Memory: for each of the two --memory-sizes a file is written and imported into a new (migrated)
database by a child process, twice: `prov import FILE` as the command runs it (a first pass
checking each line, a second importing a chunk of lines at a time) and, for comparison, the whole
file read, parsed into a list and imported in one chunk (what the command did before). Each child
reports the tracemalloc peak of the import (a second child, as tracemalloc slows it), the growth
of its resident set (VmHWM after less VmRSS before) and its CPU time; the ratio of the larger size
to the smaller is about 1 when memory is flat. A measurement, not a test: the exit code is 0
whatever the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from provenance.db import open_database
from provenance.imports.quotebank import QuotebankRecord, import_quotebank, parse_quotebank

TARGET_MS = 0.3  # per quotation, batched


def make_file(lines: int, seed: int) -> str:
    """Deterministic for a size and seed; about 1.2 quotations a line."""
    rng = random.Random(seed)
    speakers = [f"Speaker {n} Éxample" for n in range(max(10, lines // 8))]
    out = []
    for n in range(lines):
        day = f"2020-{n % 12 + 1:02d}-{n % 28 + 1:02d}"
        repeated = n % 50 == 49  # the same quotation reported again by another article
        number = n - 1 if repeated else n
        attributed = n % 10 != 0
        index = min(int(rng.paretovariate(1.2)) - 1, len(speakers) - 1)
        speaker = speakers[index] if attributed else "None"
        urls = [f"https://news{n % 97}.example/{day}/story-{n}"]
        if n % 5 == 0:
            urls.append(f"https://wire.example/{n // 40}")
        record = {
            "quoteID": f"{day}-{n:06d}",
            "quotation": f"Quotation number {number}, said with some words around it to be realistic.",
            "speaker": speaker,
            "qids": [f"Q{index + 1}"] if attributed else [],
            "date": f"{day} 00:00:00",
            "numOccurrences": len(urls),
            "probas": [[speaker, "0.8"]],
            "urls": urls,
            "phase": "E",
        }
        out.append(json.dumps(record))
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class Run:
    """Wall-clock and CPU seconds of one import (and its commit); the counts it reported."""

    wall: float
    cpu: float
    quotations: int
    created: int


def import_into(path: Path, records: list[QuotebankRecord], *, batched: bool) -> Run:
    database = open_database(path, write=True)
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        with database.session() as session:
            result = import_quotebank(session, records, batched=batched)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        database.close()
    return Run(wall, cpu, sum(result.counts["quotations"].values()), result.created)


def table_rows(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


HEADER = ("lines", "quotes", "path", "wall s", "cpu s", "cpu ms/quote", "quotes/cpu s", "cpu speed-up")


def line(cells: Sequence[object]) -> str:
    return "  ".join(f"{cell!s:<12}" if i == 2 else f"{cell!s:>12}" for i, cell in enumerate(cells))


def figures(size: int, quotes: int, label: str, run: Run, base: Run | None) -> str:
    ratio = f"{base.cpu / run.cpu:.1f}x" if base is not None else ""
    per = run.cpu * 1000 / quotes
    return line(
        [
            size,
            quotes,
            label,
            f"{run.wall:.2f}",
            f"{run.cpu:.2f}",
            f"{per:.3f}",
            f"{quotes / run.cpu:.0f}",
            ratio,
        ]
    )


def _status(field: str) -> int:
    """A figure of /proc/self/status in KB (0 where there is none)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for row in status:
                if row.startswith(field + ":"):
                    return int(row.split()[1])
    except OSError:
        pass
    return 0


def child(mode: str, file: str, db: str, trace: bool) -> None:
    """One import in this process; its figures as one JSON line on stderr."""
    import tracemalloc

    from provenance.cli import main as prov
    from provenance.db import init_database
    from provenance.files import read_text
    from provenance.imports import quotebank_batch, quotebank_file  # noqa: F401 (loaded before measuring)

    init_database(db)
    if trace:
        tracemalloc.start()
    before, cpu = _status("VmRSS"), time.process_time()
    if mode == "stream":
        try:
            prov(["import", file, "--db", db, "--format", "json"])
        except SystemExit as exit:
            assert not exit.code, exit.code
    else:
        records = parse_quotebank(read_text(file))
        database = open_database(db, write=True)
        with database.session() as session:
            import_quotebank(session, records, chunk=len(records))
        database.close()
    cpu = time.process_time() - cpu
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    figures = {
        "cpu": cpu,
        "peak": peak,
        "rss_growth_kb": _status("VmHWM") - before,
        "rss_kb": _status("VmHWM"),
    }
    print("\n" + json.dumps(figures), file=sys.stderr)


def measure(mode: str, file: Path, db: Path, *, trace: bool) -> dict[str, float]:
    db.unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(file), str(db), "trace" if trace else "plain"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"the {mode} child failed:\n{done.stderr}")
    figures: dict[str, float] = json.loads(done.stderr.strip().splitlines()[-1])
    return figures


def memory(sizes: list[int], seed: int, temp: Path) -> None:
    print()
    head = ("lines", "quotes", "path", "cpu s", "cpu ms/quote", "peak MB", "RSS +MB", "max RSS MB")
    print(line(head))
    peaks: dict[str, list[float]] = {"stream": [], "whole": []}
    for size in sizes:
        file = temp / f"memory-{size}.jsonl"
        file.write_text(make_file(size, seed), encoding="utf-8")
        quotes = sum(len(json.loads(row)["urls"]) for row in file.read_text(encoding="utf-8").splitlines())
        for mode in ("stream", "whole"):
            plain = measure(mode, file, temp / f"memory-{mode}-{size}.db", trace=False)
            traced = measure(mode, file, temp / f"memory-{mode}-{size}.db", trace=True)
            peaks[mode].append(traced["peak"])
            label = "prov import" if mode == "stream" else "whole (before)"
            cells = [
                size,
                quotes,
                label,
                f"{plain['cpu']:.2f}",
                f"{plain['cpu'] * 1000 / quotes:.3f}",
                f"{traced['peak'] / 1e6:.1f}",
                f"{plain['rss_growth_kb'] / 1024:.1f}",
                f"{plain['rss_kb'] / 1024:.1f}",
            ]
            print(line(cells))
    for mode, label in (("stream", "prov import"), ("whole", "whole file (before)")):
        small, large = peaks[mode]
        print(
            f"{label}: tracemalloc peak at {sizes[1]:,} lines / at {sizes[0]:,} lines = {large / small:.2f}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="5000,50000", help="lines per file, comma-separated")
    parser.add_argument("--old-up-to", type=int, default=5000, help="largest size run line by line too")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--memory-sizes", default="20000,80000", help="two sizes for the memory figures ('' skips them)"
    )
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.child:
        mode, file, db, trace = args.child
        child(mode, file, db, trace == "trace")
        return 0
    print(line(HEADER))
    with tempfile.TemporaryDirectory(prefix="prov-bench-quotebank-") as temp:
        for size in (int(s) for s in args.sizes.split(",")):
            text = make_file(size, args.seed)
            wall, cpu = time.perf_counter(), time.process_time()
            records = parse_quotebank(text)
            parsed = Run(time.perf_counter() - wall, time.process_time() - cpu, 0, 0)
            batched_db = Path(temp) / f"batched-{size}.db"
            batched = import_into(batched_db, records, batched=True)
            again = import_into(batched_db, records, batched=True)
            quotes = batched.quotations
            old = None
            if size <= args.old_up_to:
                old_db = Path(temp) / f"line-by-line-{size}.db"
                old = import_into(old_db, records, batched=False)
                same = (old.quotations, old.created) == (quotes, batched.created)
                if not same or table_rows(old_db) != table_rows(batched_db):
                    print(f"the two paths disagree on {size} lines", file=sys.stderr)
            print(figures(size, quotes, "parse", parsed, None))
            if old is not None:
                print(figures(size, quotes, "line by line", old, None))
            print(figures(size, quotes, "batched", batched, old))
            print(
                figures(size, quotes, "again (no-op)", again, old)
                + ("" if again.created == 0 else "  WROTE ROWS")
            )
            per = batched.cpu * 1000 / quotes
            verdict = "PASS" if per < TARGET_MS else "FAIL"
            print(f"batched: {per:.3f} CPU ms a quotation, target under {TARGET_MS}: {verdict}")
        if args.memory_sizes:
            memory([int(s) for s in args.memory_sizes.split(",")][:2], args.seed, Path(temp))
    load = os.getloadavg()[0]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
