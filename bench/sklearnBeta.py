"""scikit-learn's multiplicative updates for the beta-divergences, recorded as a fixture for the engine's
tests (test/engine/betaLoss.test.ts), so that the tests need no Python.

Usage: /usr/bin/python3 bench/sklearnBeta.py [OUT.json]   (default test/fixtures/sklearn-beta/mu.json)

Draws a fixed 24 x 18 matrix (numpy's default_rng(2026), entries 0.05 + uniform [0, 1) rounded to
float32, so that the engine reads the same values), the NNDSVDa start of rank 4 (scikit-learn's
`_initialize_nmf`, whose randomized SVD is seeded with random_state=0), and for each beta_loss (frobenius, kullback-leibler, itakura-saito) runs
`sklearn.decomposition.NMF(solver="mu", init="custom", tol=0)` from that start for 1, 10, 50 and 200
iterations, recording `_beta_divergence(X, W, H, beta_loss)` after each (scikit-learn's definitions:
half the squared Frobenius norm for frobenius). Also the zeros case: the same for KL on a copy of X
with a quarter of its entries set to 0. And `transform`: for each beta_loss, new rows (10 x 18, drawn
next) against H fitted by 200 iterations of MU, by `non_negative_factorization(update_H=False,
solver="mu", tol=1e-4, max_iter=200)` (scikit-learn's `transform`): W, its iteration count and the
divergence.
"""

import json
import sys
import warnings

import numpy as np
import sklearn
from sklearn.decomposition import NMF, non_negative_factorization
from sklearn.decomposition._nmf import _beta_divergence, _initialize_nmf
from sklearn.exceptions import ConvergenceWarning

RANK = 4
STEPS = [1, 10, 50, 200]


def run(X, W0, H0, beta_loss):
    out = {}
    for steps in STEPS:
        model = NMF(n_components=RANK, solver="mu", beta_loss=beta_loss, init="custom", max_iter=steps, tol=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            W = model.fit_transform(X, W=W0.copy(), H=H0.copy())
        out[str(steps)] = float(_beta_divergence(X, W, model.components_, beta_loss))
    return {"initial": float(_beta_divergence(X, W0, H0, beta_loss)), "divergence": out}


def case(X):
    W0, H0 = _initialize_nmf(X, RANK, init="nndsvda", random_state=0)
    # scikit-learn refuses zeros for Itakura-Saito.
    losses = ("frobenius", "kullback-leibler") if X.min() == 0 else ("frobenius", "kullback-leibler", "itakura-saito")
    results = {loss: run(X, W0, H0, loss) for loss in losses}
    return {"X": X.tolist(), "W0": W0.tolist(), "H0": H0.tolist(), "results": results}


def transform_case(X, W0, H0, new):
    out = {"X": new.tolist()}
    for loss in ("frobenius", "kullback-leibler", "itakura-saito"):
        model = NMF(n_components=RANK, solver="mu", beta_loss=loss, init="custom", max_iter=200, tol=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit_transform(X, W=W0.copy(), H=H0.copy())
            H = model.components_
            W, _, n_iter = non_negative_factorization(
                new, H=H, n_components=RANK, update_H=False, solver="mu", beta_loss=loss, tol=1e-4, max_iter=200
            )
        out[loss] = {"H": H.tolist(), "W": W.tolist(), "iterations": n_iter, "divergence": float(_beta_divergence(new, W, H, loss))}
    return out


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "test/fixtures/sklearn-beta/mu.json"
    rng = np.random.default_rng(2026)
    X = (0.05 + rng.random((24, 18))).astype(np.float32).astype(np.float64)
    zeros = X.copy()
    zeros[rng.random(X.shape) < 0.25] = 0
    new = (0.05 + rng.random((10, 18))).astype(np.float32).astype(np.float64)
    W0, H0 = _initialize_nmf(X, RANK, init="nndsvda", random_state=0)
    fixture = {
        "generator": "bench/sklearnBeta.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "rank": RANK,
        "positive": case(X),
        "zeros": case(zeros),
        "transform": transform_case(X, W0, H0, new),
    }
    with open(path, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
