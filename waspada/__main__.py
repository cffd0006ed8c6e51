"""The ``waspada`` command: ``python -m waspada COMMAND`` from the project's environment.

up          set up (idempotent) and run the web app with its worker (embedded profile)
setup       migrate, collect static files, load areas and demo data
serve       run the web app only (gunicorn; waitress in one process where gunicorn is missing)
worker      run a background worker only
analyze, train, evaluate
            the Indonesian analysis pipeline (waspada.nlp)
anything else is a Django management command (migrate, createsuperuser, ...)
"""

import os
import platform
import sys

NLP_COMMANDS = {"analyze", "train", "evaluate"}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv else "help"
    if command in NLP_COMMANDS:
        if command == "train" and platform.machine().lower() in {"x86_64", "amd64"}:
            # OpenBLAS picks its kernels by CPU, and liblinear's dot products go through it: an
            # AVX-512 kernel moved 8 of the hate-speech model's 1.9 million int8 weights one step.
            # One kernel (AVX2, on every x86-64 CPU of the last decade) gives the same bytes
            # everywhere. Must be set before numpy loads OpenBLAS.
            os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")
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
