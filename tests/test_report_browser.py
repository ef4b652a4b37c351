"""``prov report`` in a real browser: headless Chromium loads the page from a file and the DOM it
built, a screenshot and a PDF print are checked.

html.parser (tests/test_htmlreport.py) reads the page as the HTML standard says; only a browser
shows that nothing in it runs, that the CSS lays the pair out side by side and that it prints.
Chromium is required, not optional: ``scripts/test`` installs it, and a missing browser fails
here with the command that installs it. What the browser produced is kept under ``artifacts/``
(or ``$PROV_ARTIFACTS``) so a CI run can be looked at afterwards.
"""

from __future__ import annotations

import contextlib
import copy
import os
import re
import shutil
import signal
import struct
import subprocess
import tempfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from provenance import htmlreport
from provenance.api.claims import add_claim
from provenance.api.quotes import add_quote
from provenance.db import open_database
from walkthrough import copy_database

Cli = Callable[..., Result]
ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60
WIDTH, HEIGHT = 1280, 2000
S1 = "https://x.com/DavidSacks/status/0000000000000000001"
S2 = "https://x.com/DavidSacks/status/0000000000000000002"
A1 = "https://web.archive.org/web/20251106170000/" + S1
A2 = "https://web.archive.org/web/20251124180000/" + S2
ARTICLE = "https://example.org/2025/11/usa-decret-plan-de-sauvetage-ia.html"
BAILOUT = "federal-ai-bailout"
TITLE = "prov report: David Sacks"

# Each payload leaves its own mark if it ever runs: the title, the root's id, the body's id.
SCRIPT = "<script>document.title='pwned'</script>"
IMG = "<img src=x onerror=\"document.documentElement.id='pwned-img'\">"
ATTRIBUTE = "\"><script>document.body.id='pwned-attr'</script>"
HOSTILE = f"Nothing to see {SCRIPT} {IMG} {ATTRIBUTE} here"
# A URL may hold quotes and brackets (no spaces): the attribute break has to stay inside href.
HOSTILE_URL = f"https://example.org/said?q={ATTRIBUTE}"

# The badges' background colours (htmlreport._CSS): found in the screenshot, they place each stance.
OPPOSES_FILL = (0xFB, 0xE4, 0xE4)
SUPPORTS_FILL = (0xE3, 0xF5, 0xE6)

# Headless, no sandbox (CI runs as root), a fresh profile, and no way out to the network: every
# host name resolves to nothing, so even a page that tried to fetch could not.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--force-color-profile=srgb",
    f"--window-size={WIDTH},{HEIGHT}",
    "--no-pdf-header-footer",
)


def artifacts() -> Path:
    folder = Path(os.environ.get("PROV_ARTIFACTS") or ROOT / "artifacts") / "report-browser"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def chromium() -> str:
    """The browser's command, or a failed test saying how to install it (CI must not skip this)."""
    names = (
        [os.environ["PROV_CHROMIUM"]] if os.environ.get("PROV_CHROMIUM") else ["chromium", "chromium-browser"]
    )
    found = next((path for name in names if (path := shutil.which(name))), None)
    if not found:
        pytest.fail(
            f"Chromium not found (looked for {', '.join(names)}): install it (Debian: apt-get install -y "
            "--no-install-recommends chromium; scripts/test does) or set PROV_CHROMIUM to the browser's path",
            pytrace=False,
        )
    return found


@dataclass
class Loaded:
    """What Chromium made of one page: the DOM after the load event, a screenshot and a print."""

    dom: str
    png: Path
    pdf: Path


def load(page: Path, out: Path, name: str) -> Loaded:
    """Open ``page`` in headless Chromium; the DOM, screenshot and PDF are written into ``out``."""
    png, pdf = out / f"{name}.png", out / f"{name}.pdf"
    for stale in (png, pdf):
        stale.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="prov-chromium-") as profile:
        command = [
            chromium(),
            *FLAGS,
            f"--user-data-dir={profile}",
            "--dump-dom",
            f"--screenshot={png}",
            f"--print-to-pdf={pdf}",
            page.resolve().as_uri(),
        ]
        # Its own process group: on a timeout the renderer and GPU helpers go with the browser.
        with subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
        ) as browser:
            try:
                dom, errors = browser.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(browser.pid, signal.SIGKILL)
                browser.communicate()
                pytest.fail(f"Chromium did not finish loading {page} within {TIMEOUT} s", pytrace=False)
            finally:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(browser.pid, signal.SIGKILL)
    assert browser.returncode == 0, errors
    assert dom.lstrip().startswith("<!DOCTYPE html>"), errors
    (out / f"{name}.dom.html").write_text(dom, encoding="utf-8")
    return Loaded(dom, png, pdf)


