"""The worked example (examples/seed-walkthrough.sh) runs end to end, and the README shows it as is."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from walkthrough import ROOT, SCRIPT, check_seed_report, contradictions, export, run_walkthrough


def test_walkthrough_records_the_seed_and_finds_the_contradiction(walked: tuple[Path, str]) -> None:
    db, output = walked
    assert "federal-ai-bailout" in output
    assert "18" in output
    check_seed_report(contradictions(str(db)))


def test_walkthrough_twice_changes_nothing(walked: tuple[Path, str], tmp_path: Path) -> None:
    copy = tmp_path / "again.db"
    with sqlite3.connect(walked[0]) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    before = export(str(copy))
    again = run_walkthrough(str(copy))
    assert again.returncode == 0, again.stderr
    assert "created" not in again.stdout
    assert export(str(copy)) == before


def test_include_affiliated_pairs_sacks_with_the_white_house_order(walked: tuple[Path, str]) -> None:
    report = contradictions(str(walked[0]), "--include-affiliated")
    speakers = {
        (p["earlier"]["speaker"]["name"], p["later"]["speaker"]["name"]) for p in report["contradictions"]
    }
    assert ("David Sacks", "White House") in speakers


def test_readme_embeds_the_walkthrough_verbatim() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    body = SCRIPT.read_text("utf-8").split("set -euo pipefail\n", 1)[1].strip()
    assert body in readme, "README's walkthrough differs from examples/seed-walkthrough.sh"
