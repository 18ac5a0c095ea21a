// swift-tools-version: 6.1
// FedActors benchmarks: a separate package so the main build and tests never pay for them.
//
// These are plain executables rather than ordo-one/benchmark targets: every figure we report is a
// ratio of two things measured in the same run (actor call vs raw libzmq, training vs the sgemm
// ceiling), which needs the two measurements interleaved sample by sample; package-benchmark runs
// each benchmark on its own and compares against stored baselines instead.
//
// Run: swift run -c release --package-path Benchmarks <MeshBench|LearningBench|FederationBench>
import PackageDescription

let package = Package(
    name: "FedActorsBenchmarks",
    // Linux only, as the package it measures.
    dependencies: [.package(name: "FedActors", path: "..")],
    targets: [
        .executableTarget(
            name: "MeshBench",
            dependencies: [.product(name: "ActorMesh", package: "FedActors")]),
        .executableTarget(
            name: "LearningBench",
            dependencies: [.product(name: "Learning", package: "FedActors")]),
        .executableTarget(
            name: "FederationBench",
            dependencies: [.product(name: "Federation", package: "FedActors")]),
    ],
    swiftLanguageModes: [.v6]
)
