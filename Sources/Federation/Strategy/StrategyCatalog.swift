/// Builds strategies from their topology names and numeric options.
public enum StrategyCatalog {
    /// Names this build can run.
    public static var available: [String] { ["fedavg", "fedprox"] }

    /// The strategy `name` with `options` (e.g. `mu` for FedProx). Unknown names and options fail with
    /// a message listing what exists.
    public static func make(name: String, options: [String: Double]) throws(FederationError) -> any Strategy {
        func only(_ allowed: [String]) throws(FederationError) {
            for key in options.keys where !allowed.contains(key) {
                throw FederationError(.invalidSetting, "\(name) has no option '\(key)'; its options are: \(allowed.isEmpty ? "none" : allowed.joined(separator: ", "))")
            }
        }
        switch name {
        case "fedavg":
            try only([])
            return try FedAvg()
        case "fedprox":
            try only(["mu"])
            return try FedAvg(proximalMu: Float(options["mu"] ?? 0.01))
        default:
            throw FederationError(.invalidSetting, "strategy '\(name)' is not available in this build; available: \(available.joined(separator: ", "))")
        }
    }
}
