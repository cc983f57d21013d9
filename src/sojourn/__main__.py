"""``python -m sojourn`` runs the command-line program."""

from sojourn.cli import main

if __name__ == "__main__":
    main()
