"""``python -m provenance``: the ``prov`` command, for when the console script is not on PATH."""

from provenance.cli import main

if __name__ == "__main__":
    main()
