import Distributed
import Foundation

/// Sends the outcome of an inbound call back to the caller: the value, nothing (void), or the error.
public struct MeshResultHandler: DistributedTargetInvocationResultHandler {
    public typealias SerializationRequirement = Codable

    let system: MeshSystem
    let call: InboundCall

    public func onReturn<Success: Codable>(value: Success) async throws {
        let encoded: (inline: Data, outOfLine: [Data])
        do {
            encoded = try MeshSystem.encodeForWire(value)
        } catch {
            system.replyFailure(
                to: call, MeshError(.encodeFailure, "the result of type \(Success.self) could not be encoded: \(error)")
            )
            return
        }
        system.reply(to: call, kind: .reply, payload: [encoded.inline], outOfLine: encoded.outOfLine)
    }

    public func onReturnVoid() async throws {
        system.reply(to: call, kind: .reply, payload: [])
    }

    public func onThrow<Err: Error>(error: Err) async throws {
        // The runtime hands argument-decoding failures to onThrow too: those are the system's, not the actor's.
        if let meshError = error as? MeshError, meshError.code == .decodeFailure {
            system.replyFailure(to: call, meshError)
            return
        }
        let errorType = type(of: error as any Error)
        var payload = RemoteErrorPayload(
            typeName: _typeName(errorType, qualified: true), mangledTypeName: _mangledTypeName(errorType),
            message: String(describing: error), encoded: nil)
        if let codable = error as? any Encodable {
            payload.encoded = try? Array(BinaryEncoder().encode(codable))
        }
        do {
            system.reply(to: call, kind: .remoteError, payload: [try BinaryEncoder().encode(payload)])
        } catch {
            system.replyFailure(to: call, MeshError(.encodeFailure, "the remote error could not be encoded: \(error)"))
        }
    }
}
