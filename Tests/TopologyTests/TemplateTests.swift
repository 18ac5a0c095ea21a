import Testing
@testable import Topology

@Suite struct TemplateTests {
    @Test(arguments: [1, 15, 1000])
    func theScaffoldValidates(clients: Int) throws {
        let spec = try TopologyReader.parse(
            TopologyTemplate.text(name: "scaffold", clients: clients), file: "scaffold.yaml")
        #expect(spec.clientCount == clients)
        #expect(spec.name == "scaffold")
    }
}
