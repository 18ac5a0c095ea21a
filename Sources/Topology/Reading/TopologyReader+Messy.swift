import Learning

extension TopologyReader {
    /// The `messy:` section: how messy every client's data is (``MessySpec``), each value checked in
    /// place; the settings together are checked against the clients in ``messyProblem(_:_:spec:)``.
    static func readMessy(_ value: YAMLValue?) -> MessySpec? {
        guard let m = value?.mapping() else { return nil }
        var spec = MessySpec()
        if let n = m.optional("samples_per_client")?.int(10...6_000) { spec.samplesPerClient = n }
        if let f = m.optional("corrupt_fraction")?.double(0...0.5, "a share of corrupt samples in 0...0.5") {
            spec.corruptFraction = f
        }
        if let f = m.optional("raw_scale_fraction")?.double(0...1, "a share of clients in 0...1") {
            spec.rawScaleFraction = f
        }
        let styles = LabelStyle.allCases.map(\.rawValue)
        if let v = m.optional("vocabularies"), let items = v.sequence() {
            if items.isEmpty {
                v.fail("at least one vocabulary, of \(styles.joined(separator: ", "))")
            } else {
                spec.vocabularies = items.compactMap { $0.oneOf(styles).flatMap(LabelStyle.init(rawValue:)) }
            }
        }
        if let n = m.optional("sensor_clients")?.int(0...TopologyReader.maxClients) { spec.sensorClients = n }
        if let n = m.optional("excluded_class_clients")?.int(0...TopologyReader.maxClients) {
            spec.excludedClassClients = n
        }
        if let e = m.optional("exclude"), let items = e.sequence() {
            spec.excludedClasses = items.compactMap { $0.oneOf(FashionMNIST.labelNames) }
        }
        m.finish()
        return spec
    }

    /// Records what stops `messy` from building the clients' data, at the section.
    static func checkMessy(_ messy: MessySpec, _ value: YAMLValue, spec: TopologySpec) {
        if spec.data.dataset != "fashion-mnist" {
            value.log.record(
                value.node, value.path,
                """
                messy data is built from Fashion-MNIST, but data.dataset is \(spec.data.dataset): set data.dataset to \
                fashion-mnist or remove messy
                """
            )
        } else if let problem = messy.problem(totalClients: spec.clientCount) {
            value.log.record(value.node, value.path, problem)
        }
    }
}
