import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing secret files: created with mode 0600 in one step (no window where another user could
/// read them), never overwritten.
public enum KeyFile {
    /// Writes `contents` to a new file at `path` with mode 0600, creating parent folders (mode 0700).
    /// Fails if the file already exists: a key is never silently replaced.
    public static func writeSecret(_ contents: String, to path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw KeyFileError(path: path, problem: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        let bytes = Array(contents.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            throw KeyFileError(path: path, problem: "short write: \(String(cString: strerror(errno)))")
        }
    }
}

/// A secret file could not be written.
public struct KeyFileError: Error, CustomStringConvertible {
    public var path: String
    public var problem: String
    public var description: String { "cannot write key file \(path): \(problem)" }
}
