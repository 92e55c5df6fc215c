"""The study's Deep NMF loop in PyTorch, from factors saved by `nmf fit --save-init`: an independent
implementation to compare the engine with, step by step (bench/crossCheck.ts drives it).

Usage: /usr/bin/python3 bench/crossCheck.py X.npy INIT_DIR STEPS VARIANT DTYPE [RECORD_UNTIL]
       /usr/bin/python3 bench/crossCheck.py --torch-init OUT_DIR M N SEED

The second form writes the factors a PyTorch rendering draws for itself (bench/reference.py:
`torch.manual_seed(SEED)`, then `torch.rand` for W1 (M x 20), W2 (20 x 10) and H (10 x N), float32)
as float64 .npy files, for `nmf fit --init-from` and for the first form.

- X.npy: the data (m x n, one image per row), as `nmf fit` saw it.
- INIT_DIR: W1.npy, ..., Wk.npy, H.npy (float64), written by `nmf fit --save-init`.
- VARIANT: `relu`, the study's loop: loss ||X - relu(W1) ... relu(Wk) relu(H)||_F^2, Adam (PyTorch's
  defaults: betas 0.9, 0.999, eps 1e-8), then every factor clamped at 0; or `projected`, the same
  loop with the loss on W1 ... Wk H itself (projected Adam, as the engine defines it). The two differ
  only for entries at exactly 0: relu's derivative there is 0 in PyTorch, so a clamped entry gets no
  gradient from the loss and can only move again through Adam's momentum.
- DTYPE: float64 or float32 (the study computed in float32).
- Learning rate 1e-2, as the study.

Prints one JSON line per recorded step: {"step", "relativeError", "loss", "zeros"} (zeros: entries of
the factors at exactly 0); every step up to RECORD_UNTIL (default 200), then every 100 steps and the last.
"""

import json
import os
import sys

import numpy as np
import torch


def torch_init(out_dir, m, n, seed):
    torch.manual_seed(seed)
    factors = {"W1": torch.rand(m, 20), "W2": torch.rand(20, 10), "H": torch.rand(10, n)}
    os.makedirs(out_dir, exist_ok=True)
    for name, value in factors.items():
        np.save(os.path.join(out_dir, f"{name}.npy"), value.numpy().astype(np.float64))


def main():
    if len(sys.argv) == 6 and sys.argv[1] == "--torch-init":
        torch_init(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
        return
    if len(sys.argv) not in (6, 7):
        sys.exit("usage: crossCheck.py X.npy INIT_DIR STEPS relu|projected float64|float32 [RECORD_UNTIL]")
    x_path, init_dir, steps, variant, dtype = sys.argv[1:6]
    record_until = int(sys.argv[6]) if len(sys.argv) == 7 else 200
    steps = int(steps)
    if variant not in ("relu", "projected"):
        sys.exit(f"crossCheck.py: invalid variant {variant!r} (relu or projected)")
    if dtype not in ("float64", "float32"):
        sys.exit(f"crossCheck.py: invalid dtype {dtype!r} (float64 or float32)")
    torch_dtype = torch.float64 if dtype == "float64" else torch.float32
    torch.set_num_threads(int(os.environ.get("CROSS_CHECK_THREADS", "2")))

    X = torch.from_numpy(np.load(x_path).astype(np.float64)).to(torch_dtype)
    names = sorted(f for f in os.listdir(init_dir) if f.startswith("W") and f.endswith(".npy"))
    names.sort(key=lambda name: int(name[1:-4]) if name[1:-4].isdigit() else 0)
    factors = [np.load(os.path.join(init_dir, name)) for name in names] + [np.load(os.path.join(init_dir, "H.npy"))]
    params = [torch.tensor(f, dtype=torch_dtype, requires_grad=True) for f in factors]
    optimizer = torch.optim.Adam(params, lr=1e-2)
    norm2 = float((X.double() ** 2).sum())

    def product(transform):
        M = transform(params[0])
        for p in params[1:]:
            M = M @ transform(p)
        return M

    transform = torch.relu if variant == "relu" else (lambda p: p)

    def emit(step):
        with torch.no_grad():
            M = product(lambda p: p).double()
            loss = float(((X.double() - M) ** 2).sum())
            zeros = int(sum(int((p == 0).sum()) for p in params))
        print(json.dumps({"step": step, "relativeError": loss / norm2, "loss": loss, "zeros": zeros}), flush=True)

    emit(0)
    for step in range(1, steps + 1):
        optimizer.zero_grad()
        loss = ((X - product(transform)) ** 2).sum()
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            for p in params:
                p.clamp_(min=0)
        if step <= record_until or step % 100 == 0 or step == steps:
            emit(step)


if __name__ == "__main__":
    main()
