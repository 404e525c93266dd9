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
    /// `length` when the model's own answer went out and the server said it hit the token limit;
    /// otherwise `stop`.
    public var finishReason = "stop"
}

/// The backends of one route.
public struct RouteBackends: Sendable {
    public var primary: any ChatBackend
    /// Answers when the primary cannot be reached after its retries.
    public var fallback: (any ChatBackend)?
    /// For `POST /v1/embeddings`.
    public var embedder: (any Embedder)?

    public init(primary: any ChatBackend, fallback: (any ChatBackend)? = nil, embedder: (any Embedder)? = nil) {
        self.primary = primary
        self.fallback = fallback
        self.embedder = embedder
    }
}

/// The rules a route is held to: its masker (and the digest of the policy it was built from) and
/// its answer checks.
public struct RoutePolicy: Sendable {
    public var masker: Masker
    public var digest: String
    public var checker: AnswerChecker
    /// Request messages this route's masker leaves unchanged (the bot's system prompt, history
    /// turns sent again with every request), as digests: a repeat is not masked again.
    public let cleanTexts = CleanTextCache()

    public init(masker: Masker, digest: String, checker: AnswerChecker) {
        self.masker = masker
        self.digest = digest
        self.checker = checker
    }

    /// Characters a stream holds back: the longest banned phrase, and room for a personal value.
    var streamHoldBack: Int {
        max(48, checker.rules.compactMap { ($0 as? BannedPhraseRule)?.longestPhraseBytes }.max() ?? 0)
    }
}

/// One exchange, end to end: mask → retrieve → generate → check → audit. Each step is a module of
/// its own; this type only hands values from one to the next and fails closed: if masking,
/// retrieval, checking or the audit append cannot run, the caller gets an error and no answer.
public struct ExchangePipeline: Sendable {
    public let masker: Masker
    /// Digest of the PII policy bundle the masker was built from; recorded in every audit entry.
    public let policyDigest: String
    public let index: RegulationIndex
    /// The backend of routes without one of their own.
    public let backend: any ChatBackend
    public let checker: AnswerChecker
    public let log: any AuditAppender
    /// Backends per route name.
    public let routeBackends: [String: RouteBackends]
    /// Counts every entry this pipeline appends.
    public let metrics: GatewayMetrics?
    /// Rules of routes with a policy folder of their own.
    public let routePolicies: [String: RoutePolicy]
    /// Rules of every other route: built once, so they share one cache of clean texts.
    private let defaultRules: RoutePolicy

    /// What a client sees when its answer is blocked: polite, and free of anything the model said.
    public static let blockedAnswer = "【政策依据】暂无可引用的规定条款。\n【简明解释】抱歉，本次无法给出符合规定的答复，请联系人工客服或通过官方渠道咨询。"

    public init(masker: Masker, policyDigest: String, index: RegulationIndex, backend: any ChatBackend, checker: AnswerChecker,
                log: any AuditAppender, routeBackends: [String: RouteBackends] = [:], metrics: GatewayMetrics? = nil,
                routePolicies: [String: RoutePolicy] = [:]) {
        self.metrics = metrics
        self.routePolicies = routePolicies
        self.masker = masker
        self.policyDigest = policyDigest
        self.index = index
        self.backend = backend
        self.checker = checker
        self.log = log
        self.routeBackends = routeBackends
        defaultRules = RoutePolicy(masker: masker, digest: policyDigest, checker: checker)
    }

    public func backends(for route: RouteConfiguration) -> RouteBackends {
        routeBackends[route.name] ?? RouteBackends(primary: backend)
    }

    /// The masker and checks `route` uses.
    public func rules(for route: RouteConfiguration) -> RoutePolicy {
        routePolicies[route.name] ?? defaultRules
    }

    // MARK: Steps shared by both modes

