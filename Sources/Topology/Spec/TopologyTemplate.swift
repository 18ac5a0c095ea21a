/// The commented topology `fedactors topology new` writes: every section, with its defaults.
package enum TopologyTemplate {
    package static func text(name: String, clients: Int) -> String {
        let minimum = min(2, clients)
        return """
            # \(name): a FedActors topology. Check it with `fedactors validate`, run it with `fedactors run`.
            name: \(name)
            seed: 42                         # every random choice of the run derives from it

            # Where the clients' nodes run. start: local (a child process here), inprocess (inside this process),
            # command (a command you give), ssh (`address: user@host`, through the ssh client), slurm (an srun
            # job step), or running (a node already up at `endpoint`). Without hosts, every client runs in
            # this process.
            hosts:
              - {name: client-node, start: local}
            # The FL server runs in the process that runs `fedactors run`; it listens on server.bind, which
            # every node must reach (port 0: any free port; nodes on other machines need a non-loopback address).
            server: {bind: "tcp://127.0.0.1:0"}

            # Client groups: a count, where they run, and how their devices and links behave. Numbers can be
            # drawn per client: {uniform: [lo, hi]}, {lognormal: {median: m, sigma: s}}, {choice: {values, weights}}.
            clients:
              - group: phones
                count: \(clients)
                host: client-node
                device:
                  flops_per_second: {lognormal: {median: 2e9, sigma: 0.5}}
                  availability: 0.9          # probability of being online when a round starts
                  dropout: 0.05              # probability of dropping out mid-round
                link: {down_mbps: 20, up_mbps: 5, latency_ms: 40}

            data:
              dataset: fashion-mnist         # fashion-mnist | synthetic-leaf | synthetic-sensors
              partition: {kind: dirichlet, alpha: 0.5}   # iid | dirichlet (alpha) | flower_dirichlet (alpha) | shards (shards_per_client) | long_tail | domains | by_user
              # corruptions:
              #   - {kind: gaussian_noise, range: [0.2, 0.8]}
              #   - {kind: label_flip, range: [0.0, 0.5]}

            model: 2nn                       # logreg | 2nn | cnn | resnet8 | gru; or {name: cnn, width: 0.5}
            strategy: fedavg                 # or {name: fedprox, mu: 0.01}; `fedactors validate` lists the names

            training: {rounds: 10, local_epochs: 1, batch_size: 32, learning_rate: 0.05}
            participation:
              fraction: 0.3                  # share of clients invited each round
              round: ceil                    # ceil: 30% of 15 is 5 | floor: 4, as Flower counts
              min_fit: \(minimum)                     # results needed to aggregate
              min_available: \(minimum)
              sampling: uniform              # uniform | by_size | power_of_choice (with candidates: N)
              overcommit: 0.2                # invite 20% more, keep the first answers
              deadline_seconds: 60           # virtual seconds; later answers are stragglers
            timing: {mode: virtual}          # or {mode: real, scale: 0.01}: delays slept for real, 1 virtual s = 0.01 s
            evaluation: {every: 1, federated: false}
            compression: none                # none | q8 | q16 | {kind: topk, fraction: 0.01, error_feedback: true}
            report:
              json: runs/\(name).json
              csv: runs/\(name).csv
              html: runs/\(name).html
            # security: {curve_mesh_key: keys/mesh.key}   # CurveZMQ for the whole run (fedactors keys generate --name mesh --directory keys)

            """
    }
}
