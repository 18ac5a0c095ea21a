#!/usr/bin/env python3
"""Writes the fixture FlowerDirichletTests compares FedActors' `flower_dirichlet` split against.

The split is made by flwr-datasets' own DirichletPartitioner (the version pinned below) over
Fashion-MNIST's training labels read from Debian's dataset-fashion-mnist, so nothing is downloaded
from a dataset hub. For each case it records every client's size, first index and an FNV-1a (64-bit)
digest over the clients' indices in order, written as "i,j,k;" per client (membership and order).

    python3 -m venv /tmp/fds && /tmp/fds/bin/pip install flwr-datasets==0.6.1
    /tmp/fds/bin/python scripts/dev/flower-dirichlet-fixture.py > Tests/LearningTests/Fixtures/flower-dirichlet.json
"""
import gzip
import json
import sys
import warnings

import numpy as np
from datasets import Dataset
import flwr_datasets
from flwr_datasets.partitioner import DirichletPartitioner

PINNED = "0.6.1"
LABELS = "/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz"

# (clients, alpha, min_partition_size, self_balancing, seed)
CASES = [
    (15, 0.5, 10, False, 42),
    (15, 0.5, 10, True, 42),
    (10, 0.5, 2000, False, 3),
    (15, 0.09, 10, False, 195),
    (15, 3.0, 10, False, 42),
    (15, 0.5, 10, False, 7),
    (100, 0.3, 10, False, 42),
    (5, 1.0, 10, True, 2026),
]


def fnv1a(parts):
    h = 0xCBF29CE484222325
    for part in parts:
        for byte in (",".join(str(i) for i in part) + ";").encode():
            h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def main():
    if flwr_datasets.__version__ != PINNED:
        sys.exit(f"flwr-datasets {flwr_datasets.__version__} is installed; this fixture is for {PINNED}")
    with gzip.open(LABELS) as f:
        raw = f.read()
    labels = np.frombuffer(raw, dtype=np.uint8, offset=8).astype(np.int64)
    dataset = Dataset.from_dict({"label": labels.tolist()})
    cases = []
    for clients, alpha, minimum, balancing, seed in CASES:
        partitioner = DirichletPartitioner(
            num_partitions=clients, partition_by="label", alpha=alpha,
            min_partition_size=minimum, self_balancing=balancing, seed=seed)
        partitioner.dataset = dataset
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            partitioner._determine_partition_id_to_indices_if_needed()
        parts = [list(map(int, partitioner._partition_id_to_indices[c])) for c in range(clients)]
        cases.append({
            "clients": clients, "alpha": alpha, "min_partition_size": minimum,
            "self_balancing": balancing, "seed": seed,
            "sizes": [len(p) for p in parts],
            "first": [p[0] if p else -1 for p in parts],
            "digest": f"{fnv1a(parts):016x}",
        })
    header = {
        "generator": "scripts/dev/flower-dirichlet-fixture.py",
        "flwr_datasets": flwr_datasets.__version__,
        "numpy": np.__version__,
        "labels": "Fashion-MNIST train (Debian dataset-fashion-mnist)",
    }
    lines = [f" {json.dumps(k)}: {json.dumps(v)}," for k, v in header.items()]
    body = ",\n".join("  " + json.dumps(c) for c in cases)
    sys.stdout.write("{\n" + "\n".join(lines) + '\n "cases": [\n' + body + "\n ]\n}\n")


if __name__ == "__main__":
    main()
