"""Time and peak memory of the whole-database exports, at two sizes, to see whether memory is flat.

    python bench/exports.py [--db PATH] [--scale 0.2] [--formats json,prov-json,prov-n,jsonl]

Without --db a database is filled in a temporary folder (bench/fill.py; scale 0.2 is 20,000
statements, 30,000 quotations and the sources, articles and people around them) and removed
afterwards. Each format is written twice into a sink that keeps only the byte count: once for the
time, once under tracemalloc for the peak (tracemalloc slows Python down, so the two are apart).
Also run on a database of a quarter the size, so the last column says whether memory grows with
the records. A measurement, not a test: the exit code is 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path
from typing import IO, cast

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import fill  # noqa: E402  (sibling scripts, not a package)

from provenance.db import open_database  # noqa: E402
from provenance.exports import writer  # noqa: E402

DEFAULT_FORMATS = ("json", "prov-json", "prov-n", "jsonl")


class Counting(io.TextIOBase):
    """Keeps only the number of characters written, so the sink adds nothing to the peak."""

    size = 0

    def write(self, text: str) -> int:
        self.size += len(text)
        return len(text)


def measure(path: Path, fmt: str) -> tuple[float, int, int]:
    """Seconds, peak traced bytes and characters written for one export of ``path``."""
    write = writer(fmt)
    with open_database(path, write=False) as db:
        with db.session() as session:
            sink = Counting()
            started = time.perf_counter()
            write(session, cast(IO[str], sink))
            seconds = time.perf_counter() - started
        with db.session() as session:
            tracemalloc.start()
            try:
                write(session, cast(IO[str], Counting()))
                _, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
    return seconds, peak, sink.size


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, help="the larger database (filled if missing)")
    parser.add_argument("--scale", type=float, default=0.2, help="of bench/fill.py: 0.2 = 20,000 statements")
    parser.add_argument("--formats", default=",".join(DEFAULT_FORMATS))
    args = parser.parse_args(list(argv) if argv is not None else None)
    with tempfile.TemporaryDirectory(prefix="prov-bench-exports-") as temp:
        large = args.db or Path(temp) / "large.db"
        if not large.exists():
            fill.fill(large, scale=args.scale)
        small = Path(temp) / "small.db"
        fill.fill(small, scale=args.scale / 4)
        columns = ("seconds", "output MB", "peak MB", "peak/out", "peak/peak¼")
        print(f"{'format':<10} " + " ".join(f"{name:>10}" for name in columns))
        for fmt in args.formats.split(","):
            seconds, peak, size = measure(large, fmt)
            _, small_peak, _ = measure(small, fmt)
            print(
                f"{fmt:<10} {seconds:>10.2f} {size / 1e6:>10.1f} {peak / 1e6:>10.1f} "
                f"{peak / size:>10.3f} {peak / small_peak:>10.2f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
