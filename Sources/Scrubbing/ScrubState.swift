import Foundation

/// What a resumable run saves after every batch (`OUT.partial.state`), once the batch's output is
/// on disk: where to continue in the input, how long each output file was, and the counts so far.
struct ScrubState: Codable, Equatable {
    var version = 1
    /// Everything that must match for a resumed run to continue the same job.
    var fingerprint: String
    var inputSize: UInt64
    /// The input's inode and modification time when the job started: a file rewritten in place
    /// with the same size is still a different input (nil in states written before they were kept).
    var inputIdentity: FileIdentity?
    var inputOffset: UInt64
    var line: Int
    var readerState: RecordReader.Position
    var container: ContainerFormat
    var layout: String
    /// Whether an array output already holds an element (the next one needs its comma).
    var emittedAny: Bool
    var outputBytes: UInt64
    var quarantineBytes: UInt64
    var rejectsBytes: UInt64
    var tally: ScrubTally

    enum CodingKeys: String, CodingKey {
        case version, fingerprint, inputSize = "input_size", inputIdentity = "input_identity", inputOffset = "input_offset", line, readerState = "reader_state"
        case container, layout, emittedAny = "emitted_any", outputBytes = "output_bytes"
        case quarantineBytes = "quarantine_bytes", rejectsBytes = "rejects_bytes", tally
    }

    /// Which file a path named, and since when it has held its current content.
    struct FileIdentity: Codable, Equatable {
        var device: UInt64
        var inode: UInt64
        var modifiedSeconds: Int64
        var modifiedNanoseconds: Int64

        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            modifiedSeconds = Int64(info.st_mtim.tv_sec)
            modifiedNanoseconds = Int64(info.st_mtim.tv_nsec)
        }
    }

    static func load(path: String) -> ScrubState? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(ScrubState.self, from: data)
    }

    /// Written to a temporary file and renamed, so a kill mid-write leaves the previous state.
    func save(path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(self)
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw ScrubError.write(path: temporary, problem: "cannot create the file")
        }
        if rename(temporary, path) != 0 { throw ScrubError.write(path: path, problem: String(cString: strerror(errno))) }
    }
}
