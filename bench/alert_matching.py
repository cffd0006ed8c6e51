"""Benchmark: who hears of an alert, with 1,000 subscriptions and 100 alerts (prints figures;
not a test).

    .venv/bin/python bench/alert_matching.py [--subscriptions 1000] [--alerts 100]
                                             [--db sqlite|postgres|both]

Seeds a fresh database (SQLite in a temporary folder, or a fresh PostgreSQL database on
127.0.0.1) with ``--subscriptions`` subscriptions — users (analysts, field reporters, partners,
leaders of several organisations, some scoped to kecamatan) and organisations, each naming 0-3
kecamatan, 0-2 conflict sources, a minimum level and a tier — and ``--alerts`` alerts of every
level, classification, area and source mix. Then, for every alert:

- **SQL matching** (``waspada.alerts.matching.candidates``): level, sources and areas in one
  query over indexed columns (``level_rank``, the ``source_mask`` bits, the areas' join
  table): the time, the number of queries, and how many rows it hands to Python;
- **recipients** (``matching.recipients``): those rows plus what SQL cannot say (a user's
  access to the alert, quiet hours), as ``services.notify`` calls it;
- the **per-subscription Python loop** it replaced (every subscription loaded with its areas,
  tested in Python), on the same data, to show the difference; both must find the same
  subscriptions (checked).

On PostgreSQL it prints the query plan of one matching query.
"""

import argparse
import json

from harness import django_code, fresh_env, manage

SEED = r"""
import random
from waspada.accounts.models import Organisation, User, Role
from waspada.alerts.models import Alert, Subscription, Channel
from waspada.areas.models import Area
from waspada.events.vocab import Source
rng = random.Random(16)
kec = list(Area.objects.kecamatan_of_regency().values_list("code", flat=True))
desa = list(Area.objects.in_regency().filter(level="desa").values_list("code", flat=True))
types = ["pemerintah", "tni", "polri", "ormas", "ngo", "perusahaan"]
orgs = [Organisation.objects.create(name=f"Org {{i}}", type=types[i % len(types)],
        area_id=rng.choice([None, None, rng.choice(kec)])) for i in range(40)]
roles = [Role.ANALYST, Role.FIELD_REPORTER, Role.PARTNER, Role.LEADERSHIP]
users = []
n_users = int({n} * 0.8)
for i in range(n_users):
    u = User(username=f"u{{i}}", role=roles[i % 4], organisation=rng.choice(orgs),
             scope_all=rng.random() < 0.6, password="!")
    users.append(u)
User.objects.bulk_create(users)
users = list(User.objects.filter(username__startswith="u"))
through = User.scope_kecamatan.through
through.objects.bulk_create([through(user_id=u.pk, area_id=rng.choice(kec))
                             for u in users if not u.scope_all])
levels = ["normal", "waspada", "siaga", "awas"]
sources = list(Source.values)
owners = [("user", u) for u in users] + [("organisation", rng.choice(orgs))
                                         for _ in range({n} - n_users)]
for kind, owner in owners:
    sub = Subscription(**{{kind: owner}}, min_level=rng.choice(levels[1:]),
                       tier=1 if rng.random() < 0.8 else 2,
                       sources=rng.sample(sources, rng.choice([0, 0, 1, 2])))
    sub.save()
    if rng.random() < 0.6:
        sub.areas.set(rng.sample(kec, rng.choice([1, 2, 3])))
classes = ["biasa"] * 6 + ["terbatas"] * 3 + ["rahasia"]
for i in range({a}):
    Alert.objects.create(title=f"a{{i}}", reason="bench", level=rng.choice(levels[1:]),
                         area_id=rng.choice(kec + desa[:40] + [None]),
                         sources=rng.sample(sources, rng.choice([0, 1, 1, 2])),
                         classification=rng.choice(classes),
                         organisation=rng.choice(orgs))
print(Subscription.objects.count(), Alert.objects.count())
"""

