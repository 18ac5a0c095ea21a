import Testing

@testable import Learning

/// The messy-data builder: the same arguments give the same data, the corrupt share and kinds are as
/// asked and recorded, each label style writes what its truth reads back, and irrelevant clients hold
/// what they should.
@Suite struct MessyDataTests {
    static let sensors = try? SyntheticSensors.generate(users: 4, seed: 1).train

    func build(_ spec: MessySpec, client: Int, of total: Int, seed: UInt64 = 7) throws -> MessyClientData {
        let images = try FashionMNIST.load().train
        let sensors = try #require(Self.sensors)
        return try MessyDataBuilder.build(
            spec, seed: seed, clientID: client, totalClients: total, images: images, sensors: sensors)
    }

    @Test func sameArgumentsGiveTheSameData() throws {
        let spec = MessySpec(samplesPerClient: 50, corruptFraction: 0.2)

        let a = try build(spec, client: 2, of: 5)
        let b = try build(spec, client: 2, of: 5)
        let other = try build(spec, client: 3, of: 5)

        #expect(a.samples.count == 50 && a.truth == b.truth)
        #expect(
            zip(a.samples, b.samples).allSatisfy {
                $0.label == $1.label && $0.features.elementsEqual($1.features, by: { $0.bitPattern == $1.bitPattern })
            })
        #expect(a.samples.map(\.label) != other.samples.map(\.label))
    }

    @Test func corruptSamplesAreTheAskedShareAndLookAsRecorded() throws {
        let spec = MessySpec(samplesPerClient: 100, corruptFraction: 0.2, vocabularies: [.canonical])

        let data = try build(spec, client: 0, of: 3)

        #expect(data.truth.corrupt.count == 20)
        for kind in CorruptionKind.allCases { #expect(data.truth.corrupt.values.contains(kind)) }
        for (i, kind) in data.truth.corrupt {
            let s = data.samples[i]
            switch kind {
            case .nan: #expect(s.features.contains { $0.isNaN })
            case .wrongShape: #expect(s.features.count != 784)
            case .blank: #expect(s.label.isEmpty)
            case .duplicate:
                #expect(data.samples[..<i].contains { $0.label == s.label && $0.features == s.features })
            }
        }
        let clean = data.samples.indices.filter { data.truth.corrupt[$0] == nil }
        #expect(clean.allSatisfy { data.samples[$0].features.count == 784 && !data.samples[$0].label.isEmpty })
    }

    @Test(arguments: LabelStyle.allCases) func everyStyleWritesLabelsItsTruthReadsBack(style: LabelStyle) throws {
        let spec = MessySpec(samplesPerClient: 200, corruptFraction: 0, vocabularies: [style])

        let data = try build(spec, client: 0, of: 2)

        let names = FashionMNIST.labelNames
        for (label, truth) in data.truth.labelMapping {
            if style == .merged, label == "top" || label == "footwear" {
                #expect(truth == nil)
            } else {
                #expect(truth.map { names.contains($0) } == true, "\(style): \(label)")
            }
        }
        if style != .canonical { #expect(!data.truth.labelMapping.keys.allSatisfy(names.contains)) }
    }

    @Test func irrelevantClientsHoldSensorsOrOnlyExcludedClasses() throws {
        let spec = MessySpec(
            samplesPerClient: 40, corruptFraction: 0, sensorClients: 1, excludedClassClients: 1,
            excludedClasses: ["Bag"])

        let sensor = try build(spec, client: 3, of: 4)
        let excluded = try build(spec, client: 2, of: 4)
        let images = try build(spec, client: 0, of: 4)

        #expect(sensor.truth.kind == .sensors && sensor.samples.allSatisfy { $0.shape == [32, 3] })
        #expect(excluded.truth.kind == .excludedClasses && Set(excluded.samples.map(\.label)) == ["Bag"])
        #expect(images.truth.kind == .images && !images.truth.labelMapping.values.contains("Bag"))
    }

    @Test func rawScaleClientsStorePixelValues() throws {
        let spec = MessySpec(samplesPerClient: 30, corruptFraction: 0, rawScaleFraction: 1)

        let data = try build(spec, client: 0, of: 2)

        #expect(data.truth.rawScale)
        let values = data.samples.flatMap(\.features)
        #expect((values.max() ?? 0) > 200 && (values.min() ?? -1) >= -0.5)
    }

    @Test func settingsThatCannotBuildAreRefusedSayingWhat() {
        #expect(MessySpec(corruptFraction: 0.9).problem(totalClients: 4)?.contains("corrupt_fraction") == true)
        #expect(MessySpec(excludedClassClients: 1).problem(totalClients: 4)?.contains("needs exclude") == true)
        #expect(MessySpec(sensorClients: 4).problem(totalClients: 4)?.contains("at least one client") == true)
        #expect(
            MessySpec(excludedClasses: ["Hat"]).problem(totalClients: 4)?.contains("not a Fashion-MNIST class") == true)
    }
}
