extension FlowerTemplate {
    /// `server_app.py`: the strategy with the topology's options, central evaluation, the weights' files.
    static let serverApp = #"""
        """@@NAME@@: the ServerApp (written by `fedactors export flower` from @@TOPOLOGY@@)."""

        from flwr.app import ArrayRecord, ConfigRecord, Context, MetricRecord
        from flwr.serverapp import Grid, ServerApp
        from flwr.serverapp.strategy import @@STRATEGY_CLASS@@

        from @@PACKAGE@@ import task

        app = ServerApp()


        @app.main()
        def main(grid: Grid, context: Context) -> None:
            config = context.run_config
            every = int(config["evaluate-every"])

            def central_evaluation(server_round: int, arrays: ArrayRecord):
                if every <= 0 or server_round == 0 or server_round % every != 0:
                    return None
                accuracy, loss = task.evaluate(arrays.to_numpy_ndarrays(), config["data-dir"])
                print(f"round {server_round}: accuracy {accuracy:.4f}, loss {loss:.4f}", flush=True)
                return MetricRecord({"accuracy": accuracy, "loss": loss})

            strategy = @@STRATEGY@@
            result = strategy.start(
                grid=grid,
                initial_arrays=ArrayRecord(task.initial_arrays(config)),
                num_rounds=int(config["num-server-rounds"]),
                train_config=ConfigRecord({}),
                evaluate_fn=central_evaluation,
            )
            if config["save-model"]:
                task.save_npz(config["save-model"], result.arrays.to_numpy_ndarrays())
                print(f"model: {config['save-model']}", flush=True)
        """#

    /// `client_app.py`: one client's local training on its partition.
    static let clientApp = #"""
        """@@NAME@@: the ClientApp (written by `fedactors export flower` from @@TOPOLOGY@@)."""

        import numpy as np
        from flwr.app import ArrayRecord, Context, Message, MetricRecord, RecordDict
        from flwr.clientapp import ClientApp

        from @@PACKAGE@@ import task

        app = ClientApp()


        @app.train()
        def train(msg: Message, context: Context) -> Message:
            config = context.run_config
            partition_id = int(context.node_config["partition-id"])
            num_partitions = int(context.node_config["num-partitions"])
            if num_partitions != int(config["num-partitions"]):
                raise ValueError(
                    f"the federation has {num_partitions} nodes; this app's partition has {config['num-partitions']}: "
                    "run it with num-supernodes equal to num-partitions"
                )
            server_round = int(msg.content["config"]["server-round"])
            proximal_mu = float(msg.content["config"].get("proximal-mu", 0.0))
            indices = task.partition_indices(config, partition_id, num_partitions)
            rng = np.random.default_rng([int(config["seed"]), server_round, partition_id])
            arrays, loss = task.train(msg.content["arrays"].to_numpy_ndarrays(), indices, config, rng, proximal_mu)
            metrics = MetricRecord({"num-examples": len(indices), "train_loss": loss})
            return Message(content=RecordDict({"arrays": ArrayRecord(arrays), "metrics": metrics}), reply_to=msg)
        """#
}