class Dom(HTMLParser):
    """The DOM Chromium dumped: its elements, its text, each class's texts, each table cell's words."""

    VOID = frozenset({"meta", "link", "img", "br", "hr", "input", "source", "wbr", "area", "base", "col"})

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.title = ""
        self.cells: list[Cell] = []
        # The text content of every element having a class, per class, in document order.
        self.by_class: dict[str, list[str]] = {}
        # The open elements, each with where its text content goes in by_class.
        self.stack: list[tuple[str, list[tuple[str, int]]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.elements.append((tag, found))
        if tag == "td":
            self.cells.append(Cell())
        if self.cells and self.inside("td") and "href" in found:
            self.cells[-1].hrefs.append(found["href"] or "")
        if tag in self.VOID:
            return
        slots: list[tuple[str, int]] = []
        for css in (found.get("class") or "").split():
            texts = self.by_class.setdefault(css, [])
            slots.append((css, len(texts)))
            texts.append("")
        self.stack.append((tag, slots))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.inside("title"):
            self.title += data
        if self.cells and self.inside("td"):
            self.cells[-1].text.append(data)
        for _, slots in self.stack:
            for css, index in slots:
                self.by_class[css][index] += data

    def inside(self, tag: str) -> bool:
        return any(name == tag for name, _ in self.stack)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.elements if name == tag]

    def hrefs(self) -> list[str]:
        return [attrs["href"] or "" for _, attrs in self.elements if "href" in attrs]

    def ids(self) -> list[str]:
        return [attrs["id"] or "" for _, attrs in self.elements if "id" in attrs]

    def attribute_names(self) -> set[str]:
        return {name for _, attrs in self.elements for name in attrs}


@dataclass
class Cell:
    text: list[str] = field(default_factory=list)
    hrefs: list[str] = field(default_factory=list)

    def words(self) -> str:
        return "".join(self.text)


@dataclass
class Png:
    width: int
    height: int
    rows: list[bytes]  # RGB, 3 bytes a pixel

    def has_colours(self, count: int) -> bool:
        """Whether at least ``count`` distinct colours are painted (stops as soon as they are)."""
        seen: set[bytes] = set()
        for row in self.rows:
            seen.update(row[x : x + 3] for x in range(0, len(row), 3))
            if len(seen) >= count:
                return True
        return False

    def where(self, rgb: tuple[int, int, int]) -> Iterator[tuple[int, int]]:
        """Every (x, y) painted exactly ``rgb``, top to bottom."""
        wanted = bytes(rgb)
        for y, row in enumerate(self.rows):
            at = row.find(wanted)
            while at != -1:
                if at % 3 == 0:
                    yield at // 3, y
                at = row.find(wanted, at + 1)


def read_png(path: Path) -> Png:
    """An 8-bit RGB(A), non-interlaced PNG as Chromium writes it, decoded with the stdlib (no Pillow)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    at, header, packed = 8, b"", bytearray()
    while at < len(data):
        (size,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + size]
        assert zlib.crc32(kind + body) == struct.unpack(">I", data[at + 8 + size : at + 12 + size])[0]
        header = body if kind == b"IHDR" else header
        packed += body if kind == b"IDAT" else b""
        at += 12 + size
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, interlace) == (8, 0) and colour in (2, 6), f"unexpected PNG format in {path}"
    step = 3 if colour == 2 else 4
    raw, stride, rows = zlib.decompress(bytes(packed)), width * step, []
    previous = bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        row = _unfilter(raw[start], raw[start + 1 : start + 1 + stride], previous, step)
        rows.append(row if step == 3 else bytes(b for i, b in enumerate(row) if i % 4 != 3))
        previous = row
    return Png(width, height, rows)


def _unfilter(kind: int, line: bytes, up: bytes, step: int) -> bytes:
    if kind == 0:
        return line
    if kind == 2:
        return bytes((a + b) & 255 for a, b in zip(line, up, strict=True))
    out = bytearray(line)
    for i in range(len(out)):
        left = out[i - step] if i >= step else 0
        corner = up[i - step] if i >= step else 0
        if kind == 1:
            guess = left
        elif kind == 3:
            guess = (left + up[i]) >> 1
        else:  # Paeth: whichever neighbour is closest to left + up - corner.
            pa, pb, pc = abs(up[i] - corner), abs(left - corner), abs(left + up[i] - 2 * corner)
            guess = left if pa <= pb and pa <= pc else up[i] if pb <= pc else corner
        out[i] = (out[i] + guess) & 255
    return bytes(out)


def check_png(loaded: Loaded) -> Png:
    assert loaded.png.is_file(), "Chromium wrote no screenshot"
    png = read_png(loaded.png)
    assert (png.width, png.height) == (WIDTH, HEIGHT)
    # Not a blank or single-colour page: text, badges and quote boxes give hundreds of colours.
    assert png.has_colours(100)
    white = sum(row.count(b"\xff\xff\xff") for row in png.rows)
    assert white < 0.97 * WIDTH * HEIGHT
    return png


def check_pdf(loaded: Loaded, title: str) -> None:
    data = loaded.pdf.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 10_000
    pages = [int(n) for n in re.findall(rb"/Count (\d+)", data)]
    assert pages and max(pages) >= 1
    assert f"/Title ({title})".encode() in data


def report(cli: Cli, db: Path, out: Path, *args: str) -> Path:
    result = cli("report", "--person", "David Sacks", "--db", str(db), "--out", str(out), *args)
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture
def seed(walked: tuple[Path, str], db_path: Path) -> Path:
    return copy_database(walked[0], db_path)


def test_worked_example_in_chromium(seed: Path, cli: Cli) -> None:
    out = artifacts()
    page = report(cli, seed, out / "worked-example.html")
    loaded = load(page, out, "worked-example")
    dom = Dom(loaded.dom)

    assert dom.title == TITLE
    assert not dom.all("script") and not dom.all("img")
    assert len(dom.by_class["contradiction"]) == 1 and len(dom.all("table")) == 1
    assert dom.by_class["gap"] == ["18 days"]
    earlier, later = dom.cells
    assert [a["datetime"] for a in dom.all("time")][:2] == ["2025-11-06 16:52 UTC", "2025-11-24 17:34 UTC"]
    assert "2025-11-06 16:52 UTC" in earlier.words() and "2025-11-24 17:34 UTC" in later.words()
    assert "Stance: opposes" in earlier.words() and "Stance: supports (interpreted)" in later.words()
    assert "Gary Sacks" in earlier.words()
    assert "David O. Sacks" in later.words()
    assert {S1, A1, ARTICLE} <= set(earlier.hrefs) and {S2, A2, ARTICLE} <= set(later.hrefs)
    assert not {S2, A2} & set(earlier.hrefs)
    assert dom.by_class["stance"][:4] == ["opposes", "opposes", "supports", "supports"]

    png = check_png(loaded)
    # Side by side: the first opposes badge (earlier) and the first supports badge (later) share a
    # row, one in each half of the page.
    opposes, supports = next(png.where(OPPOSES_FILL)), next(png.where(SUPPORTS_FILL))
    assert abs(opposes[1] - supports[1]) <= 2, (opposes, supports)
    row = opposes[1]
    assert all(x < WIDTH // 2 for x, y in png.where(OPPOSES_FILL) if y == row)
    assert all(x > WIDTH // 2 for x, y in png.where(SUPPORTS_FILL) if y == row)
    check_pdf(loaded, TITLE)


def add_hostile_quotes(db: Path) -> None:
    """A post that contradicts S1, and a pair on a claim of its own, every field hostile."""
    with open_database(db, write=True) as database, database.session() as session:
        add_claim(session, "hostile-claim", HOSTILE)
        common: dict[str, Any] = {
            "article_url": "https://example.org/hostile",
            "article_title": HOSTILE,
            "publisher": HOSTILE,
            "person": "David Sacks",
            "attributed_as": HOSTILE,
            "source_url": HOSTILE_URL,
            "source_title": HOSTILE,
            "locator": HOSTILE,
            "reader": HOSTILE,
            "stance_note": HOSTILE,
        }
        add_quote(
            session,
            **common,
            quoted_text=HOSTILE,
            said_at="2025-12-01",
            archive_urls=["https://web.archive.org/web/20251201000000/" + HOSTILE_URL],
            claims=[(BAILOUT, "supports"), ("hostile-claim", "supports")],
        )
        add_quote(
            session,
            **common,
            quoted_text=HOSTILE + " again",
            said_at="2025-12-02",
            claims=[("hostile-claim", "opposes")],
        )


def without_csp(html: str) -> str:
    stripped, count = re.subn(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    assert count == 1
    return stripped


def assert_nothing_ran(dom: Dom) -> None:
    assert dom.title == TITLE
    assert not [i for i in dom.ids() if "pwned" in i]
    assert not dom.all("script") and not dom.all("img")
    assert not {name for name in dom.attribute_names() if name.startswith("on")}


@pytest.mark.parametrize("policy", ["csp", "no-csp"])
def test_hostile_text_stays_text_in_chromium(seed: Path, cli: Cli, tmp_path: Path, policy: str) -> None:
    """Escaping alone must hold: the page is also loaded with its Content-Security-Policy removed."""
    add_hostile_quotes(seed)
    out = artifacts()
    page = report(cli, seed, tmp_path / "report.html")
    if policy == "no-csp":
        page.write_text(without_csp(page.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copyfile(page, out / f"hostile-{policy}.html")
    loaded = load(page, out, f"hostile-{policy}")
    dom = Dom(loaded.dom)

    assert_nothing_ran(dom)
    # Three pairs (S1 against the hostile post, S1 against S2, the hostile claim's), each a table.
    assert len(dom.by_class["contradiction"]) == 3 and len(dom.all("table")) == 3
    assert len(dom.cells) == 6
    text = "".join(dom.text)
    assert text.count(HOSTILE) >= 10
    assert HOSTILE + " again" in dom.by_class["quote"]
    assert HOSTILE_URL in dom.hrefs()
    check_png(loaded)
    check_pdf(loaded, TITLE)


def test_the_payloads_would_run_unescaped(
    seed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control: with escaping turned off and no CSP, the browser runs all three payloads.

    It shows the payloads and the marks the test above looks for are live, so its checks can fail.
    """
    add_hostile_quotes(seed)
    monkeypatch.setattr(htmlreport, "text", lambda value: "" if value is None else str(value))
    with open_database(seed, write=False) as database, database.session() as session:
        html, _ = htmlreport.build(session, "David Sacks")
    page = tmp_path / "unescaped.html"
    page.write_text(without_csp(html), encoding="utf-8")
    dom = Dom(load(page, tmp_path, "unescaped").dom)
    assert dom.title == "pwned"
    assert {"pwned-img", "pwned-attr"} <= set(dom.ids())


# Text a browser's parser keeps as it is: no NUL or CR (the parser rewrites them), no surrogates.
fragments = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
    st.sampled_from(
        [
            SCRIPT,
            IMG,
            ATTRIBUTE,
            "</blockquote>",
            "<!--",
            "-->",
            "&amp;",
            "&#60;",
            "&lt;",
            "<![CDATA[",
            "\n",
            "\t",
        ]
    ),
)


