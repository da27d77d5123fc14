"""``python -m desk``: the same as the ``desk`` command."""

from desk.cli import main

if __name__ == "__main__":
    main()
