import ActorMesh

/// Everything that determines a run's results, as named settings with canonical text values (for
/// example `training.learning_rate` = `0.05`), and a digest over them. A checkpoint records the
/// fingerprint of the run that wrote it; a resume under another fingerprint is refused, naming the
/// first setting that differs.
///
/// The Federation layer only stores and compares fingerprints; which settings make one up is decided
/// where the run is described (the Topology module builds it from a topology). An empty fingerprint
/// (a server configured in code without one) matches only another empty one.
package struct RunFingerprint: Codable, Sendable, Equatable {
    /// One setting: its dotted name and its canonical value.
    package struct Setting: Codable, Sendable, Equatable {
        package var name: String
        package var value: String

        package init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The settings, in the order they were given (the order mismatches are looked for in).
    package private(set) var settings: [Setting]
    /// FNV-1a 64 of every `name=value` line, in order.
    package private(set) var digest: UInt64

    /// A fingerprint of `settings`; a name given twice keeps its first value.
    package init(_ settings: [(name: String, value: String)]) {
        var seen = Set<String>()
        self.settings = settings.filter { seen.insert($0.name).inserted }.map {
            Setting(name: $0.name, value: $0.value)
        }
        digest = Self.digest(of: self.settings)
    }

    /// No settings: a run configured in code.
    package static let empty = RunFingerprint([])

    static func digest(of settings: [Setting]) -> UInt64 {
        BuildFingerprint.of(settings.map { "\($0.name)=\($0.value)\n" }.joined())
    }

    /// The value of setting `name`, if the fingerprint has it.
    package subscript(name: String) -> String? { settings.first { $0.name == name }?.value }

    /// Why a checkpoint with fingerprint `recorded` cannot continue a run with this one, naming the
    /// first setting (in this fingerprint's order, then the recorded one's) that differs; nil when
    /// they match. `current` names where this fingerprint's settings come from ("this topology").
    package func mismatch(recorded: RunFingerprint, current: String = "this run") -> String? {
        // A digest that does not match its own settings is a damaged (or hand-made) checkpoint.
        if recorded.digest != Self.digest(of: recorded.settings) {
            return
                """
                the checkpoint's run settings do not match their digest: the file was altered after it was written; \
                start afresh
                """
        }
        guard recorded.digest != digest || recorded.settings != settings else { return nil }
        let advice = ": resume with the topology it was written with, or start afresh"
        for setting in settings {
            switch recorded[setting.name] {
            case setting.value?: continue
            case let old?:
                return
                    "the checkpoint was written with \(setting.name) \(old); \(current) has \(setting.value)\(advice)"
            case nil:
                return
                    """
                    the checkpoint was written without \(setting.name); \(current) has \(setting.name) \
                    \(setting.value)\(advice)
                    """
            }
        }
        for old in recorded.settings where self[old.name] == nil {
            return "the checkpoint was written with \(old.name) \(old.value); \(current) has no \(old.name)\(advice)"
        }
        return "the checkpoint lists the run's settings in another order\(advice)"
    }
}
