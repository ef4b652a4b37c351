"""All output formatting: ``render`` writes a ``Report`` as a table, JSON or CSV; ``views`` builds
the ``Report`` of each command from the API's JSON-ready results."""
