"""The worked example (examples/seed-walkthrough.sh) runs end to end, and the README shows it as is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "examples" / "seed-walkthrough.sh"


def run_prov(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PROV_DB": db,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    return subprocess.run(["prov", *args], env=env, capture_output=True, text=True, check=False)


def run_walkthrough(db: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PROV_DB": db,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    return subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True, check=False)


def contradictions(db: str, *extra: str) -> dict[str, Any]:
    result = run_prov(db, "contradictions", "--person", "David Sacks", "--format", "json", *extra)
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def check_seed_report(report: dict[str, Any]) -> None:
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


def test_walkthrough_records_the_seed_and_finds_the_contradiction(tmp_path: Path) -> None:
    db = str(tmp_path / "seed.db")
    first = run_walkthrough(db)
    assert first.returncode == 0, first.stderr
    assert "federal-ai-bailout" in first.stdout
    check_seed_report(contradictions(db))


def test_walkthrough_twice_changes_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "seed.db")
    assert run_walkthrough(db).returncode == 0
    before = run_prov(db, "export").stdout
    again = run_walkthrough(db)
    assert again.returncode == 0, again.stderr
    assert "created" not in again.stdout
    after = run_prov(db, "export").stdout
    strip = lambda doc: {k: v for k, v in json.loads(doc).items() if k != "exported_at"}  # noqa: E731
    assert strip(before) == strip(after)


def test_include_affiliated_pairs_sacks_with_the_white_house_order(tmp_path: Path) -> None:
    db = str(tmp_path / "seed.db")
    assert run_walkthrough(db).returncode == 0
    report = contradictions(db, "--include-affiliated")
    speakers = {
        (p["earlier"]["speaker"]["name"], p["later"]["speaker"]["name"]) for p in report["contradictions"]
    }
    assert ("David Sacks", "White House") in speakers


def test_readme_embeds_the_walkthrough_verbatim() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    body = SCRIPT.read_text("utf-8").split("set -euo pipefail\n", 1)[1].strip()
    assert body in readme, "README's walkthrough differs from examples/seed-walkthrough.sh"
