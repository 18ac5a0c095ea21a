import Foundation
import Testing

@testable import Learning

/// Weights as NumPy `.npz` keyed like the PyTorch module's state_dict: written and read by our own
/// code, bit-exact both ways, interchangeable with NumPy's own files, and refused with the key named
/// when they do not fit.
@Suite struct NPZWeightsTests {
    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
    }

    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("npz-\(UUID())-\(name)")
    }

    @Test func aModelRoundTripsBitExactly() throws {
        // Prepare: a 2NN with drawn weights, a few of them special values.
        let network = try ModelZoo.perceptron(layerSizes: [784, 200, 200, 10], seed: 7)
        var parameters = network.parameters
        parameters[0] = -0.0
        parameters[1] = .leastNonzeroMagnitude
        parameters[2] = .greatestFiniteMagnitude
        // Execute
        let bytes = try NPZFile.bytes(try network.stateDict(of: parameters, model: "2nn"), source: "m.npz")
        let arrays = try NPZFile.arrays(in: bytes, source: "m.npz")
        let back = try network.parameters(fromStateDict: arrays, model: "2nn", source: "m.npz")
        // Assert
        #expect(back.map(\.bitPattern) == parameters.map(\.bitPattern))
        #expect(arrays.map(\.name) == network.parameterGroups.map(\.name))
        #expect(arrays.map(\.array.shape) == [[200, 784], [200], [200, 200], [200], [10, 200], [10]])
    }

    @Test func denseWeightsAreWrittenInPyTorchsOutByInLayout() throws {
        let network = try ModelZoo.perceptron(layerSizes: [3, 2], seed: 1)
        // Ours is in × out row-major: W[i][o] at i * 2 + o.
        let parameters: [Float] = [1, 2, 3, 4, 5, 6, 10, 20]
        let dict = try network.stateDict(of: parameters, model: "tiny")
        #expect(dict[0].name == "dense0.weight" && dict[0].array.shape == [2, 3])
        #expect(dict[0].array.values == [1, 3, 5, 2, 4, 6])
        #expect(dict[1].array.values == [10, 20])
    }

    @Test func everyBitPatternSurvivesTheNPYEncoding() throws {
        let values: [Float] = [.nan, .infinity, -.infinity, -0.0, .leastNonzeroMagnitude, 3.4e38, 0.1, -7]
        let array = NPYArray(shape: [2, 4], values: values)
        let bytes = try NPZFile.bytes([("a", array), ("b.c", NPYArray(shape: [], values: [42]))], source: "x")
        let back = try NPZFile.arrays(in: bytes, source: "x")
        #expect(back.map(\.name) == ["a", "b.c"])
        #expect(back[0].array.shape == [2, 4])
        #expect(back[0].array.values.map(\.bitPattern) == values.map(\.bitPattern))
        #expect(back[1].array == NPYArray(shape: [], values: [42]))
        // The header is NumPy's: version 1.0, 64-byte aligned, ending in a newline.
        let npy = array.npyBytes
        let headerLength = Int(npy[8]) | Int(npy[9]) << 8
        #expect(npy[6] == 1 && (10 + headerLength) % 64 == 0 && npy[9 + headerLength] == 0x0A)
    }

    @Test func aFileWrittenByNumPyLoads() throws {
        // scripts/dev/numpy-npz-fixtures.py: np.savez of a logreg keyed dense0.weight [10, 784], dense0.bias.
        let network = try ModelZoo.perceptron(layerSizes: [784, 10], seed: nil)
        let url = Self.fixture("numpy-logreg.npz")
        let parameters = try network.parameters(
            fromStateDict: try NPZFile.read(url), model: "logreg", source: url.path)
        // W[o][i] = (o·784 + i)/7840 − 0.5 in PyTorch's layout, so ours at i·10 + o.
        for (o, i) in [(0, 0), (3, 17), (9, 783)] {
            #expect(parameters[i * 10 + o] == Float(Double(o * 784 + i) / 7840 - 0.5))
        }
        #expect(Array(parameters[7840...]) == (0..<10).map { Float($0) * 0.5 - 2 })
    }

    @Test func numPyReadsWhatWeWrite() throws {
        let network = try ModelZoo.perceptron(layerSizes: [784, 200, 200, 10], seed: 3)
        let url = Self.temporary("ours.npz")
        defer { try? FileManager.default.removeItem(at: url) }
        let bytes = try NPZFile.bytes(try network.stateDict(of: network.parameters, model: "2nn"), source: url.path)
        try Data(bytes).write(to: url)
        let script = """
            import numpy as np
            z = np.load('\(url.path)')
            print(' '.join(f"{k}:{z[k].dtype.str}:{'x'.join(map(str, \
            z[k].shape))}:{float(z[k].astype('f8').sum()):.9g}" for k in z.files))
            """
        guard (try? Self.python("import numpy")) != nil else {
            try Test.cancel("python3 with numpy is not available to read the file")
        }
        let output = try Self.python(script)
        let expected = try network.stateDict(of: network.parameters, model: "2nn").map { name, array in
            "\(name):<f4:\(array.shape.map(String.init).joined(separator: "x")):\(String(format: "%.9g", array.values.reduce(0.0) { $0 + Double($1) }))"
        }
        // Sums agree to the printed digits: NumPy sums float64 pairwise, we sequentially.
        let got = output.split(separator: " ").map(String.init)
        #expect(
            got.map { $0.split(separator: ":").dropLast().joined(separator: ":") }
                == expected.map { $0.split(separator: ":").dropLast().joined(separator: ":") })
        for (g, e) in zip(got, expected) {
            let a = Double(g.split(separator: ":").last ?? "") ?? .nan
            let b = Double(e.split(separator: ":").last ?? "") ?? .nan
            #expect(abs(a - b) <= 1e-6 * max(1, abs(b)), "\(g) vs \(e)")
        }
    }

    @Test func mismatchedShapesAndKeysAreRefusedNamingTheKey() throws {
        let logreg = try ModelZoo.perceptron(layerSizes: [784, 10], seed: 1)
        let twoNN = try ModelZoo.perceptron(layerSizes: [784, 200, 200, 10], seed: 1)
        let dict = try logreg.stateDict(of: logreg.parameters, model: "logreg")
        #expect(throws: LearningError.self) { try twoNN.parameters(fromStateDict: dict, model: "2nn", source: "f") }
        do {
            _ = try twoNN.parameters(fromStateDict: dict, model: "2nn", source: "f.npz")
        } catch {
            #expect(error.message.contains("'dense0.weight' is [10, 784]; model '2nn' needs [200, 784]"), "\(error)")
        }
        // Transposed (ours [in, out] instead of PyTorch's [out, in]).
        var transposed = dict
        transposed[0].array.shape = [784, 10]
        #expect(
            message { try logreg.parameters(fromStateDict: transposed, model: "logreg", source: "f.npz") }
                .contains("'dense0.weight' is [784, 10]; model 'logreg' needs [10, 784]"))
        #expect(
            message { try logreg.parameters(fromStateDict: [dict[0]], model: "logreg", source: "f.npz") }
                .contains("f.npz has no 'dense0.bias'"))
        #expect(
            message {
                try logreg.parameters(
                    fromStateDict: dict + [("fc9.bias", dict[1].array)], model: "logreg", source: "f.npz")
            }
            .contains("f.npz holds 'fc9.bias', which model 'logreg' does not have"))
        var nan = dict
        nan[1].array.values[3] = .nan
        #expect(
            message { try logreg.parameters(fromStateDict: nan, model: "logreg", source: "f.npz") }
                .contains("'dense0.bias' holds nan at flat index 3"))
    }

    @Test func badFilesAreRefusedSayingWhy() throws {
        let logreg = try ModelZoo.perceptron(layerSizes: [784, 10], seed: 1)
        let good = try NPZFile.bytes(try logreg.stateDict(of: logreg.parameters, model: "logreg"), source: "m")
        #expect(
            message { try NPZFile.arrays(in: Array(good.prefix(good.count / 2)), source: "m.npz") }
                .contains("m.npz is not a zip archive (.npz), or is truncated"))
        #expect(
            message { try NPZFile.arrays(in: Array(good.dropLast(30)), source: "m.npz") }
                .contains("m.npz"))
        var flipped = good
        flipped[2000] ^= 0x10
        #expect(
            message { try NPZFile.arrays(in: flipped, source: "m.npz") }
                .contains("m.npz is damaged: 'dense0.weight.npy' fails its CRC-32 check"))
        #expect(
            message { try NPZFile.read(Self.fixture("numpy-compressed.npz")) }
                .contains("is compressed (method 8); FedActors reads the uncompressed .npz of np.savez"))
        #expect(
            message { try NPZFile.read(Self.fixture("numpy-float64.npz")) }
                .contains("'dense0.weight' holds float64 ('<f8'); FedActors reads little-endian float32 ('<f4')"))
        #expect(message { try NPZFile.read(Self.temporary("missing.npz")) }.contains("cannot read"))
        // A model with conv layers has no PyTorch mapping yet.
        let cnn = try SequentialNetwork(
            layers: ModelZoo.cnnLayers(sampleShape: [1, 28, 28], classes: 10, width: 0.25), seed: 1)
        #expect(
            message { try cnn.stateDict(of: cnn.parameters, model: "cnn") }
                .contains("model 'cnn' has a conv layer, whose weights FedActors does not map to PyTorch yet"))
    }

    /// The message of the LearningError `body` throws ("" when it throws none).
    func message(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            Issue.record("no error")
        } catch let error as LearningError {
            return error.message
        } catch {
            Issue.record("not a LearningError: \(error)")
        }
        return ""
    }

    /// Standard output of `python3 -c script`; throws when python3 or numpy is missing or it fails.
    static func python(_ script: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
