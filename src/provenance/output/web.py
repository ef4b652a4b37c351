"""The table form of ``prov fetch`` and ``prov archive`` (their JSON is the API's result)."""

from __future__ import annotations

from typing import Any

from provenance.output.render import Report, Table


def _counts(data: dict[str, Any]) -> str:
    parts = ", ".join(f"{n} {state}" for state, n in sorted(data["counts"].items()))
    return f"{parts or 'nothing'}{' (offline: stored results only)' if data['offline'] else ''}"


def fetched(data: dict[str, Any]) -> Report:
    rows = [
        [r["state"], r["kind"], r["url"], r["status_code"], r["size"], (r["sha256"] or "")[:12], r["error"]]
        for r in data["results"]
    ]
    table = Table(["state", "kind", "url", "http", "bytes", "sha256", "error"], rows)
    return Report(data, [table], empty="Nothing to fetch.", heading=f"Fetched: {_counts(data)}")


def archived(data: dict[str, Any]) -> Report:
    rows: list[list[Any]] = []
    for r in data["results"]:
        copies = [f"{c['captured_at'] or '?'}  {c['url']}" for c in r["copies"]]
        rows.append([r["status"], r["kind"], r["url"], r["date"], copies or r["note"]])
    flat = Table(
        ["status", "kind", "url", "date", "copy_url", "captured_at", "copy_status"],
        [
            [r["status"], r["kind"], r["url"], r["date"], c["url"], c["captured_at"], c["status"]]
            for r in data["results"]
            for c in (r["copies"] or [{"url": None, "captured_at": None, "status": None}])
        ],
    )
    table = Table(["status", "kind", "url", "date", "copies (closest first)"], rows)
    return Report(data, [table], empty="Nothing to look up.", flat=flat, heading=f"Archives: {_counts(data)}")
