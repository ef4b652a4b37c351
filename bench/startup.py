"""Where ``prov contradictions`` spends its time, as a sum of stages measured one by one.

    python bench/startup.py --db PATH --person NAME [--runs 10]

Each stage is a separate ``python -c`` that does everything the previous one did and a little
more; the difference between two lines is the cost of what the later one adds. The last line is
the real command. Medians of CPU time (user + system), which load on the machine barely moves.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from timing import Timing, alternate  # noqa: E402  (a sibling script, not a package)

FLOOR = "import sqlalchemy.orm, typer"
COMMAND_IMPORTS = "import provenance.db, provenance.api.contradictions, provenance.output.reports"


def stages(db: Path, person: str, prov: Sequence[str]) -> list[tuple[str, list[str]]]:
    python = sys.executable
    opened = f"from provenance.db import open_database; open_database({str(db)!r}, write=False).close()"
    cli = f"{FLOOR}, provenance.cli"
    steps = [
        ("python starts (python -c pass)", "pass"),
        ("floor: import sqlalchemy.orm, typer", FLOOR),
        ("+ import provenance.cli (every command registered)", cli),
        ("+ models, API, output the command imports", f"{cli}; {COMMAND_IMPORTS}"),
    ]
    # Typer 0.29 coerces option values with pydantic, imported when a command runs; older ones
    # have no such module.
    if importlib.util.find_spec("typer._adapters") is not None:
        cli += ", typer._adapters"
        steps.append(("+ Typer's option coercion (imports pydantic)", f"{cli}; {COMMAND_IMPORTS}"))
    steps.append(
        ("+ open the database (engine, SQLite dialect, revision)", f"{cli}; {COMMAND_IMPORTS}; {opened}")
    )
    result = [(label, [python, "-c", code]) for label, code in steps]
    result.append(
        (
            "prov contradictions --format json (the whole command)",
            [*prov, "contradictions", "--person", person, "--format", "json", "--db", str(db)],
        )
    )
    return result


def budget(db: Path, person: str, prov: Sequence[str], runs: int) -> list[tuple[str, Timing]]:
    plan = stages(db, person, prov)
    timings = alternate([argv for _, argv in plan], runs, warmup=1)
    return [(label, timing) for (label, _), timing in zip(plan, timings, strict=True)]


def report(rows: Sequence[tuple[str, Timing]]) -> str:
    width = max(len(label) for label, _ in rows)
    lines = [f"{'stage'.ljust(width)}  cpu ms   +cpu  wall ms"]
    previous: float | None = None
    for label, timing in rows:
        step = "" if previous is None else f"{timing.cpu_ms - previous:+.0f}"
        lines.append(f"{label.ljust(width)}  {timing.cpu_ms:6.0f}  {step:>5}  {timing.wall_ms:7.0f}")
        previous = timing.cpu_ms
    return "\n".join(lines)


def prov_command() -> list[str]:
    """``prov`` as installed beside this Python, else ``python -m provenance``."""
    script = Path(sys.executable).parent / "prov"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "provenance"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--person", required=True)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    print(report(budget(args.db.resolve(), args.person, prov_command(), args.runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
