"""Time waspada.risk.scoring on synthetic records: 300 areas, 100,000 events (plus signals,
indicators and engagements). Prints the best of three runs. Run from the repository root:

    .venv/bin/python docs/risk/scoring_speed.py

(The Django-backed ``bench/risk.py`` comes with the Event model; this measures the pure math.)
"""

import datetime as dt
import random
import time

from waspada.risk import scoring as S


def make_records(n_areas=300, n_events=100_000, seed=7):
    rng = random.Random(seed)
    today = dt.date(2026, 11, 28)
    areas = {f"64.02.{i:04d}": S.AreaRecords() for i in range(n_areas)}
    names = list(areas)
    forms = list(S.FORMS)
    ver = ["terverifikasi", "belum", "ditolak", "duplikat"]
    sources = ["politik", "ekonomi", "agama", "etnis", "sumber_daya_alam", "ketimpangan"]
    for i in range(n_events):
        a = areas[rng.choice(names)]
        a.events.append(
            S.EventRecord(
                i,
                today - dt.timedelta(days=rng.randrange(0, 365)),
                rng.choice(forms),
                rng.choice(ver),
                rng.choice([0, 0, 0, 1, 3]),
                (rng.choice(sources),),
            )
        )
    for i in range(20_000):
        areas[rng.choice(names)].signals.append(
            S.SignalRecord(i, today - dt.timedelta(days=rng.randrange(0, 120)), rng.random())
        )
    for n in names:
        for j in range(8):
            areas[n].indicators.append(S.IndicatorRecord(f"{n}:{j}", f"ind{j}", rng.random()))
    for i in range(5_000):
        areas[rng.choice(names)].engagements.append(
            S.EngagementRecord(i, today - dt.timedelta(days=rng.randrange(0, 120)), "dialog")
        )
    return areas, today


def main():
    areas, today = make_records()
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        scores = S.score_areas(areas, today)
        best = min(best, time.perf_counter() - t0)
    levels = {}
    for s in scores.values():
        levels[s.level] = levels.get(s.level, 0) + 1
    print(f"scored {len(scores)} areas from 100,000 events in {best:.3f} s (best of 3); {levels}")
    t0 = time.perf_counter()
    for src in ("politik", "ekonomi", "agama", "etnis", "sumber_daya_alam", "ketimpangan"):
        S.score_areas(areas, today, source=src)
    print(f"and per source (6 sources): {time.perf_counter() - t0:.3f} s")


if __name__ == "__main__":
    main()
