"""`prov fetch URL --from-file PAGE`: a copy saved by hand, stored without pretending the web answered."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from provenance.api.articles import add_article
from provenance.api.fetch import store_saved_copy
from provenance.db import Database, open_database
from provenance.models import Snapshot

ARTICLE = "https://example.org/a"
# Typographic apostrophes on the page, ASCII ones in the recorded quote: still the same words.
PAGE = (
    "<html><body><article><p>Il n\u2019y aura pas de plan de sauvetage f\u00e9d\u00e9ral pour "
    "l\u2019IA.</p></article></body></html>"
)

Cli = Callable[..., Result]


def _recorded(db_path: Path) -> Database:
    database = open_database(db_path, write=True)
    with database.session() as session:
        add_article(session, ARTICLE)
    return database


def test_a_saved_copy_is_stored_once_with_no_http_status(db_path: Path, tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(PAGE, encoding="utf-8")
    with _recorded(db_path) as database:
        first = store_saved_copy(database, ARTICLE, page)
        again = store_saved_copy(database, ARTICLE, page)
        assert first["results"][0]["state"] == "saved copy"
        assert again["results"][0]["snapshot_id"] == first["results"][0]["snapshot_id"]
        with database.session() as session:
            snapshots = session.query(Snapshot).all()
    assert len(snapshots) == 1
    assert snapshots[0].status_code is None and snapshots[0].error is None


def test_verify_reads_a_saved_copy(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(PAGE, encoding="utf-8")
    _recorded(db_path).close()
    assert cli("add-quote", "--article", ARTICLE, "--unattributed", "--text",
               "Il n'y aura pas de plan de sauvetage fédéral pour l'IA.").exit_code == 0  # fmt: skip
    assert cli("fetch", ARTICLE, "--from-file", str(page)).exit_code == 0
    report = json.loads(cli("verify", "--format", "json").stdout)
    assert report["summary"]["article"] == {"found": 1}


def test_from_file_errors_are_one_line(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    _recorded(db_path).close()
    for args in (
        ["fetch", ARTICLE, "--from-file", str(tmp_path / "missing.html")],
        ["fetch", "--all", "--from-file", str(tmp_path / "missing.html")],
        ["fetch", "https://example.org/unknown", "--from-file", __file__],
    ):
        result = cli(*args)
        assert result.exit_code == 1, result.stdout
        assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("Error")
        assert "Traceback" not in result.stdout + result.stderr
