import Foundation

/// The `srun` command line that places a `slurm` host's node on a cluster, as a value (tested
/// without a cluster): one job step of one task on one node per host.
///
/// The run token reaches the node in its environment: srun hands the caller's environment to the
/// step (`--export=ALL`, written out so an `SLURM_EXPORT_ENV` setting cannot drop it), and the node
/// reads `FEDACTORS_RUN_TOKEN`; it is on no command line. srun forwards its standard input to the
/// task, so the node stops when the run closes it, and stopping srun cancels the step.
///
/// The node binds every address of its machine (`tcp://0.0.0.0:0` unless the host gives `bind`) and
/// announces its machine's host name with the port it got (`--advertise-hostname`): where the
/// scheduler puts it is known only once it runs.
package struct SrunCommand: Sendable, Equatable {
    package let hostName: String
    package let placement: SlurmPlacement
    /// What the node binds.
    package let bind: String
    /// The fedactors to run when the placement names none (this one: a shared file system).
    package let executable: String
    /// The mesh key's path on the compute nodes (this machine's, made absolute: a shared file
    /// system), when the run uses CurveZMQ.
    package let meshKey: String?

    package init(hostName: String, placement: SlurmPlacement, bind: String, executable: String, meshKey: String? = nil)
    {
        self.hostName = hostName
        self.placement = placement
        self.bind = bind
        self.executable = executable
        self.meshKey = meshKey.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    }

    /// The default `bind` of a slurm host: every address of the machine the step lands on, any port.
    package static let defaultBind = "tcp://0.0.0.0:0"

    /// The arguments of `srun`.
    package var arguments: [String] {
        var words = [
            "--job-name=fedactors-\(hostName)", "--nodes=1", "--ntasks=1", "--export=ALL", "--input=all", "--quiet",
        ]
        if let partition = placement.partition { words.append("--partition=\(partition)") }
        if let nodelist = placement.nodelist { words.append("--nodelist=\(nodelist)") }
        if let time = placement.time { words.append("--time=\(time)") }
        if let workdir = placement.workdir { words.append("--chdir=\(workdir)") }
        words += placement.srunArguments
        words += [placement.fedactors ?? executable, "node", "--bind", bind, "--advertise-hostname"]
        if let meshKey { words += ["--curve-mesh-key", meshKey] }
        return words
    }
}
