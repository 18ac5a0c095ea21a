extension FlowerTemplate {
    /// `task.py`: the data, the partition (flwr-datasets), the model in NumPy and in PyTorch, one
    /// client's local training, central evaluation, and the `.npz` weights, shared by both apps.
    static let task = #"""
        """@@NAME@@ in Flower: data, partition, model and training shared by the ServerApp and the ClientApp.

        Written by `fedactors export flower` from @@TOPOLOGY@@.
        Data: Fashion-MNIST read from the IDX files in the run config's data-dir (nothing is downloaded),
        pixels standardized by the training set's mean and standard deviation, as FedActors does.
        Partition: @@PARTITION_NOTE@@
        Model: @@MODEL_NOTE@@ Weights travel as a list of arrays in the order of KEYS, each in PyTorch's
        layout (a dense weight is [out, in]); the .npz files of `fedactors run --initial-model/--save-model`
        use the same keys, so weights move between FedActors, this app and PyTorch unchanged.
        """

        import gzip
        import os

        import numpy as np

        SIZES = @@SIZES@@
        KEYS = [f"dense{i}.{part}" for i in range(len(SIZES) - 1) for part in ("weight", "bias")]
        _cache = {}


        def _idx(folder, name, skip):
            with gzip.open(os.path.join(folder, name)) as fh:
                return np.frombuffer(fh.read()[skip:], dtype=np.uint8)


        def dataset(folder):
            """(train x, train y, test x, test y), standardized, loaded once per process."""
            if "data" not in _cache:
                train = _idx(folder, "train-images-idx3-ubyte.gz", 16).reshape(-1, SIZES[0]).astype(np.float64) / 255
                test = _idx(folder, "t10k-images-idx3-ubyte.gz", 16).reshape(-1, SIZES[0]).astype(np.float64) / 255
                mean, std = train.mean(), train.std()
                _cache["data"] = (
                    ((train - mean) / std).astype(np.float32),
                    _idx(folder, "train-labels-idx1-ubyte.gz", 8).astype(np.int64),
                    ((test - mean) / std).astype(np.float32),
                    _idx(folder, "t10k-labels-idx1-ubyte.gz", 8).astype(np.int64),
                )
            return _cache["data"]


        def partition_indices(config, partition_id, num_partitions):
            """The training indices of one partition, as flwr-datasets' partitioner splits the labels."""
            if "parts" not in _cache:
                from datasets import Dataset

                labels = dataset(config["data-dir"])[1]
                partitioner = make_partitioner(config, num_partitions)
                partitioner.dataset = Dataset.from_dict({"label": labels.tolist(), "index": list(range(len(labels)))})
                _cache["parts"] = [np.array(partitioner.load_partition(p)["index"]) for p in range(num_partitions)]
            return _cache["parts"][partition_id]


        def make_partitioner(config, num_partitions):
        @@PARTITIONER@@


        def initial_arrays(config):
            """The initial model: the run config's initial-model .npz, or He-normal weights from its seed."""
            if config["initial-model"]:
                return load_npz(config["initial-model"])
            rng = np.random.default_rng(int(config["seed"]))
            arrays = []
            for fan_in, fan_out in zip(SIZES, SIZES[1:]):
                arrays += [
                    (rng.standard_normal((fan_out, fan_in)) * np.sqrt(2 / fan_in)).astype(np.float32),
                    np.zeros(fan_out, dtype=np.float32),
                ]
            return arrays


        def load_npz(path):
            """The arrays of a FedActors/PyTorch-keyed .npz in KEYS order, checked."""
            with np.load(path) as npz:
                if sorted(npz.files) != sorted(KEYS):
                    raise ValueError(f"{path} holds {sorted(npz.files)}; this model needs {KEYS}")
                arrays = [np.asarray(npz[key], dtype=np.float32) for key in KEYS]
            for key, array, shape in zip(KEYS, arrays, shapes()):
                if array.shape != shape:
                    raise ValueError(f"{path}: {key} is {array.shape}; this model needs {shape}")
            return arrays


        def save_npz(path, arrays):
            np.savez(path, **{key: np.asarray(a, dtype="<f4") for key, a in zip(KEYS, arrays)})


        def shapes():
            return [s for i, o in zip(SIZES, SIZES[1:]) for s in ((o, i), (o,))]


        def forward(arrays, x):
            """Every layer's output; the last is the logits."""
            outputs = []
            for layer in range(len(SIZES) - 1):
                x = x @ arrays[2 * layer].T + arrays[2 * layer + 1]
                if layer < len(SIZES) - 2:
                    x = np.maximum(x, 0)
                outputs.append(x)
            return outputs


        def evaluate(arrays, folder):
            """(accuracy, mean cross-entropy) of the model on the 10,000 test images."""
            _, _, x, y = dataset(folder)
            logits = forward(arrays, x)[-1].astype(np.float64)
            shifted = logits - logits.max(1, keepdims=True)
            loss = np.log(np.exp(shifted).sum(1)) - shifted[np.arange(len(y)), y]
            return float((logits.argmax(1) == y).mean()), float(loss.mean())


        def train(arrays, indices, config, rng, proximal_mu=0.0):
            """Local epochs of SGD on the mean softmax cross-entropy of each batch (plus mu/2 * |w - w_global|^2
            with FedProx); returns the new arrays and the mean batch loss."""
            if config["model-impl"] == "torch":
                return train_torch(arrays, indices, config, rng, proximal_mu)
            if config["model-impl"] != "numpy":
                raise ValueError(f"model-impl is {config['model-impl']!r}; use 'numpy' or 'torch'")
            x_train, y_train, _, _ = dataset(config["data-dir"])
            start = [a.copy() for a in arrays]
            arrays = [a.copy() for a in arrays]
            lr, batch, losses = np.float32(config["learning-rate"]), int(config["batch-size"]), []
            for _ in range(int(config["local-epochs"])):
                order = indices[rng.permutation(len(indices))]
                for first in range(0, len(order), batch):
                    chosen = order[first:first + batch]
                    x, y = x_train[chosen], y_train[chosen]
                    outputs = forward(arrays, x)
                    shifted = outputs[-1] - outputs[-1].max(1, keepdims=True)
                    z = np.exp(shifted)
                    total = z.sum(1, keepdims=True)
                    losses.append(float((np.log(total[:, 0]) - shifted[np.arange(len(y)), y]).mean()))
                    delta = z / total
                    delta[np.arange(len(y)), y] -= 1
                    delta /= np.float32(len(y))
                    grads = [None] * len(arrays)
                    for layer in reversed(range(len(SIZES) - 1)):
                        below = x if layer == 0 else outputs[layer - 1]
                        grads[2 * layer], grads[2 * layer + 1] = delta.T @ below, delta.sum(0)
                        if layer > 0:
                            delta = (delta @ arrays[2 * layer]) * (below > 0)
                    for a, g, s in zip(arrays, grads, start):
                        a -= lr * (g + np.float32(proximal_mu) * (a - s))
            return arrays, float(np.mean(losses))


        def torch_module():
            """The model as a PyTorch module whose state_dict keys are KEYS."""
            import torch

            class Net(torch.nn.Module):
                def __init__(self):
                    super().__init__()
                    for i, (fan_in, fan_out) in enumerate(zip(SIZES, SIZES[1:])):
                        setattr(self, f"dense{i}", torch.nn.Linear(fan_in, fan_out))

                def forward(self, x):
                    x = x.flatten(1)
                    for i in range(len(SIZES) - 1):
                        x = getattr(self, f"dense{i}")(x)
                        if i < len(SIZES) - 2:
                            x = torch.relu(x)
                    return x

            return Net()


        def train_torch(arrays, indices, config, rng, proximal_mu):
            import torch

            torch.set_num_threads(1)
            x_train, y_train, _, _ = dataset(config["data-dir"])
            model = torch_module()
            model.load_state_dict({key: torch.from_numpy(a.copy()) for key, a in zip(KEYS, arrays)})
            start = [torch.from_numpy(a.copy()) for a in arrays]
            optimizer = torch.optim.SGD(model.parameters(), lr=float(config["learning-rate"]))
            batch, losses = int(config["batch-size"]), []
            for _ in range(int(config["local-epochs"])):
                order = indices[rng.permutation(len(indices))]
                for first in range(0, len(order), batch):
                    chosen = order[first:first + batch]
                    optimizer.zero_grad()
                    loss = torch.nn.functional.cross_entropy(
                        model(torch.from_numpy(x_train[chosen])), torch.from_numpy(y_train[chosen]))
                    losses.append(loss.item())
                    if proximal_mu:
                        params = [model.state_dict(keep_vars=True)[key] for key in KEYS]
                        loss = loss + proximal_mu / 2 * sum(((p - s) ** 2).sum() for p, s in zip(params, start))
                    loss.backward()
                    optimizer.step()
            state = model.state_dict()
            return [state[key].detach().numpy().copy() for key in KEYS], float(np.mean(losses))
        """#
}
