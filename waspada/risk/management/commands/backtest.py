"""``python -m waspada backtest FILE --unit kabupaten --freq month [--k 10] [--json] [--out DIR]``

Prints the figures (or, with --json, one JSON object); writes a report under --out."""

import json

from django.core.management.base import BaseCommand, CommandError

from waspada.risk import backtest as bt
from waspada.risk.eventtable import UNIT_LEVELS, EventTableError, read_event_table


class Command(BaseCommand):
    help = (
        "Rolling-origin backtest of the incident forecast against the no-change and history-only "
        "baselines on an event table in ACLED, UCDP GED or Waspada shape: Brier score, AUPR and "
        "recall at k alerts per period."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="event table (CSV or XLSX)")
        parser.add_argument(
            "--unit",
            default="kabupaten",
            choices=sorted(UNIT_LEVELS),
            help="admin level of the areas: provinsi/admin1, kabupaten/admin2, kecamatan/admin3",
        )
        parser.add_argument("--freq", default="month", choices=["month"], help="period length")
        parser.add_argument("--k", type=int, default=10, help="alert budget: areas per period")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--out", default=None, help="folder for report.md, reliability.png")
        parser.add_argument(
            "--eval-start",
            default=None,
            help="first evaluated month YYYY-MM (default: the month of the median event)",
        )
        parser.add_argument("--burn-in", type=int, default=24, help="history-only periods")
        parser.add_argument("--refit-every", type=int, default=12, help="months between refits")

    def handle(self, *args, **opts):
        try:
            table = read_event_table(opts["file"])
            result = bt.run_backtest(
                table,
                unit=opts["unit"],
                freq=opts["freq"],
                k=opts["k"],
                eval_start=opts["eval_start"],
                burn_in=opts["burn_in"],
                refit_every=opts["refit_every"],
            )
        except (EventTableError, ValueError) as e:
            raise CommandError(str(e)) from None
        written = bt.write_report(result, opts["out"]) if opts["out"] else {}
        if opts["json"]:
            self.stdout.write(json.dumps(result.as_json()))
            return
        self.stdout.write(bt.report_markdown(result).split("\n![reliability]")[0])
        for kind, path in written.items():
            self.stdout.write(f"{kind}: {path}")
