#!/usr/bin/python3
"""PyTorch peer of tests/bench/bench.c, for tests/bench/compare.sh.

The same four workloads, one thread, float32, timed in process around just
the training loop (or the grid prediction), median of REPEATS runs:
  W1  X4, 2-3(relu)-1(sigmoid), BCELoss, 2200 full-batch Adam steps
  W2  X5, 1-400(relu)-1, MSELoss, 1500 full-batch Adam steps
  W3  the trained W1 model on a 500 x 500 grid (torch.no_grad, one batch)
  W4  784-128(relu)-10, CrossEntropyLoss on the logits (softmax + CCE),
      numpy's RandomState(0) rows as bench.c draws them, batch 64,
      5 epochs of Adam, shuffled every epoch
Adam has Keras's epsilon (1e-7). Output: "name median_ms final_value" per
line, as `bench --brief` prints it.

usage: peer_torch.py DATA_DIR [REPEATS]   (DATA_DIR from `bench --dump`)
"""
import sys
import time

import numpy as np
import torch

torch.set_num_threads(1)
torch.manual_seed(2)


def load(path):
    d = np.loadtxt(path, delimiter=",", ndmin=2)
    return (torch.tensor(d[:, :-1], dtype=torch.float32),
            torch.tensor(d[:, -1:], dtype=torch.float32))


def timed(fn, repeats):
    fn()  # warm-up
    times, value = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        value = fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return float(np.median(times)), value


def train_full(x, y, model_fn, loss_fn, steps, holder):
    def run():
        model = model_fn()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
        loss = None
        for _ in range(steps):
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
        holder["model"] = model
        return loss.item()
    return run


def main():
    data = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    nn = torch.nn

    x4, y4 = load(f"{data}/x4.csv")
    held = {}
    ms, loss = timed(train_full(x4, y4, lambda: nn.Sequential(
        nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1), nn.Sigmoid()),
        nn.BCELoss(), 2200, held), repeats)
    print(f"W1 {ms:.6f} {loss:.9g}", flush=True)

    x5, y5 = load(f"{data}/x5.csv")
    ms, loss = timed(train_full(x5, y5, lambda: nn.Sequential(
        nn.Linear(1, 400), nn.ReLU(), nn.Linear(400, 1)),
        nn.MSELoss(), 1500, {}), repeats)
    print(f"W2 {ms:.6f} {loss:.9g}", flush=True)

    model = held["model"]
    axis = torch.linspace(-2, 2, 500)
    g2, g1 = torch.meshgrid(axis, axis, indexing="ij")
    cells = torch.stack([g1.reshape(-1), g2.reshape(-1)], dim=1).contiguous()

    def grid():
        with torch.no_grad():
            return (model(cells) >= 0.5).float().mean().item()
    ms, share = timed(grid, max(repeats, 5))
    print(f"W3 {ms:.6f} {share:.9g}", flush=True)

    rs = np.random.RandomState(0)
    xw = torch.tensor(rs.random_sample((4096, 784)), dtype=torch.float32)
    yw = torch.tensor(rs.randint(0, 10, 4096), dtype=torch.int64)

    def w4():
        model4 = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
        opt = torch.optim.Adam(model4.parameters(), lr=1e-3, eps=1e-7)
        lossf = nn.CrossEntropyLoss()
        gen = torch.Generator().manual_seed(1)
        total = 0.0
        for _ in range(5):
            perm = torch.randperm(4096, generator=gen)
            total = 0.0
            for s in range(0, 4096, 64):
                idx = perm[s:s + 64]
                opt.zero_grad()
                loss = lossf(model4(xw[idx]), yw[idx])
                loss.backward()
                opt.step()
                total += loss.item() * len(idx)
        return total / 4096
    ms, loss = timed(w4, repeats)
    print(f"W4 {ms:.6f} {loss:.9g}", flush=True)


if __name__ == "__main__":
    main()
