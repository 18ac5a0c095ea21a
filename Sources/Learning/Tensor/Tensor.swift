/// A dense, row-major tensor over contiguous `Float` storage (a value type; copy-on-write via Array).
public struct Tensor: Sendable, Equatable {
    /// The extent of each dimension, outermost first.
    public var shape: [Int]
    /// The elements in row-major order; `storage.count == shape.reduce(1, *)`.
    public var storage: [Float]

    /// A tensor of the given shape filled with `value`.
    public init(zeros shape: [Int], value: Float = 0) {
        self.shape = shape
        self.storage = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// A tensor wrapping `storage`; the element count must match the shape (a programmer error otherwise).
    public init(shape: [Int], storage: [Float]) {
        precondition(shape.reduce(1, *) == storage.count, "Tensor: shape \(shape) != \(storage.count) elements")
        self.shape = shape
        self.storage = storage
    }

    /// The number of elements.
    public var count: Int { storage.count }

    /// Element `i` of a rank-2 tensor's row `r`.
    public subscript(r: Int, c: Int) -> Float {
        get { storage[r * shape[1] + c] }
        set { storage[r * shape[1] + c] = newValue }
    }
}
