import ActorMesh
import Foundation

/// Finds the executables this package builds, next to the running test binary.
package enum Executables {
    /// The build products folder of the running test bundle (e.g. `.build/release`).
    package static var productsDirectory: URL {
        var url = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        // The test binary sits at <products>/<Package>PackageTests.xctest on Linux.
        while url.pathComponents.count > 1 {
            url.deleteLastPathComponent()
            if !url.lastPathComponent.hasSuffix(".xctest") { break }
        }
        return url
    }

    /// The URL of executable `name`, or an error that says how to build it.
    package static func url(_ name: String) throws -> URL {
        let url = productsDirectory.appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw MeshError(
                .invalidConfiguration,
                "\(url.path) is missing: build it first (scripts/test runs `swift build` before `swift test`)")
        }
        return url
    }

    /// Starts a test node process (`fedactors-testnode`) with `arguments`.
    package static func launchTestNode(_ arguments: [String] = []) async throws -> NodeProcess {
        try await NodeProcess.launch(executable: try url("fedactors-testnode"), arguments: arguments)
    }
}
