import Foundation

/// Writes the files a run produces (reports, checkpoints) atomically, creating their folder, and
/// turns a failure into one plain sentence with the path and the reason, e.g. "cannot write the
/// report to /x/y.json: the folder /x does not exist and could not be created (permission denied)",
/// instead of Foundation's own text.
public enum OutputFile {
    /// Writes `data` to `url`; `what` names the file in the message ("the report", "the checkpoint"),
    /// `code` is the error's code.
    public static func write(_ data: Data, to url: URL, what: String, code: FederationError.Code = .invalidSetting) throws(FederationError) {
        let folder = url.deletingLastPathComponent()
        let start = "cannot write \(what) to \(url.path)"
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw FederationError(code, "\(start): \(folder.path) is a file, not a folder") }
        } else {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw FederationError(code, "\(start): the folder \(folder.path) does not exist and could not be created (\(reason(error)))")
            }
        }
        var existing: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &existing), existing.boolValue {
            throw FederationError(code, "\(start): \(url.path) is a folder")
        }
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw FederationError(code, "\(start): \(reason(error))")
        }
    }

    /// Writes `text` as UTF-8 (see ``write(_:to:what:)``).
    public static func write(_ text: String, to url: URL, what: String, code: FederationError.Code = .invalidSetting) throws(FederationError) {
        try write(Data(text.utf8), to: url, what: what, code: code)
    }

    /// The reason of a file-system error in plain words ("permission denied", "no space left on
    /// device"): the POSIX error under Foundation's, else Foundation's own short text.
    public static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        let posix = (ns.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap { $0.domain == NSPOSIXErrorDomain ? $0.code : nil }
            ?? (ns.domain == NSPOSIXErrorDomain ? ns.code : nil)
        if let posix { return String(cString: strerror(Int32(posix))).lowercased() }
        switch ns.code {
        case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "no such file or folder"
        case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return "permission denied"
        case NSFileWriteOutOfSpaceError: return "no space left on device"
        case NSFileWriteVolumeReadOnlyError: return "read-only file system"
        default: return ns.localizedDescription
        }
    }
}
