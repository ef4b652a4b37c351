"""Where a command's start-up time goes, from ``python -X importtime``.

    python bench/importtime.py [--top 15] -- prov contradictions --person NAME --db PATH

The command runs once with the same Python (a console script is run as a script, so the flag
reaches it); the report sums import time by top-level package and lists the costliest imports
with the module of ours that triggered each, which is what to move into a function body.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)$")
OURS = "provenance"


@dataclass(frozen=True)
class Imported:
    module: str
    self_us: int
    cumulative_us: int
    depth: int
    parent: str | None  # the module whose import triggered this one
    owner: str | None  # the nearest module of ours above it


def parse(stderr: str) -> list[Imported]:
    """Imports in the order they finished, each with what imported it.

    ``-X importtime`` prints a module when its import ends, children before parents and indented
    deeper, so a parent is the next line printed at a smaller depth.
    """
    rows: list[tuple[str, int, int, int]] = []
    for line in stderr.splitlines():
        match = _LINE.match(line)
        if match:
            self_us, cumulative_us, pad, module = match.groups()
            rows.append((module, int(self_us), int(cumulative_us), len(pad) // 2))
    parents: list[str | None] = [None] * len(rows)
    pending: dict[int, list[int]] = defaultdict(list)
    for index, (module, _, _, depth) in enumerate(rows):
        for deeper in [d for d in pending if d > depth]:
            for child in pending.pop(deeper):
                parents[child] = module
        pending[depth].append(index)
    by_name = {row[0]: i for i, row in enumerate(rows)}
    result: list[Imported] = []
    for index, (module, self_us, cumulative_us, depth) in enumerate(rows):
        owner, cursor = None, parents[index]
        while cursor is not None:
            if cursor.split(".")[0] == OURS:
                owner = cursor
                break
            cursor = parents[by_name[cursor]]
        result.append(Imported(module, self_us, cumulative_us, depth, parents[index], owner))
    return result


def by_package(imports: Sequence[Imported]) -> list[tuple[str, int]]:
    totals: dict[str, int] = defaultdict(int)
    for item in imports:
        totals[item.module.split(".")[0]] += item.self_us
    return sorted(totals.items(), key=lambda kv: -kv[1])


def entry_points(imports: Sequence[Imported]) -> list[Imported]:
    """Third-party imports made directly by a module of ours: the lines one would move or cut."""
    return sorted(
        (
            i
            for i in imports
            if i.parent is not None and i.parent.split(".")[0] == OURS and i.module.split(".")[0] != OURS
        ),
        key=lambda i: -i.cumulative_us,
    )


def command_line(argv: Sequence[str]) -> list[str]:
    """``[python, -X, importtime, ...]`` for a console script, a ``-m`` module or a script."""
    if not argv:
        raise SystemExit("give the command after --")
    head, *rest = argv
    if Path(head).resolve() == Path(sys.executable).resolve():
        return command_line(rest)
    if head in ("-m", "-c") or head.endswith(".py"):
        return [sys.executable, "-X", "importtime", head, *rest]
    script = shutil.which(head) or head
    if Path(script).exists():
        return [sys.executable, "-X", "importtime", script, *rest]
    raise SystemExit(f"cannot find {head}")


def measure(argv: Sequence[str]) -> list[Imported]:
    done = subprocess.run(command_line(argv), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["?"]
        raise SystemExit(f"command failed ({done.returncode}): {tail[0]}")
    return parse(done.stderr)


def report(imports: Sequence[Imported], top: int = 15) -> str:
    total = sum(i.self_us for i in imports)
    lines = [
        f"import time, all modules: {total / 1000:.0f} ms ({len(imports)} modules)",
        "by package (self):",
    ]
    for package, us in by_package(imports)[:top]:
        lines.append(f"  {us / 1000:7.1f} ms  {100 * us / total:4.1f}%  {package}")
    lines.append("third-party imports made by our modules (cumulative):")
    for item in entry_points(imports)[:top]:
        lines.append(f"  {item.cumulative_us / 1000:7.1f} ms  {item.module:<32} from {item.parent}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    print(report(measure(command), args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
