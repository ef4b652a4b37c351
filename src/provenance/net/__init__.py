"""The network: a polite HTTP client and the Internet Archive's Wayback services.

Only ``provenance.api.fetch`` and ``provenance.api.archive`` import these modules (httpx is heavy
to import), never the CLI at start-up.
"""
