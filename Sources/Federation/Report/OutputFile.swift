import Foundation

/// Writes the files a run produces (reports, checkpoints) atomically, creating their folder, and
/// turns a failure into one plain sentence with the path and the reason, e.g. "cannot write the
/// report to /x/y.json: the folder /x does not exist and could not be created (permission denied)",
/// instead of Foundation's own text.
package enum OutputFile {
    /// Writes `data` to `url`; `what` names the file in the message ("the report", "the checkpoint"),
    /// `code` is the error's code.
    package static func write(_ data: Data, to url: URL, what: String, code: FederationError.Code = .invalidSetting)
        throws(FederationError)
    {
        let folder = url.deletingLastPathComponent()
        let start = "cannot write \(what) to \(url.path)"
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw FederationError(code, "\(start): \(folder.path) is a file, not a folder")
            }
        } else if let failure = makeFolder(folder) {
            throw FederationError(
                code, "\(start): the folder \(folder.path) does not exist and could not be created (\(failure))")
        }
        var existing: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &existing), existing.boolValue {
            throw FederationError(code, "\(start): \(url.path) is a folder")
        }
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            // Foundation on Linux does not always carry the system's reason: ask the folder.
            let why =
                posixCode(error) == nil && access(folder.path, W_OK) != 0
                ? String(cString: strerror(errno)).lowercased() : reason(error)
            throw FederationError(code, "\(start): \(why)")
        }
    }

    /// Creates `folder` and its missing parents with mkdir(2); the system's reason if it cannot
    /// (Foundation's createDirectory reports some failures without one).
    private static func makeFolder(_ folder: URL) -> String? {
        var missing: [String] = []
        var url = folder.standardizedFileURL
        while !FileManager.default.fileExists(atPath: url.path), url.path != "/" {
            missing.append(url.path)
            url = url.deletingLastPathComponent()
        }
        for path in missing.reversed() where mkdir(path, 0o755) != 0 && errno != EEXIST {
            return String(cString: strerror(errno)).lowercased()
        }
        return nil
    }

    private static func posixCode(_ error: any Error) -> Int? {
        let ns = error as NSError
        return (ns.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap {
            $0.domain == NSPOSIXErrorDomain ? $0.code : nil
        }
            ?? (ns.domain == NSPOSIXErrorDomain ? ns.code : nil)
    }

    /// Writes `text` as UTF-8 (see ``write(_:to:what:)``).
    package static func write(_ text: String, to url: URL, what: String, code: FederationError.Code = .invalidSetting)
        throws(FederationError)
    {
        try write(Data(text.utf8), to: url, what: what, code: code)
    }

    /// The reason of a file-system error in plain words ("permission denied", "no space left on
    /// device"): the POSIX error under Foundation's, else Foundation's own short text.
    package static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let posix = posixCode(error) { return String(cString: strerror(Int32(posix))).lowercased() }
        switch ns.code {
        case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "no such file or folder"
        case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return "permission denied"
        case NSFileWriteOutOfSpaceError: return "no space left on device"
        case NSFileWriteVolumeReadOnlyError: return "read-only file system"
        default: return ns.localizedDescription
        }
    }
}
