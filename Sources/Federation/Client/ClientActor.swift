import ActorMesh
import Distributed
import Foundation

/// What a client tells the server about itself.
public struct ClientDescription: Codable, Sendable, Equatable {
    public var clientID: Int
    public var sampleCount: Int
    public var parameterCount: Int
    public var profile: ClientProfile
    /// Which zoo model the client trains, when its trainer knows (HeteroFL cuts submodels by it).
    public var model: ModelDescription?

    public init(
        clientID: Int, sampleCount: Int, parameterCount: Int, profile: ClientProfile, model: ModelDescription? = nil
    ) {
        self.clientID = clientID
        self.sampleCount = sampleCount
        self.parameterCount = parameterCount
        self.profile = profile
        self.model = model
    }
}

/// One FL client: its data and model (through a ``LocalTrainer``) and its device profile.
///
/// `fit` trains for real and reports the FLOPs it spent; the server turns FLOPs and bytes into virtual
/// time with the profile, so a slow device costs no real time. With probability
/// `profile.device.dropoutProbability` (drawn from the round's seed) the client drops out mid-round:
/// `fit` throws ``FederationError/Code/droppedOut`` after doing no work. When the server asks for
/// compression, `fit` returns the compressed delta instead of the parameters (`UpdateCompressor`).
public distributed actor ClientActor {
    public typealias ActorSystem = MeshSystem

    public let clientID: Int
    /// Where the trainer computes: off the cooperative pool (see ``ClientWorkshop``).
    private let workshop: ClientWorkshop
    /// The trainer's parameter count (fixed: its model's layout).
    private let parameterCount: Int
    private let profile: ClientProfile
    private var compressor = UpdateCompressor()

    public init(actorSystem: MeshSystem, clientID: Int, trainer: sending any LocalTrainer, profile: ClientProfile) {
        self.actorSystem = actorSystem
        self.clientID = clientID
        parameterCount = trainer.parameterCount
        workshop = ClientWorkshop(trainer: trainer, label: "fedactors.client.\(clientID)")
        self.profile = profile
    }

    /// The conventional path of client `id` on its node.
    public static func path(for id: Int) -> String { "clients/\(id)" }

    public distributed func describe() async -> ClientDescription {
        let facts = await workshop.facts
        return ClientDescription(
            clientID: clientID, sampleCount: facts.sampleCount, parameterCount: facts.parameterCount,
            profile: profile, model: facts.model)
    }

    public distributed func fit(_ sent: FitInstructions) async throws -> FitResult {
        var rng = SplitMix64(seed: sent.plan.seed ^ 0xD809_0A7E)
        if profile.device.dropoutProbability > 0, rng.nextUnitDouble() < profile.device.dropoutProbability {
            throw FederationError(.droppedOut, "client \(clientID) dropped out of round \(sent.round)")
        }
        let instructions: FitInstructions
        do {
            instructions = try sent.validated(parameterCount: parameterCount)
        } catch {
            throw FederationError(
                error.code, "client \(clientID) refused round \(sent.round)'s instructions: \(error.message)")
        }
        let pacing = instructions.pacing
        let callStarted = ContinuousClock.now
        // Sleeps until `seconds` of real time (scaled) have passed since the call came in, never past the limit.
        func pace(until seconds: Double) async throws {
            guard let pacing else { return }
            let target = min(seconds * pacing.scale, pacing.limitSeconds ?? .infinity)
            let remaining = target - (ContinuousClock.now - callStarted).seconds
            // At most a day per wait: a virtual time that long is a profile mistake, not a pace to keep.
            if remaining > 0, remaining.isFinite { try await Task.sleep(for: .seconds(min(remaining, 86_400))) }
        }
        // Without network pacing the model has already come over the real network: only compute is slept.
        let pacesNetwork = pacing?.pacesNetwork ?? true
        let download =
            pacesNetwork
            ? VirtualTiming(profile: profile, flops: 0, bytesDown: 4 * instructions.parameters.count, bytesUp: 0)
                .downloadSeconds : 0
        try await pace(until: download)
        let started = ContinuousClock.now
        var hooks = instructions.hooks
        hooks.round = instructions.round
        let (fit, sampleCount) = try await workshop.fit(
            from: instructions.parameters, plan: instructions.plan, hooks: hooks)
        var parameters = fit.parameters, encoded: EncodedUpdate? = nil
        if let compression = instructions.compression {
            let delta = zip(fit.parameters, instructions.parameters).map { $0 - $1 }
            encoded = compressor.compress(delta, with: compression)
            parameters = []
        }
        let elapsed = ContinuousClock.now - started
        if pacing != nil {
            // Train for as long as this device would, then upload over its link.
            let up = encoded?.contentBytes ?? 4 * parameters.count
            let timing = VirtualTiming(profile: profile, flops: fit.flops, bytesDown: 0, bytesUp: up)
            try await pace(until: download + timing.computeSeconds + (pacesNetwork ? timing.uploadSeconds : 0))
        }
        return FitResult(
            clientID: clientID, parameters: parameters, sampleCount: sampleCount, trainLoss: fit.trainLoss,
            localSteps: fit.steps, flops: fit.flops, computeSeconds: elapsed.seconds,
            controlVariateDelta: fit.controlVariateDelta,
            personalRanges: fit.personalRanges,
            encodedUpdate: encoded)
    }

    public distributed func evaluate(_ parameters: [Float]) async throws -> EvaluateResult {
        guard parameters.count == parameterCount else {
            throw FederationError(
                .invalidUpdate,
                """
                client \(clientID) has a model of \(parameterCount) parameters; the server sent \
                \(parameters.count) to evaluate
                """
            )
        }
        let e = try await workshop.evaluate(parameters)
        return EvaluateResult(clientID: clientID, sampleCount: e.sampleCount, loss: e.loss, accuracy: e.accuracy)
    }
}
