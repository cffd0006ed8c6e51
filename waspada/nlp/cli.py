"""``python -m waspada analyze|train|evaluate`` (routed here by waspada/__main__.py).

analyze [FILE]   JSON Lines in ({"id", "text", optional "title", "published_at"}; standard
                 input when no FILE or "-"), one JSON line out per input line.
train            rebuild every model from ../shared/data into waspada/nlp/models.
evaluate         print the metrics on the fixed test splits (and the cross-validated ones);
                 ``--only reports`` the field-report figures on the held-out reports.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="waspada", description="Waspada NLP: read Indonesian texts about social conflict"
    )
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("analyze", help="analyse JSON Lines")
    a.add_argument("file", nargs="?", default="-", help="JSON Lines file (default: standard input)")
    a.add_argument("-o", "--output", default="-", help="output file (default: standard output)")
    a.add_argument(
        "--regency",
        default="64.02",
        help="the deployment's Kemendagri regency code (default 64.02)",
    )
    a.add_argument("--lexicon", action="append", default=[], help="extra lexicon JSON (repeatable)")
    a.add_argument("--aliases", default=None, help="extra place names JSON (name -> code)")
    a.add_argument("--batch", type=int, default=64, help="texts per batch")
    t = sub.add_parser("train", help="rebuild the models from data")
    t.add_argument("--only", default="hatespeech,conflict,ner", help="comma-separated parts")
    e = sub.add_parser("evaluate", help="print evaluation metrics")
    e.add_argument(
        "--only", default="hatespeech,ner,conflict,places,reports", help="comma-separated parts"
    )
    e.add_argument("--json", action="store_true", help="print JSON instead of a report")
    e.add_argument(
        "--split",
        default="heldout",
        choices=("heldout", "train", "dev", "dev2", "dev3"),
        help="field reports: the held-out texts (default), or a development split",
    )
    return p


def _run(analyzer, src, dst, batch_size: int) -> int:
    """Analyse JSON Lines from src to dst; returns the number of unreadable lines."""
    errors = 0
    batch: list[tuple[int, dict | None, str | None]] = []

    def flush():
        items = [it for _, it, _ in batch if it is not None]
        results = iter(analyzer.analyze_many(items)) if items else iter(())
        for lineno, it, err in batch:
            if it is None:
                out = {"id": None, "line": lineno, "error": err}
                dst.write(json.dumps(out, ensure_ascii=False) + "\n")
            else:
                dst.write(next(results).to_json() + "\n")
        dst.flush()
        batch.clear()

    for lineno, line in enumerate(src, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise ValueError('each line must be a JSON object with a "text" string')
            batch.append((lineno, obj, None))
        except ValueError as exc:
            errors += 1
            batch.append((lineno, None, str(exc)))
        if len(batch) >= batch_size:
            flush()
    flush()
    return errors


def _analyze(args) -> int:
    from .pipeline import Analyzer

    analyzer = Analyzer(regency=args.regency, lexicon_paths=args.lexicon, aliases_path=args.aliases)
    with contextlib.ExitStack() as stack:
        src = (
            sys.stdin
            if args.file == "-"
            else stack.enter_context(open(args.file, encoding="utf-8"))
        )
        dst = (
            sys.stdout
            if args.output == "-"
            else stack.enter_context(open(args.output, "w", encoding="utf-8"))
        )
        errors = _run(analyzer, src, dst, args.batch)
    if errors:
        print(f"{errors} input line(s) could not be read", file=sys.stderr)
    return 1 if errors else 0


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.cmd == "analyze":
        return _analyze(args)
    from . import training

    try:
        if args.cmd == "train":
            parts = tuple(p.strip() for p in args.only.split(",") if p.strip())
            training.train_all(parts)
            print("models written to waspada/nlp/models", file=sys.stderr)
            return 0
        if args.cmd == "evaluate":
            parts = tuple(p.strip() for p in args.only.split(",") if p.strip())
            res = training.evaluate_all(parts, report_split=args.split)
            print(
                json.dumps(res, indent=1, ensure_ascii=False)
                if args.json
                else training.format_report(res)
            )
            return 0
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
