"""Fill a prov database with a realistic corpus, the same one for the same seed.

    python bench/fill.py PATH [--seed 7] [--scale 1.0] [--force]

At scale 1: 20,000 speakers (200 of them organisations), 500 claims, 100,000 statements,
150,000 quotations in 40,000 articles, ~80,000 sources with archive copies, stances on most
statements. The schema comes from the real migration (``open_database(write=True)``) and every
row goes through the models' column types, so dates are encoded exactly as the app stores them.
"""

from __future__ import annotations

import argparse
import bisect
import functools
import hashlib
import itertools
import random
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from provenance.api._common import sha256
from provenance.api.quotes import statement_fingerprint
from provenance.dates import Precision, When
from provenance.ids import stable_id
from provenance.names import name_key
from provenance.urls import infer_source_kind, parse_archive_url

Row = dict[str, Any]


def _split(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(sep))


DEFAULT_SEED = 7


@dataclass(frozen=True)
class Sizes:
    people: int = 20_000
    organisations: int = 200
    claims: int = 500
    statements: int = 100_000
    quotations: int = 150_000
    articles: int = 40_000
    news_sources: int = 25_000
    affiliations: int = 1_500

    def scaled(self, factor: float) -> Sizes:
        def n(value: int, floor: int) -> int:
            return max(floor, round(value * factor))

        statements = n(self.statements, 50)
        return Sizes(
            people=n(self.people, 40),
            organisations=n(self.organisations, 5),
            claims=n(self.claims, 10),
            statements=statements,
            # Never fewer quotations than statements: each statement is known through one.
            quotations=max(statements, n(self.quotations, 75)),
            articles=n(self.articles, 20),
            news_sources=n(self.news_sources, 20),
            affiliations=n(self.affiliations, 5),
        )


FIRST = _split(
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard "
    "Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty "
    "Anthony Sandra Mark Margaret Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle "
    "Kenneth Carol Kevin Amanda Brian Melissa George Deborah Timothy Stephanie Ronald Rebecca Edward "
    "Sharon Jason Laura Jeffrey Cynthia Ryan Dorothy Jacob Amy Gary Kathleen Nicholas Angela Eric "
    "Shirley Jonathan Emma Stephen Brenda Larry Pamela Justin Nicole Scott Anna Brandon Samantha "
    "Benjamin Katherine Samuel Christine Gregory Debra Alexander Rachel Patrick Carolyn Frank Janet "
    "Raymond Maria Jack Olivia Dennis Heather Jerry Helen Tyler Catherine Aaron Diane José Zoë François "
    "Élodie Søren Björn Chloé Hélène Jürgen Gaëlle Inès Renée Ángel Lucía Dominique Mathéo Noémie Aurélien"
)
LAST = _split(
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez "
    "Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark "
    "Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams "
    "Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker "
    "Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper "
    "Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James "
    "Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster "
    "Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Fisher "
    "Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno "
    "West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro "
    "Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen "
    "Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva "
    "Shaw Snyder Mason Dixon Muñoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone "
    "Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver "
    "Dubois Lefèvre Moreau Girard Müller Schäfer Østergaard Nuñez Peña Marcus Sacks Berezin Lévy Faure"
)
ORG_HEADS = _split(
    "The White House|Ministry of Digital Affairs|Department of Commerce|European Commission|"
    "Federal Reserve|Treasury Department|Senate Committee on Commerce|National AI Office|"
    "Wall Street Journal|Daily Ledger|Northwind|Contoso|Initech|Globex|Umbrella|Hooli|Aperture|"
    "Cyberdyne|Tyrell|Wayne|Stark|Vandelay|Acme|Soylent|Massive Dynamic|Oscorp|Gringotts|Monarch|"
    "Pied Piper|Dunder Mifflin",
    "|",
)
ORG_TAILS = _split(
    "| AI| Labs| Capital| Foundation| Institute| Group| Partners| Research| Systems| Holdings| Press",
    "|",
)
ROLES = (
    "adviser",
    "spokesperson",
    "chief executive",
    "AI and crypto czar",
    "board member",
    "chief scientist",
    "press secretary",
    "senior fellow",
    "general counsel",
    None,
)

