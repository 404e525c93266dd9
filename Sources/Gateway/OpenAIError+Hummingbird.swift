import Foundation
import Hummingbird

extension OpenAIError: HTTPResponseError {
    public var status: HTTPResponse.Status { HTTPResponse.Status(code: httpStatus) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [:]
        if let auditID { headers[GatewayServer.auditIDHeader] = auditID }
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return JSONResponse.make(self, status: status, headers: headers)
    }
}

/// Builds JSON responses.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data(#"{"error":{"message":"response could not be encoded","type":"server_error","code":"encoding_failed"}}"#.utf8)
        return make(json: ByteBuffer(bytes: data), status: status, headers: headers)
    }

    /// A response whose body is JSON already written.
    static func make(json: ByteBuffer, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: json))
    }
}
