"""The ``waspada`` command: ``python -m waspada COMMAND`` from the project's environment.

up          set up (idempotent) and run the web app with its worker (embedded profile)
setup       migrate, collect static files, load areas and demo data
serve       run the web app (waitress) only
worker      run a background worker only
analyze, train, evaluate
            the Indonesian analysis pipeline (waspada.nlp)
anything else is a Django management command (migrate, createsuperuser, ...)
"""

import os
import sys

NLP_COMMANDS = {"analyze", "train", "evaluate"}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv else "help"
    if command in NLP_COMMANDS:
        from waspada.nlp.cli import main as nlp_main

        return nlp_main(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waspada.settings")
    if command in {"up", "setup", "serve", "worker"}:
        from waspada import runner

        return runner.main(argv)
    if command in {"help", "-h", "--help"}:
        print(__doc__)
        return 0
    from django.core.management import execute_from_command_line

    execute_from_command_line(["waspada", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
