import Learning

/// Checks on what arrives from the other side of a call. A hostile or broken peer controls every
/// field of a decoded message, so a client checks the server's instructions and the server checks
/// each client's answers before using them: a bad value becomes a ``FederationError`` (a failed
/// call, a failed client in the round), never a trap, an overflow or a huge allocation.
package enum WireLimits {
    /// The most samples (or local steps) one client may report: 2^40, so sums over a million
    /// clients still fit in an `Int`.
    package static let maxCount = 1 << 40
}

extension ClientDescription {
    /// This description, if its counts are plausible.
    package func checked() throws(FederationError) -> ClientDescription {
        guard (0...WireLimits.maxCount).contains(sampleCount) else {
            throw FederationError(
                .invalidSetting,
                "client \(clientID) reports \(sampleCount) samples; expected 0 to \(WireLimits.maxCount)")
        }
        _ = try profile.device.validated()
        _ = try profile.link.validated()
        if let model { try model.check(from: clientID) }
        return self
    }
}

extension ModelDescription {
    /// The most classes and the most dimensions of a sample a described model may have.
    package static let maxClasses = 1 << 20
    package static let maxSampleRank = 4

    /// Throws unless this description from client `client` has a usable name, width, sample shape
    /// (at most ``maxSampleRank`` positive sizes whose product is at most ``LayerSize/maxElements``)
    /// and class count.
    package func check(from client: Int) throws(FederationError) {
        func refuse(_ what: String) -> FederationError {
            FederationError(.invalidSetting, "client \(client)'s model description \(what)")
        }
        guard !name.isEmpty, name.utf8.count <= 64 else {
            throw refuse("has a name of \(name.utf8.count) bytes; expected 1 to 64")
        }
        guard width > 0, width <= 1 else { throw refuse("has width \(width); expected (0, 1]") }
        guard (1...Self.maxSampleRank).contains(sampleShape.count) else {
            throw refuse(
                "has a \(sampleShape.count)-dimensional sample shape; expected 1 to \(Self.maxSampleRank) dimensions")
        }
        do {
            _ = try LayerSize.product(sampleShape, of: "its sample shape")
        } catch {
            throw refuse(
                """
                has sample shape \(sampleShape); expected positive sizes of at most \(LayerSize.maxElements) elements \
                in all
                """
            )
        }
        guard (1...Self.maxClasses).contains(classes) else {
            throw refuse("has \(classes) classes; expected 1 to \(Self.maxClasses)")
        }
    }
}

extension FitResult {
    /// Throws unless this is a plausible answer from client `client` to instructions carrying
    /// `sentCount` parameters (checked before anything is allocated from the result's lengths), and,
    /// when the client described its data (`describedSamples`), one that trained on that many samples.
    package func check(from client: Int, sentCount: Int, describedSamples: Int? = nil) throws(FederationError) {
        func refuse(_ what: String) -> FederationError {
            FederationError(.invalidUpdate, "client \(client)'s fit result \(what)")
        }
        guard clientID == client else { throw refuse("names client \(clientID)") }
        guard (0...WireLimits.maxCount).contains(sampleCount) else { throw refuse("reports \(sampleCount) samples") }
        if let describedSamples, sampleCount != describedSamples {
            throw refuse("reports \(sampleCount) samples; it described \(describedSamples)")
        }
        guard (0...WireLimits.maxCount).contains(localSteps) else { throw refuse("reports \(localSteps) local steps") }
        guard staleness == 0 else { throw refuse("claims staleness \(staleness); only the server sets it") }
        guard trainLoss.isFinite else { throw refuse("has training loss \(trainLoss)") }
        guard flops.isFinite, flops >= 0, computeSeconds.isFinite, computeSeconds >= 0 else {
            throw refuse("reports \(flops) FLOPs in \(computeSeconds) s")
        }
        if let encodedUpdate {
            guard parameters.isEmpty else { throw refuse("carries both parameters and a compressed update") }
            guard encodedUpdate.length == sentCount else {
                throw refuse(
                    "has a compressed update of \(encodedUpdate.length) coordinates; the model has \(sentCount)")
            }
        } else {
            guard parameters.count == sentCount else {
                throw refuse("has \(parameters.count) parameters; the model has \(sentCount)")
            }
            guard parameters.allSatisfy(\.isFinite) else { throw refuse("has non-finite parameters") }
        }
        if let delta = controlVariateDelta {
            guard delta.count == sentCount, delta.allSatisfy(\.isFinite) else {
                throw refuse(
                    """
                    has a control-variate change of \(delta.count) values (the model has \(sentCount)) or non-finite \
                    ones
                    """
                )
            }
        }
        for range in personalRanges ?? [] where range.lowerBound < 0 || range.upperBound > sentCount {
            throw refuse("keeps coordinates \(range) local, outside 0..<\(sentCount)")
        }
    }
}

extension EvaluateResult {
    /// Whether the counts and figures are usable (the server drops an evaluation that is not).
    public var isPlausible: Bool {
        (0...WireLimits.maxCount).contains(sampleCount) && loss.isFinite && accuracy.isFinite
            && (0...1).contains(accuracy)
    }
}

extension RealTimePacing {
    package func validated() throws(FederationError) -> RealTimePacing {
        _ = try TimeMode.realTime(scale: scale).validated()
        if let limitSeconds, !(limitSeconds >= 0 && limitSeconds.isFinite) {
            throw FederationError(
                .invalidSetting,
                "real-time limit is \(limitSeconds) s; it must be a finite number of seconds, at least 0")
        }
        return self
    }
}

extension ClientHooks {
    /// These hooks, if they fit a model of `parameterCount` parameters and their numbers are usable.
    package func validated(parameterCount: Int) throws(FederationError) -> ClientHooks {
        for (name, value) in [
            ("proximal mu", proximalMu), ("FedDyn alpha", dynamicAlpha), ("MOON mu", contrastive?.mu),
        ] {
            if let value, !(value >= 0 && value.isFinite) {
                throw FederationError(.invalidSetting, "\(name) is \(value); it must be a finite number, at least 0")
            }
        }
        if let t = contrastive?.temperature, !(t > 0 && t.isFinite) {
            throw FederationError(.invalidSetting, "MOON temperature is \(t); it must be a positive number")
        }
        if let c = controlVariate, c.count != parameterCount || !c.allSatisfy(\.isFinite) {
            throw FederationError(
                .invalidSetting,
                "the control variate has \(c.count) values (the model has \(parameterCount)) or non-finite ones")
        }
        return self
    }
}

extension FitInstructions {
    /// These instructions, if a client with a model of `parameterCount` parameters can follow them.
    package func validated(parameterCount: Int) throws(FederationError) -> FitInstructions {
        guard parameters.count == parameterCount else {
            throw FederationError(
                .invalidUpdate,
                "the server sent \(parameters.count) parameters; this client's model has \(parameterCount)")
        }
        guard parameters.allSatisfy(\.isFinite) else {
            throw FederationError(.invalidUpdate, "the server sent non-finite parameters")
        }
        _ = try plan.validated()
        _ = try hooks.validated(parameterCount: parameterCount)
        _ = try pacing?.validated()
        if let compression { _ = try Compression(stages: compression.stages, errorFeedback: compression.errorFeedback) }
        return self
    }
}
