import AnswerChecks
import AuditTrail
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Masking
import Scrubbing
import JSONCore

/// What `POST /v1/scrub` needs: the gateway's PII policy and answer rules, and the pseudonym key
/// when one is configured (`HEGUI_PSEUDONYM_KEY`).
public struct ScrubService: Sendable {
    public static let maximumRecords = 10_000

    public let policy: MaskingPolicy
    public let answers: AnswerPolicy
    public let pseudonymKey: SymmetricKey?

    public init(policy: MaskingPolicy, answers: AnswerPolicy, pseudonymKey: SymmetricKey?) {
        self.policy = policy
        self.answers = answers
        self.pseudonymKey = pseudonymKey
    }
}

/// Scrubbing small batches of fine-tuning records over HTTP, the same way `hegui scrub` does files.
///
/// | endpoint | who | what |
/// |---|---|---|
/// | `POST /v1/scrub` | data, admin | `{"records": […], "format"?, "fields"?, "pseudonymize"?, "check_answers"?}` → masked records (byte for byte apart from masked strings), quarantined and rejected ones by index, counts; audited as `scrub_job` |
struct ScrubEndpoints: Sendable {
    let service: ScrubService?
    let audit: AuditLog
    let maxBodyBytes: Int
    let authenticate: @Sendable (Request) throws -> Principal

    func register(on router: Router<BasicRequestContext>) {
        router.post("v1/scrub") { request, _ in try await scrub(request) }
    }

    private func scrub(_ request: Request) async throws -> Response {
        let principal = try authenticate(request)
        guard principal.role == .data || principal.role == .admin else {
            throw OpenAIError(status: 403, type: "permission_error", code: "role_not_allowed",
                              message: "scrubbing needs a key with role 'data' or 'admin'; this key has role '\(principal.role.rawValue)'")
        }
        guard let service else {
            throw OpenAIError(status: 503, type: "server_error", code: "scrub_unavailable", message: "this gateway was started without scrubbing")
        }
        let bytes = try await RequestBody.bytes(of: request, upTo: maxBodyBytes)
        let root: JSONNode
        do { root = try JSONParser.parse(bytes) } catch {
            throw OpenAIError.invalidRequest("invalid_json", "request body is not valid JSON: \(error)")
        }
        guard let recordsNode = root["records"], let records = recordsNode.arrayValue else {
            throw OpenAIError.invalidRequest("missing_field", "expected {\"records\": [ … ]}: an array of dataset records", param: "records")
        }
        guard records.count <= ScrubService.maximumRecords else {
            throw OpenAIError.invalidRequest("too_many_records", "\(records.count) records; send at most \(ScrubService.maximumRecords) per request, or use 'hegui scrub' for files", param: "records")
        }
        let settings = try Settings(root)
        let layout = try settings.layout(firstRecord: records.first { $0.keys.isEmpty == false })
        if settings.checkAnswers && !layout.hasAssistantTurns {
            throw OpenAIError.invalidRequest("invalid_parameter", "check_answers needs assistant turns, which layout \(layout) does not have", param: "check_answers")
        }
        if settings.pseudonymize && service.pseudonymKey == nil {
            throw OpenAIError.invalidRequest("pseudonymize_unavailable", "this gateway has no pseudonym key (HEGUI_PSEUDONYM_KEY); send pseudonymize: false or configure one", param: "pseudonymize")
        }
        let masker: Masker
        do { masker = try RecordScrubber.masker(policy: service.policy, pseudonymize: settings.pseudonymize, pseudonymKey: service.pseudonymKey) } catch {
            throw OpenAIError(status: 503, type: "server_error", code: "masking_unavailable", message: "\(error)")
        }
        let scrubber = RecordScrubber(masker: masker, layout: layout, answerChecker: settings.checkAnswers ? service.answers.sampleChecker : nil)

        var tally = ScrubTally()
        var kept: [Data] = [], quarantined: [String] = [], rejected: [String] = []
        for (index, record) in records.enumerated() {
            let outcome = scrubber.scrub(Data(bytes[record.range]))
            tally.count(outcome)
            switch outcome {
            case let .scrubbed(data, _):
                kept.append(data)
            case let .quarantined(data, _, reasons):
                quarantined.append("{\"index\":\(index),\"reasons\":[\(reasons.map(JSONText.quoted).joined(separator: ","))],\"record\":\(String(decoding: data, as: UTF8.self))}")
            case let .rejected(error):
                rejected.append("{\"index\":\(index),\"error\":\(JSONText.quoted(error))}")
            }
        }
        var output = Data("[".utf8)
        for (position, record) in kept.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            output.append(record)
        }
        output.append(UInt8(ascii: "]"))

