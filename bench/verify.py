"""Time ``verify()`` on 1,000 quotations against 1,000 stored pages of 50 KB each.

    python bench/verify.py [--db PATH] [--seed 7] [--quotations 1000]

900 source pages and 100 article pages (10 quotations each), every page ~50 KB of extracted text
with typographic quotes, guillemets and dashes. The quotations are 80% verbatim (the source prints
them with typographic marks, the article in guillemets), 10% near misses (fuzzy), 10% translations
(article side only). Rows go in with SQLAlchemy Core through the models' tables. The target (issue
3) is over 500 quotations per second on one core; the figure is in-process, one transaction.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from provenance.api.verify import verify
from provenance.db import open_database
from provenance.ids import stable_id
from provenance.models import Article, Body, Quotation, Snapshot, Source, Statement

TARGET = 500.0
PAGE_BYTES = 50_000
_VOCABULARY = (
    "le la les un une des état économie croissance investissement fédéral plan sauvetage entreprise "
    "intelligence artificielle marché récession décret président maison blanche journal données "
    "the a of to and in that it is was for on are as with they be at one have this from word "
    "policy growth bubble federal bailout capital spending model chip power grid energy"
)
WORDS = _VOCABULARY.split()


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 20))
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), "l'IA")
    if rng.random() < 0.2:
        words.insert(rng.randrange(len(words)), "-")
    return " ".join(words).capitalize() + "."


def typeset(text: str) -> str:
    return text.replace("'", "\u2019").replace(" - ", " \u2014 ")


def filler(rng: random.Random, size: int) -> list[str]:
    parts: list[str] = []
    total = 0
    while total < size:
        parts.append(sentence(rng))
        total += len(parts[-1].encode()) + 1
    return parts


def fill(db: Path, seed: int, quotations: int) -> int:
    rng = random.Random(seed)
    per_article = 10
    articles = max(1, quotations // per_article)
    fetched = datetime(2025, 11, 27, tzinfo=UTC)
    rows: dict[str, list[dict[str, object]]] = {
        "article": [],
        "source": [],
        "statement": [],
        "quotation": [],
        "body": [],
        "snapshot": [],
    }

    def page(url: str, text: str) -> None:
        content = text.encode()
        sha = hashlib.sha256(content).hexdigest()
        rows["body"].append({"sha256": sha, "size": len(content), "content": content, "text": text})
        rows["snapshot"].append(
            {
                "id": stable_id("snapshot", url, sha),
                "url": url,
                "status_code": 200,
                "fetched_at": fetched,
                "body_sha256": sha,
            }
        )

    n = 0
    for a in range(articles):
        article_url = f"https://blog.example.org/2025/11/article-{a}.html"
        article_id = stable_id("article", article_url)
        rows["article"].append({"id": article_id, "url": article_url})
        article_parts = filler(rng, PAGE_BYTES - per_article * 200)
        for _ in range(per_article):
            source_url = f"https://news.example.com/story/{n}"
            source_id = stable_id("source", source_url)
            rows["source"].append({"id": source_id, "url": source_url, "kind": "news_article"})
            parts = filler(rng, PAGE_BYTES)
            said = " ".join(sentence(rng) for _ in range(2))
            kind = rng.random()
            relation = "verbatim" if kind < 0.9 else "translation"
            quoted = said
            if kind >= 0.8 and kind < 0.9:
                quoted = said.replace("e", "é", 2)[:-3] + "x."  # a near miss
            parts.insert(rng.randrange(len(parts)), typeset(said))
            page(source_url, " ".join(parts))
            printed = f"\u00ab\u202f{typeset(quoted)}\u202f\u00bb"
            article_parts.insert(rng.randrange(len(article_parts)), printed)
            statement_id = stable_id("statement", n)
            rows["statement"].append(
                {
                    "id": statement_id,
                    "source_id": source_id,
                    "text": said,
                    "said_at": fetched - timedelta(days=20),
                    "said_precision": "day",
                    "fingerprint": hashlib.sha256(str(n).encode()).hexdigest(),
                }
            )
            rows["quotation"].append(
                {
                    "id": stable_id("quotation", n),
                    "article_id": article_id,
                    "statement_id": statement_id,
                    "quoted_text": quoted,
                    "text_hash": hashlib.sha256(quoted.encode()).hexdigest(),
                    "relation": relation,
                }
            )
            n += 1
        page(article_url, " ".join(article_parts))
    database = open_database(db, write=True)
    with database.session() as session:
        for model in (Article, Source, Statement, Quotation, Body, Snapshot):
            session.execute(insert(model), rows[model.__tablename__])
    database.close()
    return len(rows["body"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="database file (default: a temporary one)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quotations", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "verify.db"
        if db.exists():
            print(f"{db} exists: give a new file", file=sys.stderr)
            return 0
        began = time.perf_counter()
        pages = fill(db, args.seed, args.quotations)
        print(f"filled {pages} pages, {args.quotations} quotations in {time.perf_counter() - began:.1f} s")
        database = open_database(db, write=True)
        for run in ("first run", "second run (anchors replaced)"):
            with database.session() as session:
                wall, cpu = time.perf_counter(), time.process_time()
                report = verify(session)
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            done = report["summary"]["quotations"]
            rate = done / wall
            verdict = "PASS" if rate > TARGET else "FAIL"
            print(
                f"{run}: {done} quotations in {wall:.2f} s (CPU {cpu:.2f} s): {rate:.0f} quotations/s, "
                f"target > {TARGET:.0f}/s: {verdict}"
            )
            print(f"  {report['summary']}")
        database.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
