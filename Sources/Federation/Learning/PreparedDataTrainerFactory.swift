import Learning

/// A ``TrainerFactory`` that can also build a client over data prepared on its node (a messy
/// client's data, cleaned and relabelled by its ``ClientDataAgent``) rather than the partition's.
package protocol PreparedDataTrainerFactory: TrainerFactory {
    /// The trainer of client `clientID` of `setup` over `prepared`, whose labels index its
    /// `labelNames` (the task's classes, a subset of the setup's dataset's classes by name).
    func makeTrainer(_ setup: ClientSetup, clientID: Int, prepared: Dataset) throws -> any LocalTrainer
}
