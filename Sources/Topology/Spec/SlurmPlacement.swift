/// How a `slurm` host's node is placed on a cluster: one `srun` job step running `fedactors node`.
package struct SlurmPlacement: Sendable, Equatable {
    /// `srun --partition`; nil: the cluster's default partition.
    package var partition: String?
    /// `srun --nodelist`: the machine (or Slurm node list) the step runs on; nil: the scheduler picks.
    package var nodelist: String?
    /// `srun --time`: the step's time limit in Slurm's forms (`30`, `1:00:00`, `1-0`); nil: the partition's.
    package var time: String?
    /// `srun --chdir`: the directory the node runs in; nil: this directory.
    package var workdir: String?
    /// The path of the fedactors executable on the compute nodes; nil: this fedactors (a shared file system).
    package var fedactors: String?
    /// More `srun` options, placed before the command (e.g. `[--account=ml, --mem=4G]`).
    package var srunArguments: [String]

    package init(
        partition: String? = nil, nodelist: String? = nil, time: String? = nil, workdir: String? = nil,
        fedactors: String? = nil, srunArguments: [String] = []
    ) {
        self.partition = partition
        self.nodelist = nodelist
        self.time = time
        self.workdir = workdir
        self.fedactors = fedactors
        self.srunArguments = srunArguments
    }
}
