#!/usr/bin/env python3
"""The Flower comparison workload as a Flower app, run in Flower's simulation runtime (Ray).

It is Topologies/flower-comparison.yaml in Flower's terms:
- 15 clients on flwr-datasets' own DirichletPartitioner split of Fashion-MNIST's training set
  (alpha 0.5, seed 42, min_partition_size 10, shuffled), read from Debian's dataset-fashion-mnist
  (nothing is downloaded);
- pixels standardized by the training set's mean and standard deviation (as FedActors does);
- the FedAvg paper's 2NN (784-200-200-10, ReLU), SGD lr 0.05, batch 32, one local epoch;
- Flower's message-API FedAvg with every client in every round (fraction_train 1.0);
- the global model evaluated centrally on the 10,000 test images after each round, 20 rounds.

The 2NN is written in NumPy (--impl numpy, the default: no PyTorch needed) or in PyTorch
(--impl torch). Initial weights: --initial-model FILE.npz (the same numbers FedActors starts from:
`fedactors export flower` writes its initial model, keyed dense0.weight [out, in], dense0.bias, ...),
else --init he (He-normal weights, zero biases: the scheme FedActors' 2nn uses, drawn from NumPy's
generator with --seed) or --init torch (nn.Linear's default, uniform in ±1/sqrt(fan_in)).
--save FILE.npz writes the final model with the same keys, which `fedactors run --initial-model` reads.

Prints one JSON line at the end: {"accuracy": [...per round...], "seconds": ..., "settings": ...}.
Run: python workload.py [--rounds 20] [--impl numpy|torch] [--init he|torch] [--seed 0]
"""
import argparse
import gzip
import json
import os
import time

import numpy as np

DATA = os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist/")
SETTINGS_ENV = "FEDACTORS_FLOWER_WORKLOAD"
CLIENTS = 15
LAYERS = [(784, 200), (200, 200), (200, 10)]


def settings():
    """The run's settings: the driver sets them in the environment, which Ray's workers inherit."""
    return json.loads(os.environ[SETTINGS_ENV])


def read_images(name):
    with gzip.open(os.path.join(DATA, name)) as fh:
        raw = np.frombuffer(fh.read()[16:], dtype=np.uint8)
    return raw.reshape(-1, 784).astype(np.float64) / 255


def read_labels(name):
    with gzip.open(os.path.join(DATA, name)) as fh:
        return np.frombuffer(fh.read()[8:], dtype=np.uint8).astype(np.int64)


_cache = {}


def dataset():
    """Standardized train and test sets, loaded once per process."""
    if "data" not in _cache:
        train, test = read_images("train-images-idx3-ubyte.gz"), read_images("t10k-images-idx3-ubyte.gz")
        mean, std = train.mean(), train.std()
        _cache["data"] = (((train - mean) / std).astype(np.float32), read_labels("train-labels-idx1-ubyte.gz"),
                          ((test - mean) / std).astype(np.float32), read_labels("t10k-labels-idx1-ubyte.gz"))
    return _cache["data"]


def partition(pid):
    """Client `pid`'s training indices, as flwr-datasets' DirichletPartitioner splits them."""
    if "parts" not in _cache:
        from datasets import Dataset
        from flwr_datasets.partitioner import DirichletPartitioner
        labels = dataset()[1]
        s = settings()
        partitioner = DirichletPartitioner(num_partitions=CLIENTS, partition_by="label", alpha=0.5,
                                           min_partition_size=10, self_balancing=False, shuffle=True,
                                           seed=s["partition_seed"])
        partitioner.dataset = Dataset.from_dict({"label": labels.tolist(), "index": list(range(len(labels)))})
        _cache["parts"] = [np.array(partitioner.load_partition(c)["index"]) for c in range(CLIENTS)]
    return _cache["parts"][pid]


KEYS = [f"dense{i}.{part}" for i in range(len(LAYERS)) for part in ("weight", "bias")]


def load_keyed(path):
    """A FedActors/PyTorch-keyed .npz (weights [out, in]) as this file's arrays (weights [in, out])."""
    with np.load(path) as npz:
        if sorted(npz.files) != sorted(KEYS):
            raise SystemExit(f"{path} holds {sorted(npz.files)}; the 2NN needs {KEYS}")
        arrays = [np.asarray(npz[k], dtype=np.float32) for k in KEYS]
    return [a.T.copy() if a.ndim == 2 else a for a in arrays]


def save_keyed(path, params):
    np.savez(path, **{k: np.ascontiguousarray(p.T if p.ndim == 2 else p, dtype="<f4") for k, p in zip(KEYS, params)})


def initial_model(init, seed, path=None):
    if path:
        return load_keyed(path)
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in LAYERS:
        if init == "torch":
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
    _, _, x_test, y_test = dataset()
    return float((forward(params, x_test)[2].argmax(1) == y_test).mean())


def train_numpy(params, indices, rng, lr=np.float32(0.05), batch=32):
    """One epoch of SGD on softmax cross-entropy averaged over each batch; returns the mean loss."""
    x_train, y_train, _, _ = dataset()
    params = [p.copy() for p in params]
    order = indices[rng.permutation(len(indices))]
    losses = []
    for start in range(0, len(order), batch):
        b = order[start:start + batch]
        x, y = x_train[b], y_train[b]
        h1, h2, logits = forward(params, x)
        shifted = logits - logits.max(1, keepdims=True)
        z = np.exp(shifted)
        total = z.sum(1, keepdims=True)
        losses.append(float((np.log(total[:, 0]) - shifted[np.arange(len(b)), y]).mean()))
        grad = z / total
        grad[np.arange(len(b)), y] -= 1
        grad /= np.float32(len(b))
        d2 = (grad @ params[4].T) * (h2 > 0)
        d1 = (d2 @ params[2].T) * (h1 > 0)
        grads = [x.T @ d1, d1.sum(0), h1.T @ d2, d2.sum(0), h2.T @ grad, grad.sum(0)]
        for p, g in zip(params, grads):
            p -= lr * g
    return params, float(np.mean(losses))


