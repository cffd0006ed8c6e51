"""How well does the hate-speech training procedure's CV figure predict a held-out split?

Reads train.csv only (never test.csv). For each salt, about a fifth of train.csv is held out
(SHA-1 of "salt:text" mod 5 == 0, the way test.csv was cut from the full data); the rest goes
through the same steps as ``python -m waspada train`` (5-fold CV, thresholds tuned on the
out-of-fold probabilities, a final fit on all of it), and the held-out fifth is scored with the
final model and with the average of the five fold models. Prints CV and held-out F1 per salt,
then the mean, min and max.

    .venv/bin/python scripts/hatespeech_holdout_study.py --salts 0 1 2 3 4 --jobs 2

Takes about 5 minutes of one core per salt. Figures are in docs/nlp/models.md.
"""

from __future__ import annotations

import argparse
import hashlib
from concurrent.futures import ProcessPoolExecutor

import numpy as np

SHOWN = ("HS", "HS_Religion", "HS_Race", "exact_match")


def one_salt(salt: int) -> dict:
    from sklearn.model_selection import StratifiedKFold
    from threadpoolctl import threadpool_limits

    from waspada.nlp import datasets
    from waspada.nlp import hatespeech as h

    texts, Y = datasets.read_hatespeech("train")
    Y = np.asarray(Y)
    held = np.array(
        [
            int(hashlib.sha1(f"{salt}:{t}".encode(), usedforsecurity=False).hexdigest(), 16) % 5
            == 0
            for t in texts
        ]
    )
    rest, out = np.flatnonzero(~held), np.flatnonzero(held)
    V = h.views([texts[i] for i in rest])
    VH = h.views([texts[i] for i in out])
    YT, YH = Y[rest], Y[out]
    with threadpool_limits(limits=1):
        P = np.zeros(YT.shape, dtype=np.float32)
        fold_p = []
        folds = StratifiedKFold(5, shuffle=True, random_state=0)
        for tr, te in folds.split(np.zeros(len(YT)), YT[:, 0]):
            part = h.fit_parts({n: [v[i] for i in tr] for n, v in V.items()}, YT[tr])
            P[te] = part.proba({n: [v[i] for i in te] for n, v in V.items()})
            fold_p.append(part.proba(VH))
        th = h.tune_thresholds(P, YT)
        full = h.fit_parts(V, YT).proba(VH)
    return {
        "salt": salt,
        "held_out": len(out),
        "cv": h.evaluate_decisions(YT, h.decode(P, th)),
        "held_out_final": h.evaluate_decisions(YH, h.decode(full, th)),
        "held_out_fold_average": h.evaluate_decisions(YH, h.decode(np.mean(fold_p, 0), th)),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--salts", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args()
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(one_salt, args.salts))
    kinds = ("cv", "held_out_final", "held_out_fold_average")
    print(f"{'salt':>4} {'figure':<22}" + "".join(f"{m:>13}" for m in SHOWN))
    for r in results:
        for k in kinds:
            print(f"{r['salt']:>4} {k:<22}" + "".join(f"{r[k][m]:>13.4f}" for m in SHOWN))
    for k in kinds:
        v = np.array([[r[k][m] for m in SHOWN] for r in results])
        for name, f in (("mean", np.mean), ("min", np.min), ("max", np.max)):
            print(f"{name:>4} {k:<22}" + "".join(f"{x:>13.4f}" for x in f(v, axis=0)))


if __name__ == "__main__":
    main()
