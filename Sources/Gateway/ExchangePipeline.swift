import AnswerChecks
import AuditTrail
import Foundation
import Masking
import Models
import Retrieval

/// The result of one chat exchange that Hegui answered.
public struct ExchangeOutcome: Sendable {
    /// The answer sent to the client (masked, checked, or the fixed blocked message).
    public var answer: String
    public var verdict: AnswerVerdict
    /// The audit entry, with its id and sequence number.
    public var audit: AuditEntry
    public var model: String
}

/// One exchange, end to end: mask → retrieve → generate → check → audit. Each step is a module of
/// its own; this type only hands values from one to the next and fails closed: if masking,
/// retrieval, checking or the audit append cannot run, the caller gets an error and no answer.
public struct ExchangePipeline: Sendable {
    public let masker: Masker
    /// Digest of the PII policy bundle the masker was built from; recorded in every audit entry.
    public let policyDigest: String
    public let index: RegulationIndex
    public let backend: any ChatBackend
    public let checker: AnswerChecker
    public let log: any AuditAppender

    /// What a client sees when its answer is blocked: polite, and free of anything the model said.
    public static let blockedAnswer = "【政策依据】暂无可引用的规定条款。\n【简明解释】抱歉，本次无法给出符合规定的答复，请联系人工客服或通过官方渠道咨询。"

    public init(masker: Masker, policyDigest: String, index: RegulationIndex, backend: any ChatBackend, checker: AnswerChecker,
                log: any AuditAppender) {
        self.masker = masker
        self.policyDigest = policyDigest
        self.index = index
        self.backend = backend
        self.checker = checker
        self.log = log
    }

    public func run(messages: [ChatMessage], principal: Principal, route: RouteConfiguration) async throws(OpenAIError) -> ExchangeOutcome {
        let clock = ContinuousClock()
        var latency: [String: Int] = [:]
        func measure<T>(_ step: String, _ body: () async throws -> T) async rethrows -> T {
            let start = clock.now
            defer { latency[step] = Int((clock.now - start) / .microseconds(1)) }
            return try await body()
        }
        var entry = AuditEntry(time: ExchangePipeline.timestamp(), principal: principal.name, route: route.name,
                               kind: "chat", maskedInput: "", maskedOutput: "", findingCounts: [:],
                               retrievedClauses: [], citedClauses: [], indexVersion: nil, backend: backend.id,
                               verdict: "refused", reasons: [], latencyMicros: [:], policyDigest: policyDigest)

        // 1. Mask every message with one session, so a value keeps its tag across the conversation.
        var session = MaskingSession()
        var masked: [ChatMessage] = []
        var findingCounts: [String: Int] = [:]
        do {
            try await measure("mask") {
                for message in messages {
                    let result = try masker.mask(message.content, session: &session)
                    masked.append(ChatMessage(role: message.role, content: result.masked))
                    findingCounts.merge(result.countsByType, uniquingKeysWith: +)
                }
            }
        } catch {
            entry.reasons = ["masking: \(error)"]
            entry.latencyMicros = latency
            try await refuse(entry, OpenAIError(status: 422, type: "invalid_request_error", code: "masking_refused",
                                                message: "the request could not be masked and was refused: \(error)"))
        }
        entry.maskedInput = masked.map { "\($0.role): \($0.content)" }.joined(separator: "\n")
        entry.findingCounts = findingCounts
        guard let question = masked.last(where: { $0.role == "user" }) else {
            entry.reasons = ["no user message"]
            try await refuse(entry, .invalidRequest("missing_user_message", "messages must contain at least one message with role 'user'", param: "messages"))
        }

        // 2. Retrieve the clauses an answer may cite.
        let hits: [RetrievalHit]
        do {
            let query = ExchangePipeline.removingTags(question.content)
            hits = try await measure("retrieve") { try await index.search(query, top: route.topK) }
        } catch {
            entry.reasons = ["retrieval: \(error)"]
            entry.latencyMicros = latency
            try await refuse(entry, OpenAIError(status: 503, type: "server_error", code: "retrieval_unavailable",
                                                message: "the regulation index could not be searched; the request was refused"))
        }
        entry.retrievedClauses = hits.map(\.citationKey)
        entry.indexVersion = hits.first?.indexVersion

        // 3. Generate, 4. check, and mask any personal information in the answer.
        let generated: GenerationResult
        do {
            generated = try await measure("generate") { try await backend.generate(GenerationRequest(messages: masked, clauses: hits)) }
        } catch {
            entry.reasons = ["backend: \(error)"]
            entry.latencyMicros = latency
            try await refuse(entry, OpenAIError(status: 502, type: "server_error", code: "backend_failed",
                                                message: "the answering backend failed; no answer was produced"))
        }
        let verdict = await measure("check") {
            checker.check(generated.text, context: AnswerContext(retrieved: hits, requireCitations: route.requireCitations))
        }
        var answer = verdict.outcome == .pass ? generated.text : ExchangePipeline.blockedAnswer
        do {
            let result = try masker.mask(answer, session: &session)
            answer = result.masked
            for (type, count) in result.countsByType { entry.findingCounts["OUTPUT_" + type, default: 0] += count }
        } catch {
            answer = ExchangePipeline.blockedAnswer
        }
        let cited = CitationRule.citations(in: AnswerSections(parsing: answer).basis ?? "")
        entry.citedClauses = hits.filter { hit in cited.contains { $0.title == hit.title && $0.article == hit.articleNumber } }
            .map(\.citationKey)
        entry.maskedOutput = answer
        entry.verdict = verdict.outcome.rawValue
        entry.reasons = verdict.violations.map(\.description)
        // The client may get its own vaulted values back; the audit entry keeps the tags.
        let clientAnswer = route.restoreUserValues ? session.restore(answer) : answer
        if clientAnswer != answer { entry.details["restored_user_values"] = "true" }

        // 5. Audit: the answer leaves only once its entry is durable.
        entry.latencyMicros = latency
        let stored: AuditEntry
        do {
            stored = try await log.append(entry)
        } catch {
            throw OpenAIError(status: 503, type: "server_error", code: "audit_unavailable",
                              message: "the audit log could not record this exchange, so no answer is given")
        }
        return ExchangeOutcome(answer: clientAnswer, verdict: verdict, audit: stored, model: route.name)
    }

    /// Audits a refused request (best effort: the refusal stands even if the log is down) and throws.
    private func refuse(_ entry: AuditEntry, _ error: OpenAIError) async throws(OpenAIError) -> Never {
        var entry = entry
        entry.verdict = "refused"
        _ = try? await log.append(entry)
        throw error
    }

    /// The text without mask tags such as `<PHONE_1>`: they carry no meaning for retrieval.
    static func removingTags(_ text: String) -> String {
        var result = ""
        var pending = ""
        for character in text {
            if character == "<" {
                result += pending
                pending = "<"
            } else if !pending.isEmpty {
                pending.append(character)
                if character == ">" {
                    let inner = pending.dropFirst().dropLast()
                    let isTag = !inner.isEmpty && inner.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }
                    result += isTag ? " " : pending
                    pending = ""
                }
            } else {
                result.append(character)
            }
        }
        return result + pending
    }

    /// UTC now as RFC 3339 with milliseconds.
    static func timestamp() -> String { AuditTimestamp.now() }
}
