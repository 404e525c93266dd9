import Hummingbird
import JSONCore

/// Reading request bodies with the gateway's limits: a 413 past the size limit, a 400 saying where
/// UTF-8 broke.
enum RequestBody {
    static func bytes(of request: Request, upTo limit: Int) async throws -> [UInt8] {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw OpenAIError(status: 413, type: "invalid_request_error", code: "body_too_large",
                              message: "request body exceeds \(limit) bytes")
        }
        let bytes = Array(buffer.readableBytesView)
        if let offset = UTF8Validation.firstInvalidOffset(bytes) {
            throw OpenAIError.invalidRequest("invalid_utf8", "request body is not valid UTF-8 (first bad byte at offset \(offset))")
        }
        return bytes
    }
}
