"""Measure prov on a database of 100,000 statements and print the figures beside their targets.

    python bench/run.py [--db PATH] [--keep] [--profile]

Without --db a database is filled in a temporary folder (bench/fill.py, about a minute) and removed
afterwards unless --keep; a --db that does not exist yet is filled and kept. It is a measurement,
not a test: the exit code is 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import fill  # noqa: E402  (sibling scripts, not a package)
import importtime  # noqa: E402
import startup  # noqa: E402
from timing import alternate, percentile  # noqa: E402

API_TARGET_MS = 20.0
CLI_TARGET_RATIO = 1.5
HELP_TARGET_RATIO = 1.3
FLOOR_IMPORTS = "import sqlalchemy.orm, typer"


@dataclass(frozen=True)
class Subject:
    """The person whose contradictions are measured, and how much there is to read about them."""

    id: str
    name: str
    statements: int
    claims: int
    torn_claims: int  # claims they both supported and opposed


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    floor: str = ""
    ratio: str = ""
    target: str = ""
    passed: bool | None = None

    def cells(self) -> list[str]:
        verdict = "" if self.passed is None else "PASS" if self.passed else "FAIL"
        return [self.label, self.value, self.floor, self.ratio, self.target, verdict]


def pick_subjects(path: Path) -> tuple[Subject, Subject]:
    """A typical researched person (10-20 statements over 2-4 claims, with a change of mind on at
    least one) and the most prolific speaker; both chosen by rule so every run measures the same."""
    query = """
        WITH per_claim AS (
            SELECT s.speaker_id AS pid, st.claim_id,
                   max(st.stance = 'supports') AND max(st.stance = 'opposes') AS torn
            FROM statement s JOIN stance st ON st.statement_id = s.id
            WHERE s.speaker_id IS NOT NULL
            GROUP BY s.speaker_id, st.claim_id
        ), per_person AS (
            SELECT pid, count(*) AS claims, sum(torn) AS torn FROM per_claim GROUP BY pid
        ), said AS (
            SELECT speaker_id AS pid, count(*) AS n FROM statement
            WHERE speaker_id IS NOT NULL GROUP BY speaker_id
        )
        SELECT p.id, p.name, said.n, per_person.claims, per_person.torn, p.kind, p.name_key
        FROM said JOIN per_person USING (pid) JOIN person p ON p.id = said.pid
    """
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        rows = conn.execute(query).fetchall()
    if not rows:
        raise SystemExit(f"{path} holds no statements with stances; fill it with bench/fill.py")
    typical = [r for r in rows if r[5] == "person" and 10 <= r[2] <= 20 and 2 <= r[3] <= 4 and r[4] >= 1]
    # Closest to 12 statements, then by name: stable across runs of the same fill.
    chosen = min(typical or rows, key=lambda r: (abs(r[2] - 12), r[6]))
    heaviest = max(rows, key=lambda r: (r[2], r[6]))
    return Subject(*chosen[:5]), Subject(*heaviest[:5])


@dataclass(frozen=True)
class ApiTiming:
    first_ms: float
    median_ms: float
    p95_ms: float
    cpu_median_ms: float
    found: int


def time_api(path: Path, person: str, runs: int, warmup: int = 5, **options: Any) -> ApiTiming:
    """The API call in this process, a fresh session (one transaction) per call as a command has."""
    from provenance.api.contradictions import contradictions
    from provenance.db import open_database

    database = open_database(path, write=False)
    try:

        def once() -> tuple[float, float, int]:
            started, cpu = time.perf_counter(), time.process_time()
            with database.session() as session:
                result = contradictions(session, person, **options)
            wall = (time.perf_counter() - started) * 1000
            return wall, (time.process_time() - cpu) * 1000, len(result["contradictions"])

        first, _, found = once()
        for _ in range(warmup):
            once()
        samples = [once() for _ in range(runs)]
    finally:
        database.close()
    walls = [wall for wall, _, _ in samples]
    return ApiTiming(
        first,
        statistics.median(walls),
        percentile(walls, 0.95),
        statistics.median(cpu for _, cpu, _ in samples),
        found,
    )


def expect_contradictions(count: int) -> Callable[[str], None]:
    def check(stdout: str) -> None:
        found = len(json.loads(stdout)["contradictions"])
        if found != count:
            raise SystemExit(f"prov contradictions printed {found} pairs, the API found {count}")

    return check


def statement_count(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        count: int = conn.execute("SELECT count(*) FROM statement").fetchone()[0]
    return count


def file_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def biggest_objects(path: Path, top: int = 6) -> list[tuple[str, int]]:
    """Tables and indexes by bytes on disk (empty when SQLite lacks the dbstat table)."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            rows = conn.execute(
                "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT ?", (top,)
            ).fetchall()
    except sqlite3.Error:
        return []
    return [(name, size) for name, size in rows]


