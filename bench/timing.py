"""Timing whole processes: wall-clock and CPU time of each run, medians over alternating runs."""

from __future__ import annotations

import math
import os
import resource
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    """Medians in milliseconds. CPU time (user + system of the child) barely moves when other
    work shares the machine, so it is the figure to compare on a busy host."""

    wall_ms: float
    cpu_ms: float


def percentile(samples: Sequence[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PROV_", "PYTHON"))}
    # The same width and no colour on both sides: help layout must not depend on the terminal.
    env.update(COLUMNS="100", NO_COLOR="1", TERM="dumb")
    return env


def run_once(argv: Sequence[str], check: Callable[[str], None] | None = None) -> tuple[float, float]:
    """Wall and CPU milliseconds of one run; any failure stops the benchmark with its last line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, env=clean_env(), check=False)
    wall = (time.perf_counter() - started) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): {reason}")
    if check is not None:
        check(done.stdout)
    return wall, cpu


def alternate(
    commands: Sequence[Sequence[str]],
    runs: int,
    checks: Sequence[Callable[[str], None] | None] = (),
    warmup: int = 2,
) -> list[Timing]:
    """Median timings of each command, run in turn so a change in machine load hits all alike."""
    checks = list(checks) + [None] * (len(commands) - len(checks))
    for _ in range(warmup):
        for argv, check in zip(commands, checks, strict=True):
            run_once(argv, check)
    walls: list[list[float]] = [[] for _ in commands]
    cpus: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for index, (argv, check) in enumerate(zip(commands, checks, strict=True)):
            wall, cpu = run_once(argv, check)
            walls[index].append(wall)
            cpus[index].append(cpu)
    return [Timing(statistics.median(w), statistics.median(c)) for w, c in zip(walls, cpus, strict=True)]