    /// An exchange after masking and retrieval, before generation.
    struct Prepared: Sendable {
        var rules: RoutePolicy
        var entry: AuditEntry
        var session: MaskingSession
        var masked: [ChatMessage]
        var hits: [RetrievalHit]
        var latency: [String: Int]
        var started: ContinuousClock.Instant
        /// The client's sampling settings, stop sequences masked like the messages.
        var sampling: SamplingParameters

        /// What goes to the backend: `messages` (masked), the retrieved clauses, the sampling settings.
        func request(_ messages: [ChatMessage]) -> GenerationRequest {
            GenerationRequest(messages: messages, clauses: hits, sampling: sampling)
        }
    }

    /// 1. Mask every message (and stop sequence) with one session; 2. retrieve the clauses an
    /// answer may cite.
    func prepare(messages: [ChatMessage], principal: Principal, route: RouteConfiguration,
                 sampling: SamplingParameters) async throws(OpenAIError) -> Prepared {
        let clock = ContinuousClock()
        let started = clock.now
        let backends = backends(for: route)
        let rules = rules(for: route)
        var prepared = Prepared(
            rules: rules,
            entry: AuditEntry(time: ExchangePipeline.timestamp(), principal: principal.name, route: route.name,
                              kind: "chat", maskedInput: "", maskedOutput: "", findingCounts: [:],
                              retrievedClauses: [], citedClauses: [], indexVersion: nil, backend: backends.primary.id,
                              verdict: "refused", reasons: [], latencyMicros: [:], policyDigest: rules.digest,
                              adapter: backends.primary.adapter, details: principal.auditDetails),
            session: MaskingSession(), masked: [], hits: [], latency: [:], started: started, sampling: sampling)
        prepared.entry.details.merge(sampling.auditDetails) { own, _ in own }

        var stepStart = clock.now
        do {
            var previous: ChatMessage?
            for message in messages {
                // A reply to a bot's question for a value (请问您的姓名？ → 钱立群) is that value, and so
                // is a message sent right after one that ends naming it (我的身份证号是 → 1101…): the
                // label is the reply's, which has no cue word of its own.
                let label = message.role == "user" && (previous?.role == "assistant" || previous?.role == "user")
                    ? previous.flatMap { rules.masker.detector.requestedLabel(in: $0.content) } : nil
                previous = message
                let result = try rules.masker.mask(message.content, session: &prepared.session, cleanTexts: rules.cleanTexts,
                                                   fieldLabel: label)
                prepared.masked.append(ChatMessage(role: message.role, content: result.masked))
                prepared.entry.findingCounts.merge(result.countsByType, uniquingKeysWith: +)
            }
            // A stop sequence naming a value the model only sees as `<PHONE_1>` must read `<PHONE_1>`.
            prepared.sampling.stop = try sampling.stop.map { try rules.masker.mask($0, session: &prepared.session).masked }
        } catch {
            prepared.entry.reasons = ["masking: \(error)"]
            try await refuse(prepared, OpenAIError(status: 422, type: "invalid_request_error", code: "masking_refused",
                                                   message: "the request could not be masked and was refused: \(error)"))
        }
        prepared.latency["mask"] = ExchangePipeline.micros(clock.now - stepStart)
        prepared.entry.maskedInput = prepared.masked.map { "\($0.role): \($0.content)" }.joined(separator: "\n")
        guard let question = prepared.masked.last(where: { $0.role == "user" }) else {
            prepared.entry.reasons = ["no user message"]
            try await refuse(prepared, .invalidRequest("missing_user_message", "messages must contain at least one message with role 'user'", param: "messages"))
        }

        stepStart = clock.now
        do {
            let filters = SearchFilters(documentIDs: route.filters?.documentIDs, issuer: route.filters?.issuer)
            prepared.hits = try await index.search(ExchangePipeline.removingTags(question.content), top: route.topK, filters: filters)
        } catch {
            prepared.entry.reasons = ["retrieval: \(error)"]
            try await refuse(prepared, OpenAIError(status: 503, type: "server_error", code: "retrieval_unavailable",
                                                   message: "the regulation index could not be searched; the request was refused"))
        }
        prepared.latency["retrieve"] = ExchangePipeline.micros(clock.now - stepStart)
        prepared.entry.retrievedClauses = prepared.hits.map(\.citationKey)
        prepared.entry.indexVersion = prepared.hits.first?.indexVersion
        return prepared
    }

