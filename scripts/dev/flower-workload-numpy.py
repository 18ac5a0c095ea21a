#!/usr/bin/env python3
"""The Flower comparison workload written again in plain NumPy, as an independent check of what
accuracy the workload itself gives (apart from FedActors' Swift code and from Flower/PyTorch).

15 clients on Flower Datasets' DirichletPartitioner split of Fashion-MNIST (alpha 0.5, partition
seed 42, min_partition_size 10, shuffled), the 2NN (784-200-200-10, ReLU), plain SGD lr 0.05 with
batch 32 and one local epoch (a fresh permutation per epoch, the last batch partial), FedAvg weighted
by sample counts, every client in every round, the global model evaluated on the 10,000 test images
after each round, 20 rounds.

  --init he      He-normal weights, zero biases (what FedActors' 2nn uses)
  --init torch   PyTorch's nn.Linear default: weights and biases uniform in ±1/sqrt(fan_in)
  --pixels std   standardized by the training pixels' mean and standard deviation (what FedActors does)
  --pixels pm1   scaled to [-1, 1], as torchvision's Normalize((0.5,), (0.5,))
  --pixels unit  in [0, 1], as torchvision's ToTensor alone

Run from anywhere (needs NumPy 2.x): python3 scripts/dev/flower-workload-numpy.py --init he --pixels std --seed 1
Prints one line: init, pixels, seed, partition seed, the accuracy after round 0..20, seconds.
Not used by the tests or CI. One run takes ~15 s on one core.
"""
import argparse
import gzip
import time

import numpy as np

DATA = "/usr/share/datasets/fashion-mnist/"


def read_images(name):
    with gzip.open(DATA + name) as fh:
        raw = np.frombuffer(fh.read()[16:], dtype=np.uint8)
    return raw.reshape(-1, 784).astype(np.float64) / 255


def encode(train, test, pixels):
    """Maps intensities in [0, 1] to features, with the training set's statistics for both sets."""
    if pixels == "std":
        mean, std = train.mean(), train.std()
    elif pixels == "pm1":
        mean, std = 0.5, 0.5
    else:
        mean, std = 0.0, 1.0
    return ((train - mean) / std).astype(np.float32), ((test - mean) / std).astype(np.float32)


def read_labels(name):
    with gzip.open(DATA + name) as fh:
        return np.frombuffer(fh.read()[8:], dtype=np.uint8).astype(np.int64)


def flower_dirichlet(labels, clients, alpha, seed, min_size=10, max_redraws=10):
    """Flower Datasets' DirichletPartitioner(partition_by="label", self_balancing=False, shuffle=True)."""
    rng = np.random.default_rng(seed)
    classes = sorted(set(labels.tolist()))  # ascending, as flwr-datasets 0.6.1 visits them
    for _ in range(max_redraws + 1):
        parts = [[] for _ in range(clients)]
        for k in classes:
            where = np.nonzero(labels == k)[0]
            shares = rng.dirichlet([alpha] * clients)
            cuts = (np.cumsum(shares) * len(where)).astype(int)[:-1]
            for part, piece in zip(parts, np.split(where, cuts)):
                part.extend(piece.tolist())
        if min(len(p) for p in parts) >= min_size:
            for part in parts:
                rng.shuffle(part)
            return parts
    raise ValueError("no split met min_size")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--init", choices=["he", "torch"], default="he")
    ap.add_argument("--pixels", choices=["std", "pm1", "unit"], default="std")
    ap.add_argument("--seed", type=int, default=0, help="initial weights and batch order")
    ap.add_argument("--partition-seed", type=int, default=42)
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()

    x_train, y_train = read_images("train-images-idx3-ubyte.gz"), read_labels("train-labels-idx1-ubyte.gz")
    x_test, y_test = read_images("t10k-images-idx3-ubyte.gz"), read_labels("t10k-labels-idx1-ubyte.gz")
    x_train, x_test = encode(x_train, x_test, args.pixels)
    parts = [np.array(p) for p in flower_dirichlet(y_train, 15, 0.5, args.partition_seed)]
    rng = np.random.default_rng(args.seed)
    lr = np.float32(0.05)

    def initial_model():
        params = []
        for fan_in, fan_out in [(784, 200), (200, 200), (200, 10)]:
            if args.init == "torch":
                bound = 1 / np.sqrt(fan_in)
                params += [rng.uniform(-bound, bound, (fan_in, fan_out)), rng.uniform(-bound, bound, fan_out)]
            else:
                params += [rng.standard_normal((fan_in, fan_out)) * np.sqrt(2 / fan_in), np.zeros(fan_out)]
        return [p.astype(np.float32) for p in params]

    def forward(params, x):
        w1, b1, w2, b2, w3, b3 = params
        h1 = np.maximum(x @ w1 + b1, 0)
        h2 = np.maximum(h1 @ w2 + b2, 0)
        return h1, h2, h2 @ w3 + b3

    def accuracy(params):
        return float((forward(params, x_test)[2].argmax(1) == y_test).mean())

    def local_epoch(params, indices):
        params = [p.copy() for p in params]
        order = indices[rng.permutation(len(indices))]
        for start in range(0, len(order), 32):
            batch = order[start:start + 32]
            x, y = x_train[batch], y_train[batch]
            h1, h2, logits = forward(params, x)
            z = np.exp(logits - logits.max(1, keepdims=True))
            grad = z / z.sum(1, keepdims=True)
            grad[np.arange(len(batch)), y] -= 1
            grad /= np.float32(len(batch))  # cross-entropy averaged over the batch
            d2 = (grad @ params[4].T) * (h2 > 0)
            d1 = (d2 @ params[2].T) * (h1 > 0)
            grads = [x.T @ d1, d1.sum(0), h1.T @ d2, d2.sum(0), h2.T @ grad, grad.sum(0)]
            for p, g in zip(params, grads):
                p -= lr * g
        return params

    model = initial_model()
    curve = [accuracy(model)]
    started = time.time()
    total = sum(len(p) for p in parts)
    for _ in range(args.rounds):
        updates = [(local_epoch(model, p), len(p)) for p in parts]
        model = [sum(u[i] * np.float32(n / total) for u, n in updates).astype(np.float32) for i in range(6)]
        curve.append(accuracy(model))
    print(args.init, args.pixels, args.seed, args.partition_seed, " ".join(f"{a:.4f}" for a in curve), f"{time.time() - started:.0f}s", flush=True)


if __name__ == "__main__":
    main()