MEASURE = r"""
import json, time
from django.db import connection
from django.test.utils import CaptureQueriesContext
from waspada.accounts import policy
from waspada.alerts import matching
from waspada.alerts.levels import Level, rank
from waspada.alerts.models import Alert, Subscription

alerts = list(Alert.objects.select_related("area"))

def python_loop(alert, tier):
    # the loop it replaced: every subscription and its areas loaded, tested in Python
    codes = matching.area_codes(alert)
    found = []
    for sub in (Subscription.objects.filter(is_active=True, tier=tier)
                .select_related("user__organisation", "organisation")
                .prefetch_related("areas", "channels")):
        if rank(alert.level) < rank(sub.min_level):
            continue
        if sub.sources and not set(sub.sources) & set(alert.sources):
            continue
        sub_codes = {a.code for a in sub.areas.all()}
        if sub_codes and not sub_codes & codes:
            continue
        if sub.user is not None:
            if not policy.can_view(sub.user, alert):
                continue
        elif not matching.org_may_read(sub.organisation, alert) or (
            not sub_codes and sub.organisation.area_id
            and sub.organisation.area_id not in codes):
            continue
        found.append(sub.pk)
    return found

out = {"alerts": len(alerts), "subscriptions": Subscription.objects.count()}
for name, run in [
    ("sql_candidates", lambda a: list(matching.candidates(a, 1).values_list("pk", flat=True))),
    ("recipients", lambda a: [s.pk for s in matching.recipients(a, 1)]),
    ("python_loop", lambda a: python_loop(a, 1)),
]:
    run(alerts[0])  # warm
    times, queries, rows, results = [], [], [], []
    for a in alerts:
        with CaptureQueriesContext(connection) as q:
            t0 = time.perf_counter()
            found = run(a)
            times.append(time.perf_counter() - t0)
        queries.append(len(q.captured_queries))
        rows.append(len(found))
        results.append(sorted(found))
    times.sort()
    out[name] = {
        "total_ms": round(sum(times) * 1000, 1),
        "p50_ms": round(times[len(times) // 2] * 1000, 2),
        "max_ms": round(times[-1] * 1000, 2),
        "queries_per_alert": round(sum(queries) / len(queries), 1),
        "rows_per_alert": round(sum(rows) / len(rows), 1),
    }
    out[name + "_results"] = results
same = out["recipients_results"] == out["python_loop_results"]
for k in [k for k in out if k.endswith("_results")]:
    del out[k]
out["same_recipients"] = same
if connection.vendor == "postgresql":
    qs = matching.candidates(alerts[0], 1).values_list("pk", flat=True)
    with connection.cursor() as c:
        sql, params = qs.query.sql_with_params()
        c.execute("EXPLAIN " + sql, params)
        out["plan"] = [r[0] for r in c.fetchall()]
print(json.dumps(out))
"""


def run(db: str, n: int, a: int) -> None:
    env = fresh_env(db, "bench_alert_matching")
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "load_areas")
    django_code(env, SEED.format(n=n, a=a))
    manage(
        env,
        "shell",
        "-c",
        "from django.db import connection; connection.cursor().execute('ANALYZE')",
    )
    out = json.loads(django_code(env, MEASURE).stdout.strip().splitlines()[-1])
    print(f"[{db}] {out['subscriptions']} subscriptions × {out['alerts']} alerts (tier 1)")
    for name, label in [
        ("sql_candidates", "SQL matching (level, sources, areas)"),
        ("recipients", "recipients (SQL + access, quiet hours)"),
        ("python_loop", "per-subscription Python loop (replaced)"),
    ]:
        m = out[name]
        print(
            f"  {label:42s} total {m['total_ms']:8.1f} ms, per alert p50 {m['p50_ms']:6.2f} ms,"
            f" max {m['max_ms']:6.2f} ms, {m['queries_per_alert']:4.1f} queries,"
            f" {m['rows_per_alert']:6.1f} rows"
        )
    print(f"  same recipients both ways: {out['same_recipients']}")
    for line in out.get("plan", []):
        print("   ", line)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subscriptions", type=int, default=1000)
    ap.add_argument("--alerts", type=int, default=100)
    ap.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    args = ap.parse_args()
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        run(db, args.subscriptions, args.alerts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
