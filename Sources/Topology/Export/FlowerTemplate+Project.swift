/// The text of the files of an exported Flower app, with `@@NAME@@` slots ``FlowerExport`` fills.
enum FlowerTemplate {
    /// `pyproject.toml`: the package, Flower's app components and the run config.
    static let pyproject = #"""
        # Written by `fedactors export flower` from @@TOPOLOGY@@.
        [build-system]
        requires = ["hatchling"]
        build-backend = "hatchling.build"

        [project]
        name = "@@PROJECT@@"
        version = "1.0.0"
        description = "@@NAME@@ (a FedActors topology) as a Flower app"
        license = "Apache-2.0"
        dependencies = ["flwr[simulation]==1.42.0", "flwr-datasets==0.6.1", "numpy>=2"]

        [project.optional-dependencies]
        # model-impl = "torch" trains the clients with PyTorch instead of NumPy.
        torch = ["torch"]

        [tool.hatch.build.targets.wheel]
        packages = ["."]

        [tool.flwr.app]
        publisher = "fedactors"

        [tool.flwr.app.components]
        serverapp = "@@PACKAGE@@.server_app:app"
        clientapp = "@@PACKAGE@@.client_app:app"

        [tool.flwr.app.config]
        @@RUN_CONFIG@@
        """#

    /// `README.md` of the app.
    static let readme = #"""
        # @@NAME@@ as a Flower app

        Written by `fedactors export flower` from `@@TOPOLOGY@@`. It runs the topology's federated
        training in Flower's simulation runtime: @@SUMMARY@@

        ```sh
        python3 -m venv .venv && . .venv/bin/activate   # flwr run needs the venv's bin on PATH
        pip install -e .                       # pip install -e '.[torch]' for model-impl = "torch"
        flwr run . --federation-config "num-supernodes=@@CLIENTS@@" --stream
        ```

        Flower 1.42 runs the app on a local SuperLink it starts on first use (it stays running
        afterwards: stop its `flower-superlink` process when done) and installs the app's
        dependencies into a fresh environment per run, so the first run needs PyPI. The number of
        simulated nodes must equal `num-partitions` (@@CLIENTS@@): one node per FedActors client.

        The run config (`[tool.flwr.app.config]` in pyproject.toml, or `flwr run . --run-config 'key=value'`):

        - `initial-model`: the `.npz` the global model starts from. The export wrote FedActors' own
          initial model for the topology's seed there, so both start from the same weights; empty: He-normal
          weights drawn from `seed` by NumPy.
        - `save-model`: where to write the final global model as `.npz` (empty: nowhere);
          `fedactors run --initial-model FILE` continues from it, and PyTorch loads it with
          `model.load_state_dict({k: torch.from_numpy(v) for k, v in np.load(FILE).items()})` into
          `task.torch_module()`.
        - `model-impl`: `numpy` (no PyTorch needed) or `torch`.
        - `data-dir`: the folder of Fashion-MNIST's four IDX `.gz` files (Debian's dataset-fashion-mnist).

        What differs from FedActors: @@DIFFERENCES@@
        """#
}
