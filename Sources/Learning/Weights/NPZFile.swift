import Foundation

/// A NumPy `.npz` file: named float32 arrays, each a `<name>.npy` member of an uncompressed zip, as
/// `np.savez(path, **arrays)` writes it and `np.load(path)` reads it. No Python is involved.
package enum NPZFile {
    /// The bytes of an `.npz` holding `arrays` in order; `source` names it in messages.
    package static func bytes(_ arrays: [(name: String, array: NPYArray)], source: String) throws(LearningError)
        -> [UInt8]
    {
        try StoredZip.archive(
            arrays.map { StoredZip.Entry(name: $0.name + ".npy", data: $0.array.npyBytes) }, source: source)
    }

    /// The arrays of the `.npz` `bytes`, in the archive's order, named without `.npy`.
    package static func arrays(in bytes: [UInt8], source: String) throws(LearningError) -> [(
        name: String, array: NPYArray
    )] {
        var out: [(name: String, array: NPYArray)] = []
        for entry in try StoredZip.entries(of: bytes, source: source) {
            guard entry.name.hasSuffix(".npy") else {
                throw LearningError(.invalidData, "\(source) holds '\(entry.name)', which is not a .npy array")
            }
            let name = String(entry.name.dropLast(4))
            guard !out.contains(where: { $0.name == name }) else {
                throw LearningError(.invalidData, "\(source) holds '\(name)' twice")
            }
            out.append((name, try NPYArray(npyBytes: entry.data, source: "\(source): '\(name)'")))
        }
        return out
    }

    /// The arrays of the `.npz` file at `url`.
    package static func read(_ url: URL) throws(LearningError) -> [(name: String, array: NPYArray)] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw LearningError(.missingData, "cannot read \(url.path): \(error.localizedDescription)")
        }
        return try arrays(in: [UInt8](data), source: url.path)
    }
}
