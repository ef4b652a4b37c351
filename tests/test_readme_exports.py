"""The README's ClaimReview and PROV examples are what prov writes for the worked example."""

from __future__ import annotations

import json
import re
from pathlib import Path

from walkthrough import ROOT, run_prov

README = (ROOT / "README.md").read_text("utf-8")


def _block(after: str, language: str) -> str:
    """The first fenced block of ``language`` after the line containing ``after``."""
    start = README.index(after)
    match = re.compile(rf"```{language}\n(.*?)\n```", re.DOTALL).search(README, start)
    assert match is not None, f"no {language} block after {after!r}"
    return match.group(1)


def test_readme_claimreview_is_the_command_output(walked: tuple[Path, str]) -> None:
    command = _block("## Standard exports", "bash")
    args = command.replace("\\\n", " ").split()
    assert args[:2] == ["prov", "contradictions"]
    # The shell's quoting, undone for the one quoted value the command has.
    words = re.findall(r'"[^"]*"|\S+', command.replace("\\\n", " "))
    result = run_prov(str(walked[0]), *[w.strip('"') for w in words[1:]])
    assert result.returncode == 0, result.stderr
    written = json.loads(result.stdout)
    shown = json.loads(_block(command, "json"))
    assert len(written) == len(shown) == 1
    # The day of the export is the one thing that changes from run to run.
    for review in (*written, *shown):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", review.pop("datePublished"))
    assert written == shown


def test_readme_prov_n_lines_are_in_the_export(walked: tuple[Path, str]) -> None:
    excerpt = _block("(`prov export --format prov-n`)", "text").splitlines()
    result = run_prov(str(walked[0]), "export", "--format", "prov-n")
    assert result.returncode == 0, result.stderr
    lines = set(result.stdout.splitlines())
    shown = [line for line in excerpt if line.strip() != "..."]
    assert len(shown) > 15
    missing = [line for line in shown if line not in lines]
    assert not missing, missing


def test_readme_screenshot_is_in_the_repository() -> None:
    match = re.search(r"!\[[^\]]+\]\((docs/[^)]+\.png)\)", README)
    assert match is not None
    png = ROOT / match.group(1)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