@pytest.fixture(scope="module")
def reports(walked: tuple[Path, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The worked example's timeline and contradictions for David Sacks, as render takes them."""
    from provenance.api.contradictions import contradictions
    from provenance.api.timeline import timeline

    with open_database(walked[0], write=False) as database, database.session() as session:
        return timeline(session, "David Sacks"), contradictions(session, "David Sacks")


# Each example starts a browser: a few examples, and no shrinking (dozens more browsers); a failure
# is reported with the texts as generated.
@settings(max_examples=5, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(st.lists(st.lists(fragments, min_size=1, max_size=6).map("".join), min_size=1, max_size=12))
def test_any_quoted_text_reads_back_from_chromium(
    reports: tuple[dict[str, Any], dict[str, Any]], texts: list[str]
) -> None:
    """Whatever the words, the browser's DOM holds them exactly, each in its own quote box."""
    lines, pairs = copy.deepcopy(reports)
    with tempfile.TemporaryDirectory(prefix="prov-browser-") as folder:
        template = lines["statements"][0]
        lines["statements"] = [
            {
                **template,
                "statement_id": f"s{n}",
                "text": words,
                "stances": template["stances"][:1],
                "quoted_in": [],
                "source": None,
            }
            for n, words in enumerate(texts)
        ]
        pairs["contradictions"] = []
        page = Path(folder) / "page.html"
        page.write_text(htmlreport.render(lines, pairs), encoding="utf-8")
        dom = Dom(load(page, Path(folder), "page").dom)
    assert_nothing_ran(dom)
    assert dom.by_class["quote"] == texts
