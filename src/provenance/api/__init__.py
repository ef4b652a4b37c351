"""The plain Python API behind every command: functions that take a SQLAlchemy ``Session``.

Open a database with ``provenance.db.open_database(path, write=True)`` and run them inside
``db.session()``: each block is one transaction, so a failure writes nothing.
"""
