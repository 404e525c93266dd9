import Foundation
import Logging

/// Writes each log record as one line on standard error, in the same form as swift-log's
/// `StreamLogHandler` (`time level label: key=value … [source] message`), but formats metadata only
/// when a record is written.
///
/// `StreamLogHandler` re-formats all of its metadata every time a key is set, and the HTTP server
/// sets a request id on every request's logger: about 34 µs of CPU per request in
/// `hegui bench gateway`, whether or not anything was logged. `hegui` installs this handler at
/// start (`LoggingSystem.bootstrap`).
public struct LineLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String

    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        FileHandle.standardError.write(Data(line(for: event).utf8))
    }

    /// The record as written: the handler's metadata, the provider's, the record's own and its
    /// error's, later ones winning, sorted by key.
    func line(for event: LogEvent, time: String = LineLogHandler.timestamp()) -> String {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        if let error = event.error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        let fields = merged.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
        return "\(time) \(event.level) \(label):\(fields) [\(event.source)] \(event.message)\n"
    }

    /// Local time as `2026-11-22T18:28:08+0000`.
    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        guard localtime_r(&now, &parts) != nil else { return "<unknown>" }
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