def table(figures: Sequence[Figure]) -> str:
    header = ["measure", "value", "floor", "ratio", "target", "result"]
    rows = [header, *(f.cells() for f in figures)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def ratio_figure(label: str, value: float, floor: float, target: float) -> Figure:
    ratio = value / floor
    return Figure(
        label, f"{value:.0f} ms", f"{floor:.0f} ms", f"{ratio:.2f}x", f"<= {target:g}x", ratio <= target
    )


def measure(path: Path, args: argparse.Namespace) -> tuple[Subject, list[Figure]]:
    subject, heaviest = pick_subjects(path)
    figures: list[Figure] = []

    api = time_api(path, subject.name, args.api_runs)
    about = f"{subject.statements} statements, {subject.claims} claims, {api.found} pairs"
    target = f"< {API_TARGET_MS:g} ms"
    figures += [
        Figure(
            f"API contradictions ({about}), median of {args.api_runs}",
            f"{api.median_ms:.1f} ms",
            target=target,
            passed=api.median_ms < API_TARGET_MS,
        ),
        Figure(
            "API contradictions, p95",
            f"{api.p95_ms:.1f} ms",
            target=target,
            passed=api.p95_ms < API_TARGET_MS,
        ),
        Figure("API contradictions, CPU time median", f"{api.cpu_median_ms:.1f} ms"),
        Figure("API first call in a process (mappers configured, SQL compiled)", f"{api.first_ms:.1f} ms"),
    ]
    both = time_api(path, subject.name, args.api_runs, include_affiliated=True, shifts=True)
    figures.append(Figure("API same person, include_affiliated + shifts, median", f"{both.median_ms:.1f} ms"))
    heavy = time_api(path, heaviest.name, max(5, args.api_runs // 5), warmup=1)
    figures.append(
        Figure(
            f"API most prolific speaker ({heaviest.statements} statements, {heavy.found} pairs), median",
            f"{heavy.median_ms:.1f} ms",
        )
    )

    prov = startup.prov_command()
    python = sys.executable
    command = [*prov, "contradictions", "--person", subject.name, "--format", "json", "--db", str(path)]
    floor_cmd = [python, "-c", FLOOR_IMPORTS]
    floor_app = [python, str(HERE / "typer_floor.py")]
    # One alternating group, so every ratio compares runs made under the same load.
    cli, floor, helped, floor_help, floor_run, typer_only = alternate(
        [
            command,
            floor_cmd,
            [*prov, "--help"],
            [*floor_app, "--help"],
            [*floor_app, "report", "--person", subject.name, "--format", "json"],
            [python, "-c", "import typer"],
        ],
        args.cli_runs,
        [expect_contradictions(api.found)],
    )
    label = f"prov contradictions --format json, median of {args.cli_runs}"
    # What Typer spends running a command beyond being imported: a cost no code of ours adds.
    typer_share = floor_run.cpu_ms - typer_only.cpu_ms
    figures += [
        ratio_figure(f"{label} (wall)", cli.wall_ms, floor.wall_ms, CLI_TARGET_RATIO),
        ratio_figure(f"{label} (CPU)", cli.cpu_ms, floor.cpu_ms, CLI_TARGET_RATIO),
        Figure(
            "  Typer alone running an 8-option command, beyond importing it (CPU)",
            f"{typer_share:+.0f} ms",
        ),
    ]
    label = f"prov --help vs two-command Typer app --help, median of {args.cli_runs}"
    figures += [
        ratio_figure(f"{label} (wall)", helped.wall_ms, floor_help.wall_ms, HELP_TARGET_RATIO),
        ratio_figure(f"{label} (CPU)", helped.cpu_ms, floor_help.cpu_ms, HELP_TARGET_RATIO),
    ]

    statements = statement_count(path)
    size = file_bytes(path)
    figures.append(
        Figure(
            f"database size per 100,000 statements ({statements:,} stored)",
            f"{size / statements * 100_000 / 1e6:.1f} MB",
        )
    )
    return subject, figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, help="database to measure; filled first if it does not exist")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database and print its path")
    parser.add_argument("--seed", type=int, default=fill.DEFAULT_SEED)
    parser.add_argument("--scale", type=float, default=1.0, help="fill size; 1.0 = 100,000 statements")
    parser.add_argument("--api-runs", type=int, default=50)
    parser.add_argument("--cli-runs", type=int, default=15)
    parser.add_argument("--profile", action="store_true", help="also show where prov's start-up time goes")
    args = parser.parse_args(argv)

    scratch: Path | None = None
    if args.db is None:
        scratch = Path(tempfile.mkdtemp(prefix="prov-bench-"))
        path = scratch / "bench.db"
    else:
        path = args.db.expanduser().resolve()
    try:
        if not path.exists():
            fill.fill(path, seed=args.seed, scale=args.scale)
        subject, figures = measure(path, args)
        print(table(figures))
        print(f"subject: {subject.name} ({subject.id}); db {path}")
        objects = biggest_objects(path)
        if objects:
            print("largest on disk: " + ", ".join(f"{name} {size / 1e6:.0f} MB" for name, size in objects))
        load, cpus = os.getloadavg()[0], os.cpu_count() or 1
        print(f"python {sys.version.split()[0]}, {cpus} CPUs, load average {load:.2f}")
        if load > cpus * 0.75:
            print("the machine is busy: wall-clock figures are inflated, compare the CPU rows")
        if args.profile:
            prov = startup.prov_command()
            print()
            print(startup.report(startup.budget(path, subject.name, prov, args.cli_runs)))
            command = ["contradictions", "--person", subject.name, "--format", "json", "--db", str(path)]
            print()
            print(importtime.report(importtime.measure([*prov, *command])))
    finally:
        if scratch is not None:
            if args.keep:
                print(f"kept {path}", file=sys.stderr)
            else:
                shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