    func context(_ prepared: Prepared, _ route: RouteConfiguration) -> AnswerContext {
        AnswerContext(retrieved: prepared.hits, requireCitations: route.requireCitations)
    }

    /// Generates with the primary backend, or with the fallback backend when the primary is down.
    func generate(_ request: GenerationRequest, backends: RouteBackends, entry: inout AuditEntry) async throws(OpenAIError) -> GenerationResult {
        do {
            return try await backends.primary.generate(request)
        } catch {
            guard let fallback = backends.fallback else {
                entry.reasons.append("backend: \(error)")
                throw OpenAIError(status: 502, type: "server_error", code: "backend_failed",
                                  message: "the model backend failed and no fallback is configured; no answer was produced")
            }
            entry.reasons.append("backend \(backends.primary.id) unavailable (\(error)); answered by \(fallback.id)")
            entry.backend = fallback.id
            entry.adapter = fallback.adapter
            do { return try await fallback.generate(request) } catch {
                entry.reasons.append("fallback: \(error)")
                throw OpenAIError(status: 502, type: "server_error", code: "backend_failed",
                                  message: "the model backend and its fallback failed; no answer was produced")
            }
        }
    }

    /// The route's answer to an answer that broke the rules: a repaired answer, the extractive
    /// answer from the same clauses, or the blocked message. Returns the text and the verdict label.
    func resolveViolation(_ violations: [Violation], answer: String, prepared: Prepared, route: RouteConfiguration,
                          entry: inout AuditEntry) async -> (text: String, label: String) {
        entry.reasons += violations.map(\.description)
        let context = context(prepared, route)
        let checker = prepared.rules.checker
        let masker = prepared.rules.masker
        switch route.onViolation {
        case .block:
            return (ExchangePipeline.blockedAnswer, "blocked")
        case .fallback:
            let text = ExtractiveResponder().compose(clauses: prepared.hits)
            if checker.check(text, context: context).outcome == .pass { return (text, "fallback") }
            entry.reasons.append("fallback answer also failed the checks")
            return (ExchangePipeline.blockedAnswer, "blocked")
        case .repair:
            var session = prepared.session
            let previous = (try? masker.mask(answer, session: &session).masked) ?? ""
            let note = "上一个回答不符合要求：" + violations.map(\.detail).joined(separator: "；")
                + "。请严格按照【政策依据】【简明解释】的格式，只引用上面列出的条款，重新回答。"
            let request = prepared.request(prepared.masked + [ChatMessage(role: "assistant", content: previous),
                                                              ChatMessage(role: "user", content: note)])
            var ignored = entry
            guard let repaired = try? await generate(request, backends: backends(for: route), entry: &ignored) else {
                entry.reasons.append("repair: the backend did not answer")
                return (ExchangePipeline.blockedAnswer, "blocked")
            }
            let verdict = checker.check(repaired.text, context: context)
            if verdict.outcome == .pass { return (repaired.text, "repaired") }
            entry.reasons += verdict.violations.map { "after repair: \($0)" }
            return (ExchangePipeline.blockedAnswer, "blocked")
        }
    }

