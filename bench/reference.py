"""Reference timings for `npm run bench -- --reference`, on the same data and machine as the engine.

Usage: /usr/bin/python3 bench/reference.py MNIST10000.npy MNIST2000.npy

Prints one JSON line per case on stdout (the same fields as bench/run.ts where they apply), one run each:
- scikit-learn NMF(solver="mu") and NMF(solver="cd") on the 10,000 embedded MNIST digits, rank 20,
  NNDSVDa init, tol=0: ms per iteration, and the relative error ||X - WH||^2 / ||X||^2 reached
  after each of several iteration counts (to compare errors at equal iterations);
- a PyTorch rendering of the study's deep loop on the 2,000-image subset: X ~ relu(W1) relu(W2) relu(H),
  ranks 20,10, uniform [0,1) init, loss ||X - M||_F^2, Adam lr 1e-2, clamp at 0 after each step;
  ms per epoch for training alone and with the study's per-epoch metrics from a full SVD of M.

Run it with the OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE overrides unset (bench/reference.ts does):
they pin this machine's OpenBLAS to a slower kernel. The BLAS in use is printed (threadpoolctl).
"""

import json
import os
import sys
import time
import warnings

import numpy as np


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


CPU = cpu_model()


def emit(record):
    # The machine may be shared: the load average says how much the numbers can be trusted.
    record["loadAverage"] = round(os.getloadavg()[0], 2)
    record["cpu"] = CPU
    print(json.dumps(record), flush=True)


def relative_error(X, W, H, norm2):
    R = X.astype(np.float64) - W.astype(np.float64) @ H.astype(np.float64)
    return float((R * R).sum() / norm2)


def sklearn_cases(X, iteration_counts):
    from sklearn.decomposition import NMF
    from sklearn.exceptions import ConvergenceWarning

    norm2 = float((X.astype(np.float64) ** 2).sum())
    for solver, name in (("mu", "sklearn-mu-mnist10000-r20"), ("cd", "sklearn-cd-mnist10000-r20")):
        errors = {}
        seconds = {}
        for count in [1] + iteration_counts:
            model = NMF(n_components=20, solver=solver, init="nndsvda", max_iter=count, tol=0, random_state=112)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                start = time.perf_counter()
                W = model.fit_transform(X)
                seconds[count] = time.perf_counter() - start
            errors[count] = relative_error(X, W, model.components_, norm2)
        last = iteration_counts[-1]
        # Setup (NNDSVDa, input checks) cancels in the difference with a one-iteration fit.
        ms = 1000 * (seconds[last] - seconds[1]) / (last - 1)
        emit(
            {
                "name": name,
                "msPerStep": round(ms, 3),
                "steps": last,
                "runs": 1,
                "relativeErrorAt": {str(k): round(v, 8) for k, v in errors.items()},
                "library": "scikit-learn " + __import__("sklearn").__version__,
                # scikit-learn computes in X's dtype.
                "dtype": str(X.dtype),
            }
        )


def torch_cases(X, epochs, svd_epochs):
    import torch

    data = torch.from_numpy(X)
    norm2 = float((data.double() ** 2).sum())
    for threads, with_metrics, name, count in (
        (2, False, "torch-deep-mnist2000-r20x10-adam", epochs),
        (1, False, "torch-deep-mnist2000-r20x10-adam-1-thread", epochs),
        (2, True, "torch-deep-mnist2000-r20x10-adam-svd-metrics", svd_epochs),
    ):
        # Two threads use both cores; one thread is the fairer number when other jobs hold a core.
        torch.set_num_threads(threads)
        torch.manual_seed(112)
        W1 = torch.rand(X.shape[0], 20, requires_grad=True)
        W2 = torch.rand(20, 10, requires_grad=True)
        H = torch.rand(10, X.shape[1], requires_grad=True)
        optimizer = torch.optim.Adam([W1, W2, H], lr=1e-2)
        warmup = 10
        for epoch in range(warmup + count):
            if epoch == warmup:
                start = time.perf_counter()
            optimizer.zero_grad()
            M = torch.relu(W1) @ torch.relu(W2) @ torch.relu(H)
            loss = ((data - M) ** 2).sum()
            loss.backward()
            optimizer.step()
            with torch.no_grad():
                for p in (W1, W2, H):
                    p.clamp_(min=0)
                if with_metrics:
                    M = W1 @ W2 @ H
                    s = torch.linalg.svdvals(M)
                    kept = s[s > 1e-12]
                    p = kept / kept.sum()
                    effective_rank = float(torch.exp(-(p * torch.log(p)).sum()))
                    nuclear_ratio = float(s.sum() / s[0])
                    relative = float(((data - M) ** 2).sum()) / norm2
                    top = s[:2].tolist()
        seconds = time.perf_counter() - start
        record = {
            "name": name,
            "msPerStep": round(1000 * seconds / count, 3),
            "steps": count,
            "runs": 1,
            "threads": torch.get_num_threads(),
            "library": "torch " + torch.__version__,
            "dtype": str(W1.dtype).replace("torch.", ""),
        }
        if with_metrics:
            record["last"] = {"relativeError": relative, "effectiveRank": effective_rank, "nuclearRatio": nuclear_ratio, "s": top}
        emit(record)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: reference.py MNIST10000.npy MNIST2000.npy")
    import threadpoolctl

    X10000 = np.load(sys.argv[1])
    X2000 = np.load(sys.argv[2])
    emit({"name": "reference-environment", "blas": threadpoolctl.threadpool_info(), "numpy": np.__version__})
    sklearn_cases(X10000, [5, 10, 20, 30, 40])
    torch_cases(X2000, epochs=300, svd_epochs=30)


if __name__ == "__main__":
    main()
