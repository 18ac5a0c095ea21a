@testable import Learning

/// A layer's forward and backward over whole arrays, for tests that hand it small hand-made batches.
extension Layer {
    func forward(_ x: [Float], into y: inout [Float], count: Int, parameters: [Float], training: Bool) {
        x.withUnsafeBufferPointer { xb in
            parameters.withUnsafeBufferPointer { pb in
                y.withUnsafeMutableBufferPointer { yb in
                    forward(xb, into: yb, count: count, parameters: pb, training: training)
                }
            }
        }
    }

    func backward(
        input x: [Float], output y: [Float], outputGradient dy: inout [Float], inputGradient dx: inout [Float],
        count: Int, parameters: [Float], gradient: inout [Float]
    ) {
        x.withUnsafeBufferPointer { xb in
            y.withUnsafeBufferPointer { yb in
                parameters.withUnsafeBufferPointer { pb in
                    dy.withUnsafeMutableBufferPointer { dyb in
                        dx.withUnsafeMutableBufferPointer { dxb in
                            gradient.withUnsafeMutableBufferPointer { gb in
                                backward(
                                    input: xb, output: yb, outputGradient: dyb, inputGradient: dxb, count: count,
                                    parameters: pb, gradient: gb)
                            }
                        }
                    }
                }
            }
        }
    }
}
