// fedactors-testnode: a node process for the mesh's cross-process tests. Hosts an EchoActor at "echo"
// and the NodeService, on the endpoint given by --bind (default tcp://127.0.0.1:0).
//   fedactors-testnode [--bind <endpoint>] [--fingerprint-salt <text>] [--curve-secret-key <z85>]
//                      [--curve-allow <z85>[,<z85>…]]
import ActorMesh
import FedActorsTesting
import Foundation

func option(_ name: String) -> String? {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

do {
    var settings = MeshSettings()
    if let salt = option("--fingerprint-salt") { settings.buildFingerprint = BuildFingerprint.of(salt) }
    var security: ZeroMQSecurity?
    if let secret = option("--curve-secret-key") {
        let allowed = option("--curve-allow").map { Set($0.split(separator: ",").map(String.init)) }
        security = try ZeroMQSecurity(secretKey: secret, allowedClientKeys: allowed, defaultServerKey: nil)
    }
    let transport = try ZeroMQTransport(bind: option("--bind") ?? "tcp://127.0.0.1:0", security: security)
    let system = try MeshSystem(transport: transport, settings: settings)
    let echo = try system.makeActor(named: "echo") { EchoActor(actorSystem: system) }
    _ = try await NodeHost.serve(system: system, actors: [echo])
} catch {
    FileHandle.standardError.write(Data("fedactors-testnode: \(error)\n".utf8))
    exit(1)
}
