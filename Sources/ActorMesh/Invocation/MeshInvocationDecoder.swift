import Distributed
import Foundation

/// Decodes a call's arguments, one frame each, straight from the transport's buffers.
public struct MeshInvocationDecoder: DistributedTargetInvocationDecoder {
    public typealias SerializationRequirement = Codable

    private let frames: [Frame]
    private let outOfLine: ArraySlice<Frame>
    private let system: MeshSystem
    private var next = 0

    init(frames: [Frame], outOfLine: ArraySlice<Frame> = [], system: MeshSystem) {
        self.frames = frames
        self.outOfLine = outOfLine
        self.system = system
    }

    public mutating func decodeGenericSubstitutions() throws -> [Any.Type] { [] }

    public mutating func decodeNextArgument<Argument: Codable>() throws -> Argument {
        guard next < frames.count else {
            throw MeshError(
                .decodeFailure,
                """
                the call carries \(frames.count) argument(s) but the method needs more (argument #\(next + 1) of type \
                \(Argument.self) is missing)
                """
            )
        }
        let index = next
        next += 1
        do {
            return try system.decode(Argument.self, from: frames[index], outOfLine: outOfLine)
        } catch {
            throw MeshError(.decodeFailure, "argument #\(index + 1) is not a valid \(Argument.self): \(error)")
        }
    }

    public mutating func decodeErrorType() throws -> Any.Type? { nil }
    public mutating func decodeReturnType() throws -> Any.Type? { nil }
}
