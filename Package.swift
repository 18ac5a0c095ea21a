// swift-tools-version: 6.1
// FedActors: a distributed-actor federated-learning simulator on our own ZeroMQ transport.
import PackageDescription

// Linux only: the code imports Glibc, reads /proc and drives network namespaces, so no Apple
// platform is declared (SwiftPM's `platforms` names only Apple ones).
let package = Package(
    name: "FedActors",
    products: [
        .executable(name: "fedactors", targets: ["fedactors"]),
        .library(name: "ActorMesh", targets: ["ActorMesh"]),
        .library(name: "Learning", targets: ["Learning"]),
        .library(name: "Federation", targets: ["Federation"]),
        .library(name: "ZeroMQ", targets: ["ZeroMQ"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        // Only for `swift package generate-documentation` (the DocC catalogs in Sources/*/*.docc);
        // no target depends on it, so builds do not compile it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // C shims: a module map and a header each, nothing else. Each is imported by exactly one Swift module.
        // No pkgConfig for libzmq: its .pc adds `-isystem /usr/include/mit-krb5`, which SwiftPM rejects
        // with a warning; zmq.h is in the default include path and the module map links libzmq.
        .systemLibrary(name: "CZeroMQ", providers: [.apt(["libzmq3-dev"])]),
        .systemLibrary(
            name: "COpenBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        // No pkgConfig for zlib either: zlib.h is in the default include path and the module map links libz.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),

        // Swift wrapper of libzmq (the only importer of CZeroMQ).
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"]),
        // The distributed actor system: IDs, envelope, codec, transports, metering, faults.
        .target(
            name: "ActorMesh",
            dependencies: ["ZeroMQ", .product(name: "Logging", package: "swift-log")]),
        // What tests build meshes with: the in-memory transport and a clock moved by hand.
        .target(name: "ActorMeshTesting", dependencies: ["ActorMesh"]),
        // Tensors, layers, models, optimizers, datasets, partitioners (the only importer of COpenBLAS
        // and of CZlib, which reads the datasets' .gz files and the .npz files' CRC-32).
        .target(name: "Learning", dependencies: ["COpenBLAS", "CZlib"]),
        // Federated learning: server and client actors, strategies, participation, stragglers, reports.
        .target(
            name: "Federation",
            dependencies: ["ActorMesh", "Learning", .product(name: "Logging", package: "swift-log")]),
        // Topology files: the YAML format, validation with file:line:column errors, placement.
        .target(
            name: "Topology",
            dependencies: [
                "ZeroMQ", "ActorMesh", "Federation", "Learning", .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Agent roles and their decision backends (the only importer of CCurl).
        .target(
            name: "Agents",
            dependencies: [
                "ActorMesh", "Federation", "Learning", "Topology", "CCurl",
                .product(name: "Logging", package: "swift-log"), .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Catalog/methods.json"), .copy("Understanding/cue-model.json")]),
        // `/metrics` of a driver or node: swift-metrics on a Prometheus registry, served over HTTP.
        .target(
            name: "RunMetrics",
            dependencies: [
                "ActorMesh", "Federation", .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]),
        // Helpers shared by the test targets: clusters, child-process nodes, eventually().
        .target(
            name: "FedActorsTesting",
            dependencies: ["ActorMesh", "ActorMeshTesting", .product(name: "Logging", package: "swift-log")]),
        // The command line: thin over the modules above.
        .executableTarget(
            name: "fedactors",
            dependencies: [
                "ZeroMQ", "ActorMesh", "Learning", "Federation", "Topology", "Agents", "RunMetrics",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        // A node process hosting test actors, spawned by the cross-process tests.
        .executableTarget(
            name: "fedactors-testnode", dependencies: ["ActorMesh", "FedActorsTesting"],
            path: "Sources/FedActorsTestNode"),

        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ"]),
        .testTarget(
            name: "ActorMeshTests", dependencies: ["ZeroMQ", "ActorMesh", "ActorMeshTesting", "FedActorsTesting"]),
        // Fixtures/ is read from the source tree (#filePath), not bundled.
        .testTarget(name: "LearningTests", dependencies: ["Learning"], exclude: ["Fixtures"]),
        .testTarget(
            name: "FederationTests", dependencies: ["ActorMesh", "ActorMeshTesting", "Learning", "Federation"]),
        .testTarget(
            name: "TopologyTests",
            dependencies: ["ZeroMQ", "ActorMesh", "ActorMeshTesting", "Learning", "Federation", "Topology"],
            resources: [.copy("Broken")]),
        .testTarget(
            name: "AgentsTests",
            dependencies: [
                "ActorMesh", "Learning", "Federation", "Topology", "Agents", "FedActorsTesting",
                .product(name: "Yams", package: "Yams"),
            ],
            // Fixtures/ (the request corpus) is read from the source tree (#filePath), not bundled.
            exclude: ["Fixtures"]),
        .testTarget(
            name: "CLITests",
            dependencies: ["ActorMesh", "ActorMeshTesting", "FedActorsTesting", "Federation", "Learning", "Topology"]),
        .testTarget(
            name: "RunMetricsTests", dependencies: ["ActorMesh", "Federation", "RunMetrics", "FedActorsTesting"]),
    ],
    swiftLanguageModes: [.v6]
)