TOPICS = _split(
    "AI companies|chip exports|open-weight models|data centres|crypto markets|stablecoins|"
    "social media platforms|election security|carbon taxes|nuclear power|student loans|tariffs on steel|"
    "the federal deficit|interest rates|remote work|antitrust enforcement|copyright for training data|"
    "self-driving cars|drone deliveries|gene editing|vaccine mandates|rent control|the minimum wage|"
    "immigration quotas|defence spending|space launches|rare earth mining|broadband subsidies|"
    "facial recognition|encryption backdoors|gig workers|bank bailouts|high-speed rail|wind farms|"
    "short selling|central bank digital currencies|semiconductor fabs|app store fees|content moderation|"
    "age verification online",
    "|",
)
VERBS = _split(
    "The government should rescue|Regulators should ban|Congress should subsidise|The state should tax|"
    "Courts should break up|Europe should copy the US on|Investors should avoid|The public should fund|"
    "Lawmakers should protect|Agencies should license|Cities should restrict|Nobody should bail out|"
    "Schools should teach about|The central bank should ignore|Employers should be liable for",
    "|",
)
FACTS = _split(
    "{topic} grew faster than forecast|{topic} cost more than promised|{topic} are a bubble|"
    "{topic} caused the last downturn|{topic} create more jobs than they destroy",
    "|",
)
OPENERS_EN = _split(
    "Let me be clear:|I have always said that|We will not accept that|Frankly,|Nobody believes that|"
    "The truth is that|I never said that|Make no mistake:|It is obvious that|We were wrong to think that|"
    "Today I can confirm that|As I told the committee,|Contrary to reports,",
    "|",
)
OPENERS_FR = _split(
    "Soyons clairs :|J'ai toujours dit que|Nous n'accepterons pas que|Franchement,|La vérité, c'est que|"
    "Je n'ai jamais dit que|Il est évident que|",
    "|",
)
FILLER_EN = _split(
    "and that is why we acted quickly because the markets needed certainty while families deserve "
    "better than slogans so we will keep working with partners on a plan that actually delivers for "
    "workers and taxpayers instead of lobbyists who want another handout from Washington this year "
    "next year or ever again nobody voted for that and the numbers simply do not add up anyway"
)
FILLER_FR = _split(
    "et c'est pourquoi nous avons agi vite car les marchés avaient besoin de certitude pendant que les "
    "familles méritent mieux que des slogans donc nous continuerons avec nos partenaires sur un plan "
    "qui profite vraiment aux salariés et aux contribuables plutôt qu'aux lobbyistes cette année"
)
FILLER_DE = _split(
    "und deshalb haben wir schnell gehandelt weil die Märkte Gewissheit brauchten während Familien "
    "mehr verdienen als Parolen also arbeiten wir weiter mit Partnern an einem Plan für Steuerzahler"
)
NEWS_HOSTS = _split(
    "wsj.com nytimes.com washingtonpost.com ft.com bloomberg.com reuters.com apnews.com "
    "theguardian.com lemonde.fr lefigaro.fr liberation.fr bbc.co.uk cnn.com politico.com axios.com "
    "economist.com nbcnews.com"
)
PUBLISHERS = {
    "wsj.com": "The Wall Street Journal",
    "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post",
    "ft.com": "Financial Times",
    "bloomberg.com": "Bloomberg",
    "reuters.com": "Reuters",
    "apnews.com": "AP News",
    "theguardian.com": "The Guardian",
    "lemonde.fr": "Le Monde",
    "lefigaro.fr": "Le Figaro",
    "liberation.fr": "Libération",
    "bbc.co.uk": "BBC",
    "cnn.com": "CNN",
    "politico.com": "Politico",
    "axios.com": "Axios",
    "economist.com": "The Economist",
    "nbcnews.com": "NBC News",
}
SECTIONS = ("politics", "business", "tech", "world", "economy", "opinion", "markets")
READERS = ("unnamed reader", "A. Researcher", "B. Factchecker", "C. Student", "D. Editor")
NOTES = (
    "the article's reading, not the speaker's words",
    "sarcasm? read in context of the thread",
    "partial quote; full transcript not found",
    "stance inferred from a reply",
)
# Rough shares seen in hand-made records: posts are timed to the second, articles to the day.
PRECISION_WEIGHTS = (
    (Precision.SECOND, 35),
    (Precision.MINUTE, 25),
    (Precision.DAY, 30),
    (Precision.MONTH, 7),
    (Precision.YEAR, 3),
)
_PRECISIONS = [p for p, _ in PRECISION_WEIGHTS]
_PRECISION_CUM = list(itertools.accumulate(w for _, w in PRECISION_WEIGHTS))
START = datetime(2016, 1, 1, tzinfo=UTC)
SPAN_SECONDS = int((datetime(2025, 11, 30, tzinfo=UTC) - START).total_seconds())
TWITTER_EPOCH_MS = 1288834974657