def train_torch(params, indices, rng, lr=0.05, batch=32):
    """The same epoch with a PyTorch nn.Sequential (weights kept as [in, out] arrays outside it)."""
    import torch
    torch.set_num_threads(1)
    x_train, y_train, _, _ = dataset()
    model = torch.nn.Sequential(torch.nn.Linear(784, 200), torch.nn.ReLU(), torch.nn.Linear(200, 200),
                                torch.nn.ReLU(), torch.nn.Linear(200, 10))
    with torch.no_grad():
        for i, layer in enumerate([model[0], model[2], model[4]]):
            layer.weight.copy_(torch.from_numpy(params[2 * i].T.copy()))
            layer.bias.copy_(torch.from_numpy(params[2 * i + 1]))
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    order = indices[rng.permutation(len(indices))]
    losses = []
    for start in range(0, len(order), batch):
        b = order[start:start + batch]
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(torch.from_numpy(x_train[b])), torch.from_numpy(y_train[b]))
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    out = []
    for layer in [model[0], model[2], model[4]]:
        out += [layer.weight.detach().numpy().T.copy(), layer.bias.detach().numpy().copy()]
    return out, float(np.mean(losses))


def make_apps():
    from flwr.app import ArrayRecord, ConfigRecord, Context, Message, MetricRecord, RecordDict
    from flwr.clientapp import ClientApp
    from flwr.serverapp import Grid, ServerApp
    from flwr.serverapp.strategy import FedAvg

    client = ClientApp()

    @client.train()
    def train(msg: Message, context: Context):
        s = settings()
        pid = int(context.node_config["partition-id"])
        server_round = int(msg.content["config"]["server-round"])
        params = msg.content["arrays"].to_numpy_ndarrays()
        indices = partition(pid)
        rng = np.random.default_rng([s["seed"], server_round, pid])
        trained, loss = (train_torch if s["impl"] == "torch" else train_numpy)(params, indices, rng)
        content = RecordDict({"arrays": ArrayRecord(trained),
                              "metrics": MetricRecord({"num-examples": len(indices), "train_loss": loss})})
        return Message(content=content, reply_to=msg)

    server = ServerApp()

    @server.main()
    def main(grid: Grid, context: Context):
        s = settings()
        curve = []

        def evaluate(server_round: int, arrays: ArrayRecord):
            a = accuracy(arrays.to_numpy_ndarrays())
            curve.append(a)
            return MetricRecord({"accuracy": a})

        strategy = FedAvg(fraction_train=1.0, fraction_evaluate=0.0, min_train_nodes=CLIENTS,
                          min_available_nodes=CLIENTS)
        result = strategy.start(grid=grid, initial_arrays=ArrayRecord(initial_model(s["init"], s["seed"], s.get("initial_model"))),
                                num_rounds=s["rounds"], train_config=ConfigRecord({}), evaluate_fn=evaluate)
        _cache["curve"] = curve
        if s.get("save"):
            save_keyed(s["save"], result.arrays.to_numpy_ndarrays())

    return server, client


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--impl", choices=["numpy", "torch"], default="numpy")
    ap.add_argument("--init", choices=["he", "torch"], default="he")
    ap.add_argument("--seed", type=int, default=0, help="initial weights and batch order")
    ap.add_argument("--partition-seed", type=int, default=42)
    ap.add_argument("--actors", type=int, default=2, help="ClientApp actors (one CPU each)")
    ap.add_argument("--save", help="write the final model here (.npz keyed as FedActors' --save-model)")
    ap.add_argument("--initial-model", help="start from this .npz (keyed as FedActors' --initial-model)")
    args = ap.parse_args()
    os.environ[SETTINGS_ENV] = json.dumps({"rounds": args.rounds, "impl": args.impl, "init": args.init,
                                           "seed": args.seed, "partition_seed": args.partition_seed,
                                           "save": args.save,
                                           "initial_model": args.initial_model})
    # One thread per BLAS call in every process: the actors are the parallelism, as Flower's
    # simulation guide advises for CPU clients.
    for name in ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"]:
        os.environ.setdefault(name, "1")
    from flwr.simulation import run_simulation
    server, client = make_apps()
    started = time.time()
    run_simulation(server_app=server, client_app=client, num_supernodes=CLIENTS,
                   backend_config={"client_resources": {"num_cpus": 1, "num_gpus": 0.0},
                                   "init_args": {"num_cpus": args.actors, "include_dashboard": False}})
    print(json.dumps({"accuracy": _cache.get("curve", []), "seconds": time.time() - started,
                      "settings": json.loads(os.environ[SETTINGS_ENV])}), flush=True)


if __name__ == "__main__":
    # Run as the importable module `workload`, not as __main__: Flower's Ray backend pickles the apps,
    # and functions of __main__ travel by value with a copy of the module's globals, so every
    # ClientApp call would start with an empty data cache and load Fashion-MNIST and the split again.
    # As a module they travel by reference, and each Ray worker keeps its cache (as a Flower app
    # loaded from its package does). The workers find the module through PYTHONPATH.
    import sys
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in [here, os.environ.get("PYTHONPATH")] if p)
    import workload
    workload.main()
