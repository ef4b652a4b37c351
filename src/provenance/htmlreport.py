"""A person's timeline and contradictions as one self-contained HTML page.

The page is built from the API's report dicts by plain string building: every recorded text goes
through ``html.escape(..., quote=True)``, so a quote holding ``<script>`` or ``" onmouseover="``
shows as those characters and can add no element or attribute. A URL becomes an ``href`` only if
``urls.check_url`` accepts it (http or https), so no ``javascript:`` link can be written even if
one were ever stored. The page loads nothing: the CSS is inline and there is no script.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from provenance.errors import InvalidURL
from provenance.files import check_target, write_atomically
from provenance.urls import check_url

STANCES = ("supports", "opposes", "neutral")

# Colours are paired with the stance word everywhere, so the page reads in greyscale too.
_CSS = """
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, sans-serif; color: #1b1b1b; background: #fff; margin: 2rem auto;
  max-width: 70rem; padding: 0 1rem; }
h1 { margin-bottom: .2rem; }
.muted { color: #555; }
blockquote { margin: .4rem 0; padding: .3rem .8rem; border-left: 3px solid #bbb; background: #f6f6f6;
  white-space: pre-wrap; }
.stance { font-weight: 600; padding: 0 .35rem; border-radius: 3px; border: 1px solid; }
.stance-supports { color: #0b5d1e; background: #e3f5e6; border-color: #0b5d1e; }
.stance-opposes { color: #8a1111; background: #fbe4e4; border-color: #8a1111; }
.stance-neutral { color: #444; background: #eee; border-color: #777; }
.interpreted { font-style: italic; }
ol.timeline { list-style: none; padding-left: 0; }
ol.timeline > li { border-left: 6px solid #bbb; padding: .3rem .8rem; margin: .6rem 0; }
ol.timeline > li.stance-supports { border-left-color: #1e8c3a; background: none; color: inherit; }
ol.timeline > li.stance-opposes { border-left-color: #c62828; background: none; color: inherit; }
ol.timeline > li.stance-neutral { border-left-color: #888; background: none; color: inherit; }
table.pair { width: 100%; border-collapse: collapse; table-layout: fixed; margin: .6rem 0 1.5rem; }
table.pair th, table.pair td { border: 1px solid #ccc; padding: .5rem; vertical-align: top;
  text-align: left; overflow-wrap: anywhere; }
a { color: #0645ad; overflow-wrap: anywhere; }
ul.links { padding-left: 1.2rem; margin: .3rem 0; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  * { background: #fff !important; color: #000 !important; box-shadow: none !important; }
  .stance { border-width: 2px; }
  a[href]:not(.bare)::after { content: " <" attr(href) ">"; font-size: 90%; }
  section.contradiction, ol.timeline > li { break-inside: avoid; }
}
"""


def text(value: object) -> str:
    """Any recorded value as HTML text, quotes included, so it is safe in content and attributes."""
    return escape("" if value is None else str(value), quote=True)


def link(url: str | None, label: str | None = None) -> str:
    """A link if the URL is http(s); otherwise the address as plain text, never an ``href``."""
    if not url:
        return ""
    try:
        safe = check_url(url)
    except InvalidURL:
        return f'<span class="url">{text(url)}</span>'
    if label is None:
        return f'<a class="bare" href="{text(safe)}">{text(safe)}</a>'
    return f'<a href="{text(safe)}">{text(label)}</a>'


def stance_badge(stance: str, interpreted: bool) -> str:
    css = stance if stance in STANCES else "neutral"
    mark = ' <span class="interpreted">(interpreted)</span>' if interpreted else ""
    return f'<span class="stance stance-{css}">{text(stance)}</span>{mark}'


def _dated(said: str | None, precision: str | None) -> str:
    if said is None:
        return '<span class="muted">undated</span>'
    shown = f' <span class="muted">(precision: {text(precision)})</span>' if precision else ""
    return f'<time datetime="{text(said)}">{text(said)}</time>{shown}'


def _published(article: dict[str, Any]) -> str:
    published, precision = article.get("published"), article.get("published_precision")
    if not published:
        return ""
    width = {"year": 4, "month": 7, "day": 10}.get(precision or "", 16)
    return f", {text(published[:width])}"


def _words(details: dict[str, Any]) -> str:
    lang = f' lang="{text(details["language"])}"' if details.get("language") else ""
    quote = f'<blockquote class="quote"{lang}>{text(details.get("text") or "")}</blockquote>'
    if details.get("original_known", True):
        return f'<p class="muted">Original:</p>{quote}'
    return f'{quote}<p class="muted original-missing">As quoted: original not recorded.</p>'


def _provenance(details: dict[str, Any]) -> str:
    """Source, archive copies and the articles that quoted the statement, with the names as written."""
    parts: list[str] = []
    source = details.get("source")
    if source:
        title = f" ({text(source['title'])})" if source.get("title") else ""
        kind = f' <span class="muted">[{text(source["kind"])}]</span>' if source.get("kind") else ""
        parts.append(f"<p>Source: {link(source['url'])}{title}{kind}</p>")
    else:
        parts.append('<p class="muted">Source: none recorded</p>')
    if details.get("locator"):
        parts.append(f'<p class="muted">Locator: {text(details["locator"])}</p>')
    archives = details.get("archive_urls") or []
    if archives:
        items = "".join(f"<li>{link(url)}</li>" for url in archives)
        parts.append(f'<p>Archived copies:</p><ul class="links archives">{items}</ul>')
    quotes = details.get("quoted_in") or []
    if quotes:
        items = "".join(_quoted(q) for q in quotes)
        parts.append(f'<p>Quoted in:</p><ul class="links articles">{items}</ul>')
    return "".join(parts)


def _quoted(quote: dict[str, Any]) -> str:
    article = quote["article"]
    label = article.get("title") or article["url"]
    publisher = f", {text(article['publisher'])}" if article.get("publisher") else ""
    written = (
        f' as <q class="attributed">{text(quote["attributed_as"])}</q>' if quote.get("attributed_as") else ""
    )
    via = f", via {link(quote['via'])}" if quote.get("via") else ""
    relation = f' <span class="muted">({text(quote["relation"])})</span>' if quote.get("relation") else ""
    lang = f' lang="{text(quote["quoted_lang"])}"' if quote.get("quoted_lang") else ""
    printed = f'<blockquote class="printed"{lang}>{text(quote.get("quoted_text") or "")}</blockquote>'
    return (
        f"<li>{link(article['url'], label)}{publisher}{_published(article)}{written}{via}{relation}"
        f"{printed}</li>"
    )


def _gap(item: dict[str, Any]) -> str:
    days = item.get("days_apart")
    gap = "undated" if days is None else f"{days} day" + ("" if days == 1 else "s")
    return f"{gap} (unordered: the dates overlap or one is missing)" if item.get("unordered") else gap


def _pair_side(side: dict[str, Any]) -> str:
    interpreted = {r["basis"] for r in side.get("readings", []) if r["stance"] == side["stance"]} == {
        "interpreted"
    }
    readings = "".join(
        f"<li>read {stance_badge(r['stance'], r['basis'] == 'interpreted')} by {text(r['reader'])}"
        + (f": {text(r['note'])}" if r.get("note") else "")
        + "</li>"
        for r in side.get("readings", [])
    )
    via = side.get("via_affiliation")
    said_by = ""
    if via:
        role = f", {text(via['role'])}" if via.get("role") else ""
        said_by = f"<p>Said by: {text(via['organisation']['name'])}{role}</p>"
    return (
        f'<p class="date">{_dated(side.get("said"), side.get("precision"))}</p>'
        f"<p>Stance: {stance_badge(side['stance'], interpreted)}</p>"
        f'<ul class="readings">{readings}</ul>{said_by}{_words(side)}{_provenance(side)}'
    )


def _contradiction(number: int, item: dict[str, Any]) -> str:
    claim = item["claim"]
    return (
        f'<section class="contradiction"><h3>{number}. {text(claim["slug"])}: {text(claim["text"])}</h3>'
        f'<p>Kind: {text(item["kind"])} &middot; Gap: <span class="gap">{text(_gap(item))}</span></p>'
        '<table class="pair"><thead><tr><th scope="col">Earlier</th><th scope="col">Later</th></tr></thead>'
        f"<tbody><tr><td>{_pair_side(item['earlier'])}</td><td>{_pair_side(item['later'])}</td></tr></tbody>"
        "</table></section>"
    )


def _entry(statement: dict[str, Any], readings: list[dict[str, Any]]) -> str:
    stances = {r["stance"] for r in readings}
    # One colour only when the readers agree; a disputed statement keeps the neutral bar.
    css = f" stance-{next(iter(stances))}" if len(stances) == 1 and stances <= set(STANCES) else ""
    badges = (
        ", ".join(
            f"{stance_badge(r['stance'], r['basis'] == 'interpreted')} ({text(r['reader'])})"
            + (f": {text(r['note'])}" if r.get("note") else "")
            for r in readings
        )
        or '<span class="muted">not read on any claim</span>'
    )
    return (
        f'<li class="entry{css}" data-statement="{text(statement["statement_id"])}">'
        f'<p class="date">{_dated(statement.get("said"), statement.get("precision"))}</p>'
        f"<p>{badges}</p>{_words(statement)}{_provenance(statement)}</li>"
    )


def _timeline(report: dict[str, Any]) -> str:
    """The statements grouped by claim, each group in time order (the API's order)."""
    groups: dict[str | None, list[str]] = {}
    for statement in report["statements"]:
        by_claim: dict[str, list[dict[str, Any]]] = {}
        for reading in statement["stances"]:
            by_claim.setdefault(reading["claim"], []).append(reading)
        if not by_claim:
            groups.setdefault(None, []).append(_entry(statement, []))
        for slug, readings in by_claim.items():
            groups.setdefault(slug, []).append(_entry(statement, readings))
    if not groups:
        return '<p class="muted">No statements recorded.</p>'
    parts: list[str] = []
    for group in sorted(groups, key=lambda g: (g is None, g or "")):
        heading = text(group) if group is not None else "Not read on any claim"
        entries = "".join(groups[group])
        parts.append(
            f'<section class="claim-timeline"><h3>{heading}</h3><ol class="timeline">{entries}</ol></section>'
        )
    return "".join(parts)


def render(timeline: dict[str, Any], contradictions: dict[str, Any]) -> str:
    """The page for one person from ``api.timeline.timeline`` and ``api.contradictions.contradictions``."""
    name = text(timeline["person"]["name"])
    claim = timeline.get("claim")
    scope = f" on {text(claim)}" if claim else ""
    pairs = contradictions["contradictions"]
    count = len(timeline["statements"])
    summary = (
        f"{count} statement{'' if count == 1 else 's'}{scope}, "
        f"{len(pairs)} contradiction{'' if len(pairs) == 1 else 's'}."
    )
    body = (
        "".join(_contradiction(n, item) for n, item in enumerate(pairs, 1))
        if pairs
        else f'<p class="muted">No contradictions found for {name}{scope}.</p>'
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        # No script and nothing fetched: the policy makes that explicit to the browser too.
        '<meta http-equiv="Content-Security-Policy"'
        " content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>prov report: {name}{scope}</title><style>{_CSS}</style></head><body>"
        f'<header><h1>{name}</h1><p class="muted">Statements and contradictions{scope}. '
        f"{summary}</p></header>"
        f'<main><h2>Contradictions</h2><div id="contradictions">{body}</div>'
        f'<h2>Timeline</h2><div id="timeline">{_timeline(timeline)}</div></main>'
        "</body></html>\n"
    )


def build(session: Session, person: str, *, claim: str | None = None) -> tuple[str, dict[str, int]]:
    """The page and its counts (statements, contradictions) for ``person``, optionally one claim."""
    from provenance.api.contradictions import contradictions
    from provenance.api.timeline import timeline

    lines = timeline(session, person, claim=claim)
    pairs = contradictions(session, person, claim=claim)
    counts = {"statements": len(lines["statements"]), "contradictions": len(pairs["contradictions"])}
    return render(lines, pairs), counts


def check_out(out: str) -> Path:
    """The target file, refused before any work if it is a folder or its folder is missing."""
    return check_target(out)


def write_page(out: str, page: str) -> Path:
    """Write the page through a temporary file renamed over the target: never half a page."""
    return write_atomically(out, lambda stream: stream.write(page))