    /// Fills in the answer side of the entry and appends it; the answer leaves only once it is durable.
    func record(_ entry: AuditEntry, answer: String, prepared: Prepared) async throws(OpenAIError) -> AuditEntry {
        var entry = entry
        let cited = CitationRule.citations(in: AnswerSections(parsing: answer).basis ?? "")
        entry.citedClauses = prepared.hits.filter { hit in cited.contains { $0.title == hit.title && $0.article == hit.articleNumber } }
            .map(\.citationKey)
        entry.maskedOutput = answer
        entry.latencyMicros["total"] = ExchangePipeline.micros(ContinuousClock.now - prepared.started)
        do {
            let stored = try await log.append(entry)
            metrics?.observe(stored)
            return stored
        } catch {
            throw OpenAIError(status: 503, type: "server_error", code: "audit_unavailable",
                              message: "the audit log could not record this exchange, so no answer is given")
        }
    }

    // MARK: Non-streaming

    public func run(messages: [ChatMessage], principal: Principal, route: RouteConfiguration,
                    sampling: SamplingParameters = SamplingParameters()) async throws(OpenAIError) -> ExchangeOutcome {
        var prepared = try await prepare(messages: messages, principal: principal, route: route, sampling: sampling)
        var entry = prepared.entry
        let clock = ContinuousClock()

        // 3. Generate (falling back when the backend is down), 4. check, resolve violations.
        var stepStart = clock.now
        let generated: GenerationResult
        do {
            generated = try await generate(prepared.request(prepared.masked), backends: backends(for: route), entry: &entry)
        } catch {
            prepared.entry = entry
            prepared.latency["generate"] = ExchangePipeline.micros(clock.now - stepStart)
            try await refuse(prepared, error)
        }
        prepared.latency["generate"] = ExchangePipeline.micros(clock.now - stepStart)
        stepStart = clock.now
        let verdict = prepared.rules.checker.check(generated.text, context: context(prepared, route))
        var answer = generated.text
        var label = "pass"
        if verdict.outcome != .pass {
            (answer, label) = await resolveViolation(verdict.violations, answer: generated.text, prepared: prepared, route: route, entry: &entry)
        }
        prepared.latency["check"] = ExchangePipeline.micros(clock.now - stepStart)

        // 5. Mask any personal information in the answer, with the conversation's session.
        do {
            let result = try prepared.rules.masker.mask(answer, session: &prepared.session)
            answer = result.masked
            for (type, count) in result.countsByType { entry.findingCounts["OUTPUT_" + type, default: 0] += count }
        } catch {
            entry.reasons.append("answer masking: \(error)")
            answer = ExchangePipeline.blockedAnswer
            label = "blocked"
        }
        entry.verdict = label
        entry.latencyMicros = prepared.latency
        let truncated = label == "pass" && generated.finishReason == "length"
        if truncated { entry.details["finish_reason"] = "length" }
        // The client may get its own vaulted values back; the audit entry keeps the tags.
        let clientAnswer = route.restoreUserValues ? prepared.session.restore(answer) : answer
        if clientAnswer != answer { entry.details["restored_user_values"] = "true" }

        // 6. Audit.
        let stored = try await record(entry, answer: answer, prepared: prepared)
        let finalVerdict = label == "blocked" ? AnswerVerdict(outcome: .blocked, violations: verdict.violations)
                                              : AnswerVerdict(outcome: .pass, violations: [])
        return ExchangeOutcome(answer: clientAnswer, verdict: finalVerdict, audit: stored, model: route.name,
                               finishReason: truncated ? "length" : "stop")
    }

    /// Audits a refused request (best effort: the refusal stands even if the log is down) and throws.
    func refuse(_ prepared: Prepared, _ error: OpenAIError) async throws(OpenAIError) -> Never {
        var entry = prepared.entry
        entry.verdict = "refused"
        entry.latencyMicros = prepared.latency
        entry.details["error_code"] = error.error.code
        var error = error
        if let stored = try? await log.append(entry) {
            error.auditID = stored.id
            metrics?.observe(stored)
        }
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

    static func micros(_ duration: Duration) -> Int { Int(duration / .microseconds(1)) }

    /// UTC now as RFC 3339 with milliseconds.
    static func timestamp() -> String { AuditTimestamp.now() }
}