        var entry = AuditEntry.event(kind: "scrub_job", by: principal, time: AuditLog.nowTimestamp(), details: [
            "source": "POST /v1/scrub", "layout": layout.description,
            "input_sha256": ScrubEndpoints.digest(bytes[recordsNode.range]), "output_sha256": ScrubEndpoints.digest(output),
            "records_in": String(tally.recordsIn), "records_out": String(tally.recordsOut),
            "quarantined": String(tally.quarantined), "rejected": String(tally.rejected),
            "pseudonymized": String(settings.pseudonymize), "checked_answers": String(settings.checkAnswers),
        ])
        if settings.pseudonymize || service.policy.needsPseudonymKey, let key = service.pseudonymKey {
            entry.details["pseudonym_key_id"] = PseudonymKey.identifier(of: key)
        }
        entry.policyDigest = service.policy.digest
        entry.findingCounts = tally.findingsByType
        let recorded = try await audit.recordOrRefuse(entry, refusal: "the batch could not be recorded in the audit log, so no result is returned")
        let counts: [String: Any] = [
            "records": ["in": tally.recordsIn, "out": tally.recordsOut, "quarantined": tally.quarantined, "rejected": tally.rejected],
            "findings_by_type": tally.findingsByType, "findings_by_field": tally.findingsByField,
        ]
        var body = Data("{\"object\":\"scrub.result\",\"layout\":\(JSONText.quoted(layout.description)),\"policy_digest\":\(JSONText.quoted(service.policy.digest)),\"audit_id\":\(JSONText.quoted(recorded.id)),\"records\":".utf8)
        body.append(output)
        body.append(Data(",\"quarantined\":[\(quarantined.joined(separator: ","))],\"rejected\":[\(rejected.joined(separator: ","))],\"report\":".utf8))
        body.append((try? JSONSerialization.data(withJSONObject: counts, options: [.sortedKeys])) ?? Data("{}".utf8))
        body.append(UInt8(ascii: "}"))
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", GatewayServer.auditIDHeader: recorded.id],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func digest(_ bytes: some DataProtocol) -> String {
        "sha256:" + HexText.lowercase(SHA256.hash(data: bytes))
    }

    /// The request's options besides the records, each checked for its type.
    private struct Settings {
        var format: String?
        var fields: String?
        var pseudonymize = false
        var checkAnswers = false

        init(_ root: JSONNode) throws {
            func string(_ key: String) throws -> String? {
                guard let node = root[key] else { return nil }
                if case .null = node.kind { return nil }
                guard let value = node.stringValue else { throw OpenAIError.invalidRequest("invalid_field", "'\(key)' must be a string", param: key) }
                return value
            }
            func bool(_ key: String) throws -> Bool {
                guard let node = root[key] else { return false }
                guard case let .bool(value) = node.kind else { throw OpenAIError.invalidRequest("invalid_field", "'\(key)' must be true or false", param: key) }
                return value
            }
            format = try string("format")
            fields = try string("fields")
            pseudonymize = try bool("pseudonymize")
            checkAnswers = try bool("check_answers")
        }

        func layout(firstRecord: JSONNode?) throws -> DatasetLayout {
            if format != nil && fields != nil {
                throw OpenAIError.invalidRequest("invalid_parameter", "give 'format' or 'fields', not both", param: "fields")
            }
            if let format {
                guard let layout = DatasetLayout(name: format) else {
                    throw OpenAIError.invalidRequest("invalid_parameter", "unknown format '\(format)'; use one of \(DatasetLayout.names.joined(separator: ", "))", param: "format")
                }
                return layout
            }
            if let fields {
                let layout = DatasetLayout.custom(fields: fields)
                if case let .custom(paths) = layout, paths.isEmpty {
                    throw OpenAIError.invalidRequest("invalid_parameter", "'fields' lists no field path", param: "fields")
                }
                return layout
            }
            guard let firstRecord, let layout = DatasetLayout.detect(firstRecord) else {
                throw OpenAIError.invalidRequest("undetectable_layout", "cannot tell the layout from the first record's keys [\((firstRecord?.keys ?? []).joined(separator: ", "))]; send 'format' (\(DatasetLayout.names.joined(separator: ", "))) or 'fields'", param: "format")
            }
            return layout
        }
    }
}
