import ActorMesh
import ZeroMQ
import ArgumentParser
import Foundation

/// `fedactors keys generate`: CurveZMQ key pairs for encrypted, allow-listed meshes.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage CurveZMQ keys.",
        subcommands: [Generate.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a CurveZMQ key pair.",
            discussion: """
                Writes <name>.key (the secret key, mode 0600) and <name>.pub (the public key), both Z85 text. \
                Give a node its .key with --curve-secret-key; list the .pub of every node allowed to connect \
                in a file passed as --curve-allow (one key per line).
                """)

        @Option(help: "Base name of the files to write.")
        var name = "node"

        @Option(help: "Directory to write the files in (created, owner-only, when missing).")
        var directory = "."

        func run() throws {
            do {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw CommandFailure("could not create \(directory): \(error.localizedDescription)")
            }
            let pair = try CurveKeyPair.generate()
            let base = URL(fileURLWithPath: directory).appendingPathComponent(name)
            let secretURL = base.appendingPathExtension("key"), publicURL = base.appendingPathExtension("pub")
            guard !FileManager.default.fileExists(atPath: secretURL.path) else {
                throw CommandFailure("\(secretURL.path) exists; remove it or choose another --name")
            }
            guard
                FileManager.default.createFile(
                    atPath: secretURL.path, contents: Data((pair.secretKey + "\n").utf8),
                    attributes: [.posixPermissions: 0o600])
            else {
                throw CommandFailure(
                    "could not write \(secretURL.path): check that \(directory) exists and is writable")
            }
            try Data((pair.publicKey + "\n").utf8).write(to: publicURL)
            print("public key \(pair.publicKey)")
            print("wrote \(secretURL.path) and \(publicURL.path)")
        }
    }
}
