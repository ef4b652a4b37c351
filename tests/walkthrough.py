"""Running the worked example (examples/seed-walkthrough.sh) and reading what it recorded."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "examples" / "seed-walkthrough.sh"


def prov_env(db: str) -> dict[str, str]:
    """The environment a test runs prov in: this interpreter's scripts first, and the database."""
    return {
        **os.environ,
        "PROV_DB": db,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }


def run_prov(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["prov", *args], env=prov_env(db), capture_output=True, text=True, check=False)


def run_walkthrough(db: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT)], env=prov_env(db), capture_output=True, text=True, check=False
    )


def contradictions(db: str, *extra: str) -> dict[str, Any]:
    result = run_prov(db, "contradictions", "--person", "David Sacks", "--format", "json", *extra)
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def export(db: str) -> dict[str, Any]:
    """The bundle without the times of this run (export time, when each reading was recorded)."""
    result = run_prov(db, "export")
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    document.pop("exported_at")
    for stance in document["stances"]:
        stance.pop("recorded_at")
    return document


def check_seed_report(report: dict[str, Any]) -> None:
    """S1 (6 Nov, opposes) against S2 (24 Nov, supports as the article reads it), 18 days apart."""
    pairs = report["contradictions"]
    assert len(pairs) == 1
    pair = pairs[0]
    assert pair["claim"]["slug"] == "federal-ai-bailout"
    assert pair["kind"] == "full"
    assert pair["unordered"] is False
    assert pair["days_apart"] == 18
    assert pair["earlier"]["said_at"] == "2025-11-06T16:52:00Z"
    assert pair["earlier"]["precision"] == "minute"
    assert pair["earlier"]["stance"] == "opposes"
    assert pair["later"]["said_at"] == "2025-11-24T17:34:00Z"
    assert pair["later"]["stance"] == "supports"
    assert pair["later"]["readings"][0]["basis"] == "interpreted"
    assert pair["earlier"]["source"]["kind"] == "x_post"
    assert pair["earlier"]["archive_urls"][0].startswith("https://web.archive.org/web/20251106170000/")
    quoted = pair["earlier"]["quoted_in"][0]
    assert quoted["attributed_as"] == "Gary Sacks"
    assert quoted["article"]["url"].startswith("https://example.org/")


VERIFY_SCRIPT = ROOT / "examples" / "verify-walkthrough.sh"


def run_verify_walkthrough(db: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(VERIFY_SCRIPT)], env=prov_env(db), capture_output=True, text=True, check=False
    )


def copy_database(source: Path, target: Path) -> Path:
    """A copy of an SQLite database, taken with the backup API: the file alone may miss its WAL."""
    origin, copy = sqlite3.connect(source), sqlite3.connect(target)
    try:
        with copy:
            origin.backup(copy)
    finally:
        origin.close()
        copy.close()
    return target
