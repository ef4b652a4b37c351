"""Time `prov import --from quotebank`: the line-by-line path through add_quote against the batched one.

    python bench/quotebank.py [--sizes 5000,50000] [--old-up-to 5000] [--seed 7]

For each size a Quotebank-like file is made (a heavy tail of speakers, one line in ten unattributed,
one in five quoted by a second article that other lines share too, a few quotations repeated), then
imported into a new SQLite database in one transaction, as `prov import` does: by the batched path,
again (a no-op), and, for sizes up to --old-up-to, by the line-by-line path into another database.
Parsing is timed apart: both paths share it. CPU time is the figure to compare on a busy machine;
the speed-up is of CPU time. A measurement, not a test: the exit code is 0 whatever
the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="5000,50000", help="lines per file, comma-separated")
    parser.add_argument("--old-up-to", type=int, default=5000, help="largest size run line by line too")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(list(argv) if argv is not None else None)
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
    load = os.getloadavg()[0]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
