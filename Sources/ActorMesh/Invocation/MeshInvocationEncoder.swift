import Distributed
import Foundation

/// Records a distributed call's arguments, each encoded with the binary codec into its own frame;
/// their large raw arrays go into out-of-line frames without being copied.
public struct MeshInvocationEncoder: DistributedTargetInvocationEncoder {
    public typealias SerializationRequirement = Codable

    /// One encoded frame per argument, in order.
    package private(set) var arguments: [Data] = []
    /// The arguments' out-of-line arrays, numbered across all arguments in this order.
    package private(set) var outOfLine: [Data] = []

    package init() {}

    public mutating func recordGenericSubstitution<T>(_ type: T.Type) throws {
        throw MeshError(
            .encodeFailure,
            "generic distributed methods are not supported (substitution \(T.self)): make the method concrete")
    }

    public mutating func recordArgument<Value: Codable>(_ argument: RemoteCallArgument<Value>) throws {
        do {
            let encoded = try MeshSystem.encodeForWire(argument.value, firstIndex: outOfLine.count)
            arguments.append(encoded.inline)
            outOfLine.append(contentsOf: encoded.outOfLine)
        } catch {
            throw MeshError(
                .encodeFailure,
                "argument '\(argument.effectiveLabel)' of type \(Value.self) could not be encoded: \(error)")
        }
    }

    public mutating func recordErrorType<E: Error>(_ type: E.Type) throws {}
    public mutating func recordReturnType<R: Codable>(_ type: R.Type) throws {}
    public mutating func doneRecording() throws {}
}
