import Learning
import Testing

@testable import Topology

/// The `messy:` section: read into a ``MessySpec``, every bad value located, and settings that cannot
/// build data refused at the section.
@Suite struct MessyTopologyTests {
    static func text(_ messy: String, dataset: String = "fashion-mnist") -> String {
        """
        name: messy
        clients:
          - {group: sites, count: 6}
        data: {dataset: \(dataset), partition: iid}
        model: 2nn
        strategy: fedavg
        messy:
        \(messy)
        """
    }

    func issues(_ messy: String, dataset: String = "fashion-mnist") -> [String] {
        do {
            _ = try TopologyReader.parse(Self.text(messy, dataset: dataset), file: "messy.yaml")
            return []
        } catch let error as TopologyError {
            return error.issues.map { "\($0.line):\($0.column): \($0.field): \($0.message)" }
        } catch {
            return ["\(error)"]
        }
    }

    @Test func theSectionIsRead() throws {
        let spec = try TopologyReader.parse(
            Self.text(
                """
                  samples_per_client: 120
                  corrupt_fraction: 0.2
                  vocabularies: [french, typos]
                  raw_scale_fraction: 0
                  sensor_clients: 1
                  excluded_class_clients: 1
                  exclude: [Bag, Ankle boot]
                """), file: "messy.yaml")

        let messy = try #require(spec.messy)
        #expect(messy.samplesPerClient == 120 && messy.corruptFraction == 0.2 && messy.rawScaleFraction == 0)
        #expect(messy.vocabularies == [.french, .typos] && messy.excludedClasses == ["Bag", "Ankle boot"])
        #expect(messy.sensorClients == 1 && messy.excludedClassClients == 1)
    }

    @Test func aTopologyWithoutTheSectionHasNoMessyData() throws {
        let spec = try TopologyReader.parse(
            "name: x\nclients: [{count: 3}]\ndata: {dataset: fashion-mnist}\nmodel: 2nn\nstrategy: fedavg\n")

        #expect(spec.messy == nil)
    }

    @Test func badValuesAreLocated() {
        let found = issues(
            """
              corrupt_fraction: 0.9
              vocabularies: [french, klingon]
              exclude: [Hat]
            """)

        #expect(found.contains { $0.hasPrefix("8:21: messy.corrupt_fraction:") })
        #expect(found.contains { $0.hasPrefix("9:26: messy.vocabularies[1]:") && $0.contains("typos") })
        #expect(found.contains { $0.hasPrefix("10:13: messy.exclude[0]:") })
    }

    @Test func settingsThatCannotBuildDataAreRefusedAtTheSection() {
        #expect(issues("  excluded_class_clients: 2").contains { $0.contains("messy") && $0.contains("needs exclude") })
        #expect(issues("  sensor_clients: 6").contains { $0.contains("leave at least one client") })
        #expect(
            issues("  sensor_clients: 1", dataset: "synthetic-leaf").contains {
                $0.contains("set data.dataset to fashion-mnist")
            })
    }

    @Test func unknownKeysAreRefused() {
        #expect(issues("  samples: 10").contains { $0.contains("messy.samples") })
    }
}
