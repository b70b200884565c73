#!/usr/bin/env python3
"""PyTorch side of bench/compare: the workloads of docs/performance.md, timed step by step.

Prints one JSON object per line: {"case": "W1:32:sgd", "kind": "train"|"infer", "threads": T,
"median_us": ..., "cpu_median_us": ..., "steps": N, "torch": version}. A train step is zero_grad + forward + loss +
backward + optimizer step (SGD lr 0.01 or Adam lr 1e-3); inference is the forward pass to the
model's output (softmax probabilities for W1, W2 and CNN, the sigmoid output for W3, the linear
prediction for LSTM) under torch.inference_mode().

The models are those of the bench module's .nn files (bench/src/main/resources/nnc/bench):
W1, W2, W3 (MLPs), LSTM (the adding problem: 25 steps of 2 features, torch.nn.LSTM with 64
hidden units, its last hidden state through Linear(64, 1), MSE) and CNN (28x28 single-channel
images: Conv2d(1, 8, 3, padding=1), ReLU, MaxPool2d(2), Conv2d(8, 16, 3, padding=1), ReLU,
Flatten, Linear(3136, 10), cross-entropy). Inputs are uniform in [-1, 1), float targets uniform in
[0, 1), labels uniform over the classes, as nnc bench fills them.

Run it the way bench/compare does, in PyTorch's best configuration on this machine
(docs/performance.md): OPENBLAS_CORETYPE unset, MALLOC_TRIM_THRESHOLD_ and MALLOC_MMAP_THRESHOLD_
at 1 GiB, and the thread count given with --threads (torch.set_num_threads).
"""
import argparse
import json
import statistics
import sys
import time

import torch
import torch.nn.functional as F

WIDTHS = {"W1": [784, 256, 128, 10], "W2": [1024, 1024, 1024, 10], "W3": [2, 8, 1]}
TRAIN = ["W3:4:sgd", "W1:1:sgd", "W1:1:adam", "W1:32:sgd", "W1:32:adam", "W1:128:sgd", "W1:128:adam",
         "W1:1024:sgd", "W1:1024:adam", "W2:256:sgd", "LSTM:32:adam", "CNN:32:sgd"]
INFER = ["W1:1", "LSTM:32", "CNN:32"]
LSTM_STEPS, LSTM_IN, LSTM_HIDDEN = 25, 2, 64
CNN_SIDE, CNN_CLASSES = 28, 10


class LastStep(torch.nn.Module):
    """The LSTM workload: torch.nn.LSTM over the sequence, its last hidden state through a linear layer."""

    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(LSTM_IN, LSTM_HIDDEN, batch_first=True)
        self.out = torch.nn.Linear(LSTM_HIDDEN, 1)

    def forward(self, x):
        hs, _ = self.lstm(x)
        return self.out(hs[:, -1])


def cnn():
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(8, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.Flatten(),
        torch.nn.Linear(16 * (CNN_SIDE // 2) ** 2, CNN_CLASSES))


def network(name):
    if name == "LSTM":
        return LastStep()
    if name == "CNN":
        return cnn()
    w = WIDTHS[name]
    layers = []
    for i in range(len(w) - 1):
        layers.append(torch.nn.Linear(w[i], w[i + 1]))
        if i < len(w) - 2:
            layers.append(torch.nn.Sigmoid() if name == "W3" else torch.nn.ReLU())
    if name == "W3":
        layers.append(torch.nn.Sigmoid())
    return torch.nn.Sequential(*layers)


def data(name, batch, gen):
    if name == "LSTM":
        return torch.rand(batch, LSTM_STEPS, LSTM_IN, generator=gen) * 2 - 1, torch.rand(batch, 1, generator=gen)
    if name == "CNN":
        x = torch.rand(batch, 1, CNN_SIDE, CNN_SIDE, generator=gen) * 2 - 1
        return x, torch.randint(0, CNN_CLASSES, (batch,), generator=gen)
    w = WIDTHS[name]
    if name == "W3":
        pts = torch.tensor([[i & 1, (i >> 1) & 1] for i in range(batch)], dtype=torch.float32)
        return pts, (pts[:, 0] != pts[:, 1]).float().reshape(batch, 1)
    x = torch.rand(batch, w[0], generator=gen) * 2 - 1
    y = torch.randint(0, w[-1], (batch,), generator=gen)
    return x, y


def train_step(name, batch, optimizer, gen):
    model = network(name)
    x, y = data(name, batch, gen)
    opt = torch.optim.SGD(model.parameters(), lr=0.01) if optimizer == "sgd" \
        else torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = F.mse_loss if name in ("W3", "LSTM") else F.cross_entropy

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
    return step


def infer_step(name, batch, gen):
    model = network(name)
    x, _ = data(name, batch, gen)

    def step():
        with torch.inference_mode():
            out = model(x)
            return out if name in ("W3", "LSTM") else torch.softmax(out, dim=1)
    return step


def measure(step, seconds):
    """Medians of single-step wall-clock and calling-thread CPU times after a warm-up of a third of
    the budget (at least 20 steps). With one thread the CPU time is the step's; with more, work on
    the other threads is not in it."""
    end = time.perf_counter() + seconds / 3
    warm = 0
    while warm < 20 or time.perf_counter() < end:
        step()
        warm += 1
    times, cpu = [], []
    end = time.perf_counter() + seconds
    while len(times) < 20 or (time.perf_counter() < end and len(times) < 200000):
        c0 = time.thread_time_ns()
        t0 = time.perf_counter_ns()
        step()
        times.append(time.perf_counter_ns() - t0)
        cpu.append(time.thread_time_ns() - c0)
    return statistics.median(times) / 1e3, statistics.median(cpu) / 1e3, len(times)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seconds", type=float, default=3.0, help="measuring time per case (warm-up: a third more)")
    p.add_argument("--cases", default="all", help="comma-separated cases such as W1:32:sgd,W1:1 (default: all)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(42)
    gen = torch.Generator().manual_seed(43)
    wanted = None if a.cases == "all" else set(a.cases.split(","))
    unknown = (wanted or set()) - set(TRAIN) - set(INFER)
    if unknown:
        sys.exit(f"bench_torch.py: unknown cases {sorted(unknown)}; known: {','.join(TRAIN + INFER)}")
    for kind, cases in (("train", TRAIN), ("infer", INFER)):
        for case in cases:
            if wanted is not None and case not in wanted:
                continue
            parts = case.split(":")
            step = train_step(parts[0], int(parts[1]), parts[2], gen) if kind == "train" \
                else infer_step(parts[0], int(parts[1]), gen)
            median, cpu, steps = measure(step, a.seconds)
            print(json.dumps({"case": case, "kind": kind, "threads": a.threads, "median_us": median,
                              "cpu_median_us": cpu, "steps": steps, "torch": torch.__version__}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