class Corpus:
    """Every table's rows, generated in one deterministic pass over a seeded RNG."""

    def __init__(self, sizes: Sizes, seed: int) -> None:
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.tables: dict[str, list[Row]] = {
            name: []
            for name in (
                "person",
                "alias",
                "affiliation",
                "claim",
                "article",
                "source",
                "archive_copy",
                "statement",
                "quotation",
                "stance",
            )
        }
        self._taken_names: set[str] = set()
        self._source_ids: dict[str, str] = {}
        self._status_serial = 0

    # -- helpers -----------------------------------------------------------------------------

    def _moment(self) -> datetime:
        return START + timedelta(seconds=self.rng.randrange(SPAN_SECONDS))

    def _when(self, at: datetime | None = None) -> When:
        precision = self.rng.choices(_PRECISIONS, cum_weights=_PRECISION_CUM)[0]
        return When(at or self._moment(), precision)

    def _words(self, vocabulary: Sequence[str], low: int, high: int) -> str:
        count = self.rng.randint(low, high)
        start = self.rng.randrange(len(vocabulary))
        words = [vocabulary[(start + i) % len(vocabulary)] for i in range(count)]
        # A few swapped words keep texts from repeating while staying sentence-like.
        for _ in range(2):
            i, j = self.rng.randrange(count), self.rng.randrange(count)
            words[i], words[j] = words[j], words[i]
        return " ".join(words)

    def _unique_name(self, make: Callable[[], str]) -> str:
        while True:
            name = make()
            key = name_key(name)
            if key not in self._taken_names:
                self._taken_names.add(key)
                return name

    # -- people, claims ----------------------------------------------------------------------

    def people(self) -> None:
        rng = self.rng

        def person_name() -> str:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            if rng.random() < 0.5:
                return f"{first} {chr(rng.randrange(65, 91))}. {last}"
            return f"{first} {last}"

        def org_name() -> str:
            name = rng.choice(ORG_HEADS) + rng.choice(ORG_TAILS)
            return name if name_key(name) not in self._taken_names else f"{name} {rng.randrange(2, 99)}"

        self.person_ids: list[str] = []
        self.person_names: list[str] = []
        self.handles: list[str] = []
        self.alias_names: list[str | None] = []
        handles_taken: set[str] = set()
        orgs = self.sizes.organisations
        for index in range(self.sizes.people):
            is_org = index < orgs
            name = self._unique_name(org_name if is_org else person_name)
            key = name_key(name)
            pid = stable_id("person", key)
            self.tables["person"].append(
                {
                    "id": pid,
                    "name": name,
                    "name_key": key,
                    "kind": "organisation" if is_org else "person",
                    "description": rng.choice(("US senator", "economist", "founder", "journalist", None))
                    if not is_org and rng.random() < 0.3
                    else None,
                    "wikidata_id": f"Q{rng.randrange(1000, 99_999_999)}" if rng.random() < 0.2 else None,
                }
            )
            handle = "@" + "".join(ch for ch in key.title().replace(".", "") if ch.isalnum() and ch.isascii())
            while name_key(handle) in handles_taken:
                handle += str(rng.randrange(10))
            handles_taken.add(name_key(handle))
            alias_name: str | None = None
            if rng.random() < 0.3:
                self._alias(pid, handle)
                alias_name = handle
            if not is_org and rng.random() < 0.08:
                # Another spelling of the first name, as articles sometimes print it ("Gary Sacks").
                variant = self._unique_name(functools.partial(self._respelled, name.split()[-1]))
                self._alias(pid, variant)
                alias_name = alias_name or variant
            self.person_ids.append(pid)
            self.person_names.append(name)
            self.handles.append(handle)
            self.alias_names.append(alias_name)

        # A few very prolific speakers, many who said one or two things: a heavy tail, capped so
        # the most quoted speaker holds a few hundred statements, not a tenth of the corpus.
        self.speaker_weights = [min(rng.paretovariate(1.3), 120.0) for _ in self.person_ids]

    def _respelled(self, last: str) -> str:
        return f"{self.rng.choice(FIRST)} {last}"

    def _alias(self, person_id: str, alias: str) -> None:
        key = name_key(alias)
        self.tables["alias"].append(
            {
                "id": stable_id("alias", person_id, key),
                "person_id": person_id,
                "alias": alias,
                "alias_key": key,
            }
        )

    def affiliations(self) -> None:
        rng = self.rng
        orgs = self.sizes.organisations
        members = rng.sample(
            range(orgs, self.sizes.people), min(self.sizes.affiliations, self.sizes.people - orgs)
        )
        for member in members:
            organisation = rng.randrange(orgs)
            role = rng.choice(ROLES)
            start = When(self._moment(), rng.choice((Precision.MONTH, Precision.DAY)))
            end = (
                When(start.at + timedelta(days=rng.randint(120, 1500)), Precision.MONTH)
                if rng.random() < 0.5
                else None
            )
            person_id, org_id = self.person_ids[member], self.person_ids[organisation]
            self.tables["affiliation"].append(
                {
                    "id": stable_id("affiliation", person_id, org_id, role, start.isoformat()),
                    "person_id": person_id,
                    "organisation_id": org_id,
                    "role": role,
                    "start_at": start.at,
                    "start_precision": start.precision.value,
                    "end_at": end.at if end else None,
                    "end_precision": end.precision.value if end else None,
                }
            )

    def claims(self) -> None:
        rng = self.rng
        self.claim_ids: list[str] = []
        self.claim_phrases: list[str] = []
        seen: set[str] = set()
        while len(self.claim_ids) < self.sizes.claims:
            topic = rng.choice(TOPICS)
            factual = rng.random() < 0.2
            text = rng.choice(FACTS).format(topic=topic) if factual else f"{rng.choice(VERBS)} {topic}"
            text = text[0].upper() + text[1:]
            words = [
                w for w in "".join(c if c.isalnum() else " " for c in text.lower()).split() if len(w) > 2
            ]
            slug = "-".join(words[-4:])
            if slug in seen:
                slug = f"{slug}-{len(seen)}"
            seen.add(slug)
            cid = stable_id("claim", slug)
            self.tables["claim"].append(
                {"id": cid, "slug": slug, "text": text, "kind": "factual" if factual else "position"}
            )
            self.claim_ids.append(cid)
            self.claim_phrases.append(text[0].lower() + text[1:])
        # A few claims carry most of the debate.
        self.claim_cum = list(
            itertools.accumulate(1.0 / (rank + 1) ** 0.8 for rank in range(len(self.claim_ids)))
        )

    # -- where things were said and printed --------------------------------------------------

    def articles(self) -> None:
        rng = self.rng
        dated = sorted((self._moment(), i) for i in range(self.sizes.articles))
        self.article_dates = [at for at, _ in dated]
        self.article_ids: list[str] = []
        self.article_langs: list[str] = []
        self.article_urls: list[str] = []
        for at, serial in dated:
            host = rng.choice(NEWS_HOSTS)
            lang = "fr" if host.endswith(".fr") else "en"
            url = f"https://www.{host}/{rng.choice(SECTIONS)}/{at:%Y/%m/%d}/{self._slug()}-{serial}"
            aid = stable_id("article", url)
            self.tables["article"].append(
                {
                    "id": aid,
                    "url": url,
                    "title": self._words(FILLER_FR if lang == "fr" else FILLER_EN, 6, 12).capitalize(),
                    "publisher": PUBLISHERS[host],
                    "language": lang,
                    "published_at": at,
                    "published_precision": rng.choice(("day", "minute", "minute")),
                }
            )
            self.article_ids.append(aid)
            self.article_langs.append(lang)
            self.article_urls.append(url)

    def _slug(self) -> str:
        return "-".join(self.rng.sample(FILLER_EN, 4))

    def _source(self, url: str, *, title: str | None, publisher: str | None, lang: str, when: When) -> str:
        sid = self._source_ids.get(url)
        if sid is not None:
            return sid
        sid = stable_id("source", url)
        self._source_ids[url] = sid
        self.tables["source"].append(
            {
                "id": sid,
                "url": url,
                "kind": infer_source_kind(url).value,
                "title": title,
                "publisher": publisher,
                "language": lang,
                "published_at": when.at,
                "published_precision": when.precision.value,
            }
        )
        rng = self.rng
        if rng.random() < 0.3:
            self._archive(sid, f"https://web.archive.org/web/{self._capture(when):%Y%m%d%H%M%S}/{url}")
        if rng.random() < 0.05:
            self._archive(sid, f"https://archive.ph/{self._capture(when):%Y.%m.%d-%H%M%S}/{url}")
        return sid

    def _capture(self, when: When) -> datetime:
        return when.at + timedelta(seconds=self.rng.randrange(60, 90 * 86400))

    def _archive(self, source_id: str, url: str) -> None:
        info = parse_archive_url(url)
        self.tables["archive_copy"].append(
            {
                "id": stable_id("archive", url),
                "source_id": source_id,
                "url": url,
                "service": info.service,
                "captured_at": info.captured_at,
            }
        )

    def news_pool(self) -> None:
        rng = self.rng
        self.news: list[tuple[str, str, str, str]] = []
        for serial in range(self.sizes.news_sources):
            if rng.random() < 0.1:
                # An interview printed in an article: the article is the statement's source too.
                pick = rng.randrange(len(self.article_urls))
                row = self.tables["article"][pick]
                self.news.append((self.article_urls[pick], row["title"], row["publisher"], row["language"]))
                continue
            host = rng.choice(NEWS_HOSTS)
            url = f"https://www.{host}/{rng.choice(SECTIONS)}/{self._slug()}-n{serial}"
            lang = "fr" if host.endswith(".fr") else "en"
            self.news.append((url, self._words(FILLER_EN, 5, 10).capitalize(), PUBLISHERS[host], lang))

    # -- statements, quotations, stances -----------------------------------------------------

    def statements(self) -> None:
        rng = self.rng
        sizes = self.sizes
        speakers = rng.choices(range(sizes.people), weights=self.speaker_weights, k=sizes.statements)
        leanings: dict[tuple[int, int], float] = {}
        topics: dict[int, list[int]] = {}
        fingerprints: set[str] = set()
        self.statement_rows: list[tuple[str, When, int | None, str, str]] = []
        for serial in range(sizes.statements):
            speaker: int | None = speakers[serial] if rng.random() >= 0.04 else None
            speaker_id = self.person_ids[speaker] if speaker is not None else None
            when = self._when()
            lang = rng.choices(("en", "fr", "de"), cum_weights=(80, 92, 100))[0]
            if speaker is None:
                claim_picks = rng.choices(range(len(self.claim_ids)), cum_weights=self.claim_cum, k=2)
            else:
                mine = topics.get(speaker)
                if mine is None:
                    # Each speaker talks about a handful of claims, so their statements cluster.
                    count = rng.choice((1, 2, 2, 3, 3, 4))
                    mine = rng.choices(range(len(self.claim_ids)), cum_weights=self.claim_cum, k=count)
                    topics[speaker] = mine
                claim_picks = [rng.choice(mine), rng.choice(mine)]
            main_claim = claim_picks[0]
            opener = rng.choice(OPENERS_FR if lang == "fr" else OPENERS_EN)
            filler = self._words({"fr": FILLER_FR, "de": FILLER_DE}.get(lang, FILLER_EN), 8, 28)
            words = f"{opener} {self.claim_phrases[main_claim].lower()} {filler}."
            original: str | None = words if rng.random() >= 0.03 else None

            roll = rng.random()
            handle = self.handles[speaker] if speaker is not None else f"@anon{rng.randrange(10**6)}"
            title = None if original is None else original[:80]
            locator: str | None = None
            source_id: str | None = None
            if roll < 0.45:
                moment_ms = int(when.at.timestamp() * 1000) - TWITTER_EPOCH_MS
                self._status_serial += 1
                status = (max(moment_ms, 0) << 22) + self._status_serial
                url = f"https://x.com/{handle[1:]}/status/{status}"
                source_id = self._source(url, title=title, publisher=None, lang=lang, when=when)
                locator = f"status/{status}"
            elif roll < 0.82:
                url, news_title, publisher, news_lang = rng.choice(self.news)
                source_id = self._source(
                    url, title=news_title, publisher=publisher, lang=news_lang, when=when
                )
                locator = f"paragraph {rng.randint(1, 30)}" if rng.random() < 0.5 else None
            elif roll < 0.9:
                kind = rng.choice(
                    (
                        "https://www.whitehouse.gov/briefing-room/speeches-remarks/{d}/remarks-{n}/",
                        "https://{h}.substack.com/p/{s}-{n}",
                        "https://www.youtube.com/watch?v=interview{n}",
                        "https://www.whitehouse.gov/presidential-actions/{d}/executive-order-{n}/",
                    )
                )
                url = kind.format(
                    d=f"{when.at:%Y/%m}", n=serial, h=handle[1:].lower()[:30] or "blog", s=self._slug()
                )
                source_id = self._source(url, title=title, publisher=None, lang=lang, when=when)
            # else: no known source, only the articles that quote it

            first_quote = original if original is not None else self._words(FILLER_EN, 10, 25)
            fingerprint = statement_fingerprint(speaker_id, source_id, when, locator, original, first_quote)
            if fingerprint in fingerprints:
                continue
            fingerprints.add(fingerprint)
            sid = stable_id("statement", fingerprint)
            self.tables["statement"].append(
                {
                    "id": sid,
                    "speaker_id": speaker_id,
                    "source_id": source_id,
                    "text": original,
                    "language": lang,
                    "said_at": when.at,
                    "said_precision": when.precision.value,
                    "locator": locator,
                    "fingerprint": fingerprint,
                }
            )
            self.statement_rows.append((sid, when, speaker, lang, first_quote))
            self._stances(sid, when, speaker, claim_picks, leanings)
        # A duplicate fingerprint is astronomically unlikely; refill rather than fall short.
        if len(self.statement_rows) < sizes.statements:
            raise RuntimeError("duplicate statements generated; change the seed")

    def _stances(
        self,
        statement_id: str,
        when: When,
        speaker: int | None,
        claim_picks: list[int],
        leanings: dict[tuple[int, int], float],
    ) -> None:
        rng = self.rng
        if rng.random() >= (0.87 if speaker is not None else 0.5):
            return
        picks = claim_picks[:1] if rng.random() >= 0.12 or claim_picks[0] == claim_picks[1] else claim_picks
        for claim in picks:
            key = (speaker if speaker is not None else -1, claim)
            lean = leanings.get(key)
            if lean is None:
                # Most speakers lean one way; a few are torn, and those flip.
                lean = leanings[key] = rng.betavariate(0.5, 0.5)
            roll = rng.random()
            stance = "neutral" if roll < 0.15 else "supports" if rng.random() < lean else "opposes"
            reader = rng.choices(READERS, cum_weights=(50, 70, 85, 95, 100))[0]
            claim_id = self.claim_ids[claim]
            self.tables["stance"].append(
                {
                    "id": stable_id("stance", statement_id, claim_id, reader),
                    "statement_id": statement_id,
                    "claim_id": claim_id,
                    "stance": stance,
                    "basis": "stated" if rng.random() < 0.75 else "interpreted",
                    "reader": reader,
                    "note": rng.choice(NOTES) if rng.random() < 0.1 else None,
                    "recorded_at": when.at
                    + timedelta(days=rng.randint(1, 400), seconds=rng.randrange(86400)),
                }
            )

    def quotations(self) -> None:
        rng = self.rng
        count = len(self.statement_rows)
        extra = self.sizes.quotations - count
        quotes_of = [1] * count
        for index in rng.choices(range(count), k=extra):
            quotes_of[index] += 1
        news_ids = [self._source_ids[url] for url, *_ in self.news if url in self._source_ids]
        articles = len(self.article_ids)
        for (sid, when, speaker, lang, first_quote), n in zip(self.statement_rows, quotes_of, strict=True):
            # Articles that quote a statement appear in the weeks after it was made.
            low = bisect.bisect_left(self.article_dates, when.at)
            high = bisect.bisect_left(self.article_dates, when.at + timedelta(days=60), lo=low)
            if high - low < n:
                low, high = max(0, min(low, articles - n * 4)), articles
            chosen = rng.sample(range(low, high), n)
            for position, article in enumerate(chosen):
                printed, quoted_lang, relation = self._printed(first_quote, lang, position, article)
                text_hash = sha256(printed)
                article_id = self.article_ids[article]
                self.tables["quotation"].append(
                    {
                        "id": stable_id("quotation", article_id, sid, text_hash),
                        "article_id": article_id,
                        "statement_id": sid,
                        "quoted_text": printed,
                        "text_hash": text_hash,
                        "quoted_lang": quoted_lang,
                        "relation": relation,
                        "attributed_as": self._attributed(speaker),
                        "via_source_id": rng.choice(news_ids) if news_ids and rng.random() < 0.05 else None,
                    }
                )

    def _printed(self, text: str, lang: str, position: int, article: int) -> tuple[str, str, str]:
        rng = self.rng
        article_lang = self.article_langs[article]
        if position == 0 and rng.random() < 0.7:
            return text, lang, "verbatim"
        if article_lang != lang:
            vocabulary = FILLER_FR if article_lang == "fr" else FILLER_EN
            return self._words(vocabulary, 10, 28) + ".", article_lang, "translation"
        words = text.split()
        roll = rng.random()
        if roll < 0.5 and len(words) > 6:
            start = rng.randrange(len(words) // 2)
            return " ".join(words[start : start + rng.randint(5, len(words) - start)]), lang, "partial"
        if roll < 0.8:
            return text, lang, "verbatim"
        rng.shuffle(words)
        return " ".join(words), lang, "paraphrase"

    def _attributed(self, speaker: int | None) -> str | None:
        if speaker is None:
            return None
        roll = self.rng.random()
        alias = self.alias_names[speaker]
        if roll < 0.15 and alias is not None:
            return alias
        if roll < 0.9:
            return self.person_names[speaker]
        return None

    def build(self) -> dict[str, list[Row]]:
        self.people()
        self.affiliations()
        self.claims()
        self.articles()
        self.news_pool()
        self.statements()
        self.quotations()
        return self.tables


def digest(tables: dict[str, list[Row]]) -> str:
    """A short hash of every generated row: equal for equal seeds and sizes."""
    h = hashlib.sha256()
    for name, rows in tables.items():
        h.update(name.encode())
        for row in rows:
            h.update(repr(tuple(row.values())).encode())
    return h.hexdigest()[:16]


def write(path: Path, tables: dict[str, list[Row]], chunk: int = 20_000) -> None:
    """Insert every table in one transaction through the models' Core tables."""
    from sqlalchemy import insert, text

    from provenance.db import open_database
    from provenance.models import Base

    database = open_database(path, write=True)
    try:
        with database.engine.begin() as conn:
            # Random uuid keys touch pages all over each index: a large cache keeps them in memory.
            conn.execute(text("PRAGMA cache_size=-400000"))
            for name, rows in tables.items():
                table = Base.metadata.tables[name]
                for start in range(0, len(rows), chunk):
                    conn.execute(insert(table), rows[start : start + chunk])
        with database.engine.connect() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    finally:
        database.close()


def counts(path: Path) -> dict[str, int]:
    import sqlite3

    with sqlite3.connect(path) as conn:
        return {
            name: conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            for name in (
                "person",
                "alias",
                "affiliation",
                "claim",
                "source",
                "archive_copy",
                "article",
                "statement",
                "quotation",
                "stance",
            )
        }


def fill(path: Path, *, seed: int = DEFAULT_SEED, scale: float = 1.0, log: bool = True) -> dict[str, int]:
    """Create ``path`` (which must not exist) and fill it; returns the row counts."""
    if path.exists():
        raise FileExistsError(f"{path} exists; remove it or pass --force")
    started = time.perf_counter()
    tables = Corpus(Sizes().scaled(scale), seed).build()
    generated = time.perf_counter()
    write(path, tables)
    written = time.perf_counter()
    found = counts(path)
    if log:
        summary = ", ".join(f"{n} {name}" for name, n in found.items())
        print(f"filled {path}: {summary}", file=sys.stderr)
        print(
            f"  generated in {generated - started:.1f} s, written in {written - generated:.1f} s, "
            f"{path.stat().st_size / 1e6:.1f} MB, digest {digest(tables)} (seed {seed}, scale {scale})",
            file=sys.stderr,
        )
    return found


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("path", type=Path, help="database file to create")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 100,000 statements")
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.force:
        _remove(args.path)
    fill(args.path, seed=args.seed, scale=args.scale)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
