"""The worked example (examples/seed-walkthrough.sh) runs end to end, and the README shows it as is."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

from walkthrough import (
    ROOT,
    SCRIPT,
    VERIFY_SCRIPT,
    check_seed_report,
    contradictions,
    copy_database,
    export,
    prov_env,
    run_prov,
    run_verify_walkthrough,
    run_walkthrough,
)


def test_walkthrough_records_the_seed_and_finds_the_contradiction(walked: tuple[Path, str]) -> None:
    db, output = walked
    assert "federal-ai-bailout" in output
    assert "18" in output
    check_seed_report(contradictions(str(db)))


def test_walkthrough_twice_changes_nothing(walked: tuple[Path, str], tmp_path: Path) -> None:
    copy = copy_database(walked[0], tmp_path / "again.db")
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


def test_readme_embeds_both_walkthroughs_verbatim() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for script in (SCRIPT, VERIFY_SCRIPT):
        body = script.read_text("utf-8").split("set -euo pipefail\n", 1)[1].strip()
        assert body in readme, f"README's walkthrough differs from {script.name}"


def test_verify_walkthrough_finds_every_quote_and_the_seeds_problems(
    walked: tuple[Path, str], tmp_path: Path
) -> None:
    copy = copy_database(walked[0], tmp_path / "checked.db")
    result = run_verify_walkthrough(str(copy))
    assert result.returncode == 0, result.stderr
    verified = json.loads(run_prov(str(copy), "verify", "--format", "json").stdout)
    assert verified["summary"]["article"] == {"found": 8}
    assert set(verified["summary"]["source"]) == {"unchecked"}  # every quote is a translation
    report = json.loads(run_prov(str(copy), "check", "--format", "json").stdout)
    assert report["summary"]["name-mismatch"] == 2
    assert report["summary"]["unattributed"] == 1
    assert report["summary"]["translation-without-original"] == 7
    written = {p["message"] for p in report["problems"] if p["code"] == "name-mismatch"}
    assert any("Gary Sacks" in m for m in written) and any("Gary Markus" in m for m in written)
    strict = run_prov(str(copy), "check", "--strict")
    assert strict.returncode == 1


def test_learning_s1_original_later_completes_it_in_place(walked: tuple[Path, str], tmp_path: Path) -> None:
    """The researcher finds the English post behind the article's French: same statement, same pair."""
    copy = copy_database(walked[0], tmp_path / "learnt.db")
    before = contradictions(str(copy))["contradictions"][0]["earlier"]
    assert before["original_known"] is False
    script = SCRIPT.read_text("utf-8")
    s1 = script[script.index("# S1:") : script.index("# S2:")]
    command = s1[s1.index("prov add-quote") :].replace("\\\n", " ")
    english = "There will be no federal bailout for AI. The U.S. has at least 5 major frontier companies."
    learnt = subprocess.run(
        ["bash", "-c", f"{_variables(script)}\n{command.strip()} --text {shlex.quote(english)}"],
        env=prov_env(str(copy)),
        capture_output=True,
        text=True,
        check=False,
    )
    assert learnt.returncode == 0, learnt.stderr
    after = contradictions(str(copy))["contradictions"][0]["earlier"]
    assert after["statement_id"] == before["statement_id"]
    assert (after["original_known"], after["text"]) == (True, english)
    # The lint no longer counts S1 among the translations whose original is unknown.
    assert _codes(walked[0], before["statement_id"]) == {"name-mismatch", "translation-without-original"}
    assert _codes(copy, before["statement_id"]) == {"name-mismatch"}


def _codes(db: Path, statement_id: str) -> set[str]:
    """The codes of the problems prov check finds with this statement."""
    problems = json.loads(run_prov(str(db), "check", "--format", "json").stdout)["problems"]
    return {p["code"] for p in problems if p["ids"].get("statement_id") == statement_id}


def _variables(script: str) -> str:
    """The script's one-line URL variables (ARTICLE=..., S1_URL=...), for one of its commands alone."""
    return "\n".join(line for line in script.splitlines() if re.match(r"^[A-Z0-9_]+=https://\S+$", line))
