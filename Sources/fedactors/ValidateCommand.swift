import ArgumentParser
import Foundation
import Topology

/// `fedactors validate`: check topology files without starting anything.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check topology files; print every problem as file:line:column: field: message.",
        discussion: "Exits 0 when every file is valid, 2 when any is not.")

    @Argument(help: "Topology files to check.")
    var topologies: [String]

    func run() throws {
        var failed = false
        for path in topologies {
            do {
                let spec = try TopologyReader.load(path: path)
                print(
                    """
                    \(path): ok — \(spec.clientCount) clients in \(spec.clientGroups.count) group(s) on \
                    \(spec.hosts.count) host(s), \(spec.strategy.name), \(spec.rounds) rounds
                    """
                )
            } catch let error as TopologyError {
                failed = true
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
            }
        }
        if failed { throw ExitCode(2) }
    }
}

/// `fedactors topology new`: write a commented topology to start from.
struct TopologyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topology",
        abstract: "Work with topology files.",
        subcommands: [New.self])

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a commented topology file to start from.")

        @Argument(help: "Path of the file to write.")
        var path: String

        @Option(help: "Number of clients.")
        var clients = 15

        @Flag(help: "Overwrite the file if it exists.")
        var force = false

        func validate() throws {
            guard (1...1_000_000).contains(clients) else {
                throw ValidationError("--clients must be 1...1000000, not \(clients)")
            }
        }

        func run() throws {
            if FileManager.default.fileExists(atPath: path), !force {
                throw CommandFailure("\(path) exists; pass --force to overwrite it")
            }
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            try TopologyTemplate.text(name: name, clients: clients).write(
                toFile: path, atomically: true, encoding: .utf8)
            print("wrote \(path); check it with: fedactors validate \(path)")
        }
    }
}
