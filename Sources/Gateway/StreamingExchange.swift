import AnswerChecks
import AuditTrail
import Foundation
import Masking
import Models

/// What a streaming exchange hands the HTTP layer to send.
public enum StreamEvent: Sendable {
    /// Checked, masked answer text.
    case content(String)
    /// The stream ends with this error object (then `data: [DONE]`).
    case error(OpenAIError)
    /// The answer is complete and its audit entry durable; `finishReason` is `length` when the
    /// model's own answer went out and the server said it hit the token limit, otherwise `stop`.
    case finished(completionCharacters: Int, finishReason: String)
}

/// A chat exchange answered as a stream: masking and retrieval are done and the model's stream is
/// open; ``run(send:)`` passes the answer through ``AnswerStreamGuard`` to the client and appends
/// exactly one audit entry, whatever happens (violation, backend failure, client gone).
public struct StreamingExchange: Sendable {
    let pipeline: ExchangePipeline
    let prepared: ExchangePipeline.Prepared
    let route: RouteConfiguration
    let upstream: AsyncThrowingStream<AnswerPart, any Error>
    /// The id the audit entry will have (sent to the client in the response head).
    public var auditID: String { prepared.entry.id }
    public var promptCharacters: Int

    public func run(send: @Sendable (StreamEvent) async throws -> Void) async {
        var entry = prepared.entry
        let context = AnswerContext(retrieved: prepared.hits, requireCitations: route.requireCitations)
        let rules = prepared.rules
        var guardian = AnswerStreamGuard(checker: rules.checker, context: context, masker: rules.masker,
                                        session: prepared.session, holdBack: rules.streamHoldBack)
        var label = "pass"
        var clientGone = false
        var failed: OpenAIError?
        var replacement: String?
        let clock = ContinuousClock()
        let started = clock.now

        func deliver(_ text: String) async -> Bool {
            do { try await send(.content(text)); return true } catch {
                clientGone = true
                return false
            }
        }

        /// Handles a guard step; false when the stream must stop.
        func handle(_ step: AnswerStreamGuard.Step) async -> Bool {
            switch step {
            case .hold:
                return true
            case let .emit(text):
                return await deliver(text)
            case let .violation(violations, afterSending):
                if afterSending {
                    entry.reasons += violations.map(\.description)
                    label = "aborted"
                    failed = OpenAIError(status: 200, type: "invalid_response_error", code: "answer_violation",
                                         message: "the answer was stopped because it broke the answer rules: "
                                             + violations.map(\.detail).joined(separator: "; "))
                } else {
                    let resolved = await pipeline.resolveViolation(violations, answer: guardian.raw, prepared: prepared, route: route, entry: &entry)
                    label = resolved.label
                    var session = prepared.session
                    let masked = (try? rules.masker.mask(resolved.text, session: &session).masked) ?? ExchangePipeline.blockedAnswer
                    replacement = masked
                    _ = await deliver(masked)
                }
                return false
            }
        }

        var streaming = true
        var serverFinish: String?
        do {
            for try await part in upstream {
                switch part {
                case let .text(piece):
                    streaming = await handle(guardian.feed(piece))
                case let .finished(reason):
                    serverFinish = reason
                }
                if !streaming { break }
            }
            if streaming { _ = await handle(guardian.finish()) }
        } catch {
            entry.reasons.append("backend stream: \(error)")
            if guardian.sent.isEmpty, replacement == nil {
                // Nothing went out yet: answer from the same clauses rather than fail.
                let text = ExtractiveResponder().compose(clauses: prepared.hits)
                if rules.checker.check(text, context: context).outcome == .pass {
                    var session = prepared.session
                    let masked = (try? rules.masker.mask(text, session: &session).masked) ?? ExchangePipeline.blockedAnswer
                    replacement = masked
                    label = "fallback"
                    _ = await deliver(masked)
                } else {
                    label = "aborted"
                    failed = OpenAIError(status: 200, type: "server_error", code: "backend_failed",
                                         message: "the model backend failed while answering")
                }
            } else {
                label = "aborted"
                failed = OpenAIError(status: 200, type: "server_error", code: "backend_failed",
                                     message: "the model backend failed while answering; the answer is incomplete")
            }
        }
        if clientGone {
            label = "aborted"
            entry.reasons.append("client disconnected")
        }
        var latency = prepared.latency
        latency["generate"] = ExchangePipeline.micros(clock.now - started)
        entry.latencyMicros = latency
        entry.verdict = label
        entry.details["stream"] = "true"
        let truncated = label == "pass" && failed == nil && serverFinish == "length"
        if truncated { entry.details["finish_reason"] = "length" }
        let output = replacement ?? guardian.sent
        do {
            _ = try await pipeline.record(entry, answer: output, prepared: prepared)
        } catch {
            if !clientGone { try? await send(.error(OpenAIError(status: 200, type: "server_error", code: "audit_unavailable",
                                                               message: "the audit log could not record this exchange; the answer is void"))) }
            return
        }
        if clientGone { return }
        if let failed {
            try? await send(.error(failed))
        } else {
            try? await send(.finished(completionCharacters: output.count, finishReason: truncated ? "length" : "stop"))
        }
    }
}

extension ExchangePipeline {
    /// Masks, retrieves and opens the backend's stream (falling back when it is down). Errors up to
    /// here are ordinary HTTP errors; after it, everything goes through the stream.
    public func startStreaming(messages: [ChatMessage], principal: Principal, route: RouteConfiguration,
                               sampling: SamplingParameters = SamplingParameters()) async throws(OpenAIError) -> StreamingExchange {
        var prepared = try await prepare(messages: messages, principal: principal, route: route, sampling: sampling)
        prepared.entry.id = EntryID.random()
        let backends = backends(for: route)
        let request = prepared.request(prepared.masked)
        let upstream: AsyncThrowingStream<AnswerPart, any Error>
        do {
            upstream = try await backends.primary.stream(request)
        } catch {
            guard let fallback = backends.fallback else {
                prepared.entry.reasons.append("backend: \(error)")
                try await refuse(prepared, OpenAIError(status: 502, type: "server_error", code: "backend_failed",
                                                       message: "the model backend failed and no fallback is configured; no answer was produced"))
            }
            prepared.entry.reasons.append("backend \(backends.primary.id) unavailable (\(error)); answered by \(fallback.id)")
            prepared.entry.backend = fallback.id
            prepared.entry.adapter = fallback.adapter
            do { upstream = try await fallback.stream(request) } catch {
                try await refuse(prepared, OpenAIError(status: 502, type: "server_error", code: "backend_failed",
                                                       message: "the model backend and its fallback failed; no answer was produced"))
            }
        }
        return StreamingExchange(pipeline: self, prepared: prepared, route: route, upstream: upstream,
                                 promptCharacters: messages.reduce(0) { $0 + $1.content.count })
    }
}
