"""A person's contradictions as Markdown, to paste into a document.

Every recorded text (quotes, names, notes, titles) is escaped, so a quote holding ``**``, ``[x](y)``,
``<script>`` or a line starting with ``#`` shows as those characters and cannot add markup.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote

from provenance.dates import Precision, When

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# CommonMark lets a backslash escape any ASCII punctuation; these can start markup anywhere in a
# line (emphasis, code, links, HTML, entities, tables, strikethrough).
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#!|~&])")
# These only at the start of a line: list items, setext underlines, ordered lists.
_LEADING = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")


def escape(text: str) -> str:
    """One line of plain text, safe anywhere inline and at the start of a line."""
    escaped = _SPECIAL.sub(r"\\\1", " ".join(text.split()))
    leading = _LEADING.match(escaped)
    if leading is None:
        return escaped
    marker = leading.group(2)
    # A digit cannot be escaped; escaping the dot after it breaks the ordered-list marker instead.
    if marker[0].isdigit():
        end = leading.end()
        return escaped[:end] + "\\" + escaped[end:]
    return escaped[: leading.start(2)] + "\\" + escaped[leading.start(2) :]


def block_quote(text: str) -> str:
    """The text as a block quote, its own line breaks kept, each line escaped."""
    lines = text.strip().splitlines() or [""]
    return "\n".join(f"> {escape(line)}" if line.strip() else ">" for line in lines)


def link(url: str) -> str:
    # An autolink shows the URL as written; percent-encoding what would end it early keeps it one link.
    return "<" + quote(url, safe=":/?#[]@!$&'()*+,;=%~-._") + ">"


def _gap(item: dict[str, Any]) -> str:
    days = item["days_apart"]
    gap = "undated" if days is None else f"{days} day" + ("" if days == 1 else "s")
    return f"{gap} (unordered)" if item["unordered"] else gap


def _stance(side: dict[str, Any]) -> str:
    bases = {r["basis"] for r in side.get("readings", []) if r["stance"] == side["stance"]}
    # A stance nobody found stated in so many words is flagged: the pair rests on a reading.
    return escape(side["stance"]) + (" (interpreted)" if bases == {"interpreted"} else "")


def _side(label: str, side: dict[str, Any]) -> list[str]:
    said = side["said"] or "undated"
    precision = f" (precision: {escape(side['precision'])})" if side.get("precision") else ""
    lines = [f"### {label}: {escape(said)}{precision}", "", f"- **Stance:** {_stance(side)}"]
    for reading in side.get("readings", []):
        basis = " (interpreted)" if reading["basis"] == "interpreted" else ""
        note = f": {escape(reading['note'])}" if reading.get("note") else ""
        lines.append(f"  - read {escape(reading['stance'])}{basis} by {escape(reading['reader'])}{note}")
    via = side.get("via_affiliation")
    if via:
        role = f", {escape(via['role'])}" if via.get("role") else ""
        lines.append(f"- **Said by:** {escape(via['organisation']['name'])}{role}")
    lines += ["", block_quote(side["text"] or "")]
    if not side.get("original_known", True):
        lines += ["", "*(as quoted: the original is not recorded)*"]
    lines.append("")
    source = side.get("source")
    if source:
        title = f" ({escape(source['title'])})" if source.get("title") else ""
        lines.append(f"- **Source:** {link(source['url'])}{title}")
    else:
        lines.append("- **Source:** none recorded")
    lines += [f"- **Archive:** {link(url)}" for url in side.get("archive_urls", [])]
    if side["quoted_in"]:
        lines.append("- **Quoted in:**")
    for quoted in side["quoted_in"]:
        article = quoted["article"]
        title = f" ({escape(article['title'])})" if article.get("title") else ""
        written = f" as “{escape(quoted['attributed_as'])}”" if quoted.get("attributed_as") else ""
        via_url = f", via {link(quoted['via'])}" if quoted.get("via") else ""
        lines.append(f"  - {link(article['url'])}{title}{written}{via_url}")
    return [*lines, ""]


def _filters(filters: dict[str, Any]) -> str:
    parts = []
    if filters.get("claim"):
        parts.append(f"claim {escape(filters['claim'])}")
    for bound in ("since", "until"):
        when = filters.get(bound)
        if when:
            shown = When(datetime.fromisoformat(when["at"]), Precision(when["precision"])).display()
            parts.append(f"{bound} {escape(shown)}")
    if filters.get("include_affiliated"):
        parts.append("with statements of organisations they belonged to")
    if filters.get("shifts"):
        parts.append("with half shifts")
    return "; ".join(parts)


def render(report: dict[str, Any]) -> str:
    """The Markdown text of a contradictions report (``api.contradictions.contradictions``)."""
    name = escape(report["person"]["name"])
    pairs = report["contradictions"]
    lines = [f"# Contradictions: {name}", ""]
    chosen = _filters(report.get("filters") or {})
    if chosen:
        # A filtered report must say so, or a reader takes its silence for the whole record.
        lines += [f"*Only: {chosen}.*", ""]
    if not pairs:
        return "\n".join([*lines, f"No contradictions found for {name}.", ""])
    lines += [f"{len(pairs)} pair{'' if len(pairs) == 1 else 's'}.", ""]
    for number, item in enumerate(pairs, 1):
        claim = item["claim"]
        lines += [
            f"## {number}. {escape(claim['slug'])}: {escape(claim['text'])}",
            "",
            f"- **Claim:** {escape(claim['text'])} ({escape(claim['kind'])})",
            f"- **Kind:** {escape(item['kind'])}",
            f"- **Gap:** {_gap(item)}",
            "",
            *_side("Earlier", item["earlier"]),
            *_side("Later", item["later"]),
        ]
    return "\n".join(lines)


def write_markdown(session: Session, out: IO[str], *, person: str | None = None, **options: Any) -> int:
    """Write ``person``'s contradictions (options as ``contradictions`` takes them); returns the pairs."""
    from provenance.api.contradictions import contradictions
    from provenance.errors import InvalidInput

    if not person:
        raise InvalidInput("the md export is a person's report", "give --person NAME")
    report = contradictions(session, person, **options)
    out.write(render(report))
    return len(report["contradictions"])
