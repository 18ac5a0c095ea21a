/// How messy the clients' data is: the `messy:` section of a topology. Every client of the run holds
/// its own Fashion-MNIST sample (or, for the irrelevant ones, data the task cannot use), written in a
/// label vocabulary of its own, with a share of corrupt samples. ``MessyDataBuilder`` builds a client's
/// data from this, the run's seed and the client's id alone, so a node builds its clients' data locally.
package struct MessySpec: Codable, Sendable, Equatable {
    /// Samples each client holds before corruption.
    package var samplesPerClient: Int
    /// Share of each client's samples that are corrupt (NaN, wrong shape, blank label, duplicate), 0...0.5.
    package var corruptFraction: Double
    /// The label vocabularies, cycled over the relevant clients (client i writes its labels in
    /// `vocabularies[i % count]`).
    package var vocabularies: [LabelStyle]
    /// Share of the relevant clients whose pixels are stored on the raw 0–255 scale instead of standardized.
    package var rawScaleFraction: Double
    /// How many clients (the last ones) hold synthetic sensor sequences instead of images.
    package var sensorClients: Int
    /// How many clients (before the sensor ones) hold only classes the task excludes.
    package var excludedClassClients: Int
    /// Fashion-MNIST classes the task leaves out (their canonical names, e.g. "Bag").
    package var excludedClasses: [String]

    package init(
        samplesPerClient: Int = 200, corruptFraction: Double = 0.1, vocabularies: [LabelStyle] = LabelStyle.allCases,
        rawScaleFraction: Double = 0.25, sensorClients: Int = 0, excludedClassClients: Int = 0,
        excludedClasses: [String] = []
    ) {
        self.samplesPerClient = samplesPerClient
        self.corruptFraction = corruptFraction
        self.vocabularies = vocabularies
        self.rawScaleFraction = rawScaleFraction
        self.sensorClients = sensorClients
        self.excludedClassClients = excludedClassClients
        self.excludedClasses = excludedClasses
    }

    /// The task's classes: Fashion-MNIST's, without the excluded ones, in their order.
    package var taskClasses: [String] {
        FashionMNIST.labelNames.filter { !excludedClasses.contains($0) }
    }

    /// What client `id` of `total` holds.
    package func kind(ofClient id: Int, total: Int) -> MessyClientKind {
        if id >= total - sensorClients { return .sensors }
        if id >= total - sensorClients - excludedClassClients { return .excludedClasses }
        return .images
    }

    /// Why the spec cannot build data, or nil: what to change.
    package func problem(totalClients: Int) -> String? {
        if samplesPerClient < 10 || samplesPerClient > 6_000 {
            return "samples_per_client is \(samplesPerClient); use 10 to 6000"
        }
        if !(0...0.5).contains(corruptFraction) { return "corrupt_fraction is \(corruptFraction); use 0 to 0.5" }
        if !(0...1).contains(rawScaleFraction) { return "raw_scale_fraction is \(rawScaleFraction); use 0 to 1" }
        if vocabularies.isEmpty { return "vocabularies is empty; name at least one (e.g. canonical)" }
        if let unknown = excludedClasses.first(where: { !FashionMNIST.labelNames.contains($0) }) {
            return
                """
                excluded class '\(unknown)' is not a Fashion-MNIST class; use one of \
                \(FashionMNIST.labelNames.joined(separator: ", "))
                """
        }
        if excludedClassClients > 0, excludedClasses.isEmpty {
            return "excluded_class_clients needs exclude: the classes the task leaves out (e.g. [Bag])"
        }
        if taskClasses.count < 2 { return "the task keeps fewer than 2 classes; exclude fewer" }
        if sensorClients < 0 || excludedClassClients < 0 || sensorClients + excludedClassClients >= totalClients {
            return
                """
                sensor_clients + excluded_class_clients is \(sensorClients + excludedClassClients) of \(totalClients) \
                clients; leave at least one client with task data
                """
        }
        return nil
    }
}

/// What a messy client holds.
package enum MessyClientKind: String, Codable, Sendable, Equatable {
    /// Fashion-MNIST images of the task's classes, in the client's own vocabulary.
    case images
    /// Fashion-MNIST images of excluded classes only: irrelevant to the task.
    case excludedClasses = "excluded_classes"
    /// Synthetic sensor sequences: another dataset altogether.
    case sensors
}
