import Foundation
import Hummingbird
import NIOCore

/// An OpenAI-compatible model server for tests that misbehaves on request. The scenario is a word
/// in the last user message (it survives masking): `GOOD`, `WRONGCITE`, `WRONGQUOTE`, `SPLITBANNED`, `LEAKPII`,
/// `CUT`, `DRIP` (a long answer, 20 ms between chunks), `FAIL500`, `FLAKY`, `SLOW`, `REPAIRABLE`,
/// `LENGTH` (a good answer whose `finish_reason` is `length`). It cites the first clause listed in the system
/// prompt, so good answers pass the citation check. Every request body is recorded.
final class MockUpstream: @unchecked Sendable {
    private let lock = NSLock()
    private var bodies: [[String: Any]] = []
    private var flakyFailures = 0

    var requests: [[String: Any]] { lock.withLock { bodies } }

    func application() -> some ApplicationProtocol {
        let router = Router()
        router.post("v1/chat/completions") { request, _ -> Response in
            let data = try await request.body.collect(upTo: 1 << 20)
            let body = (try? JSONSerialization.jsonObject(with: Data(data.readableBytesView)) as? [String: Any]) ?? [:]
            return try await self.answer(body)
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    private func answer(_ body: [String: Any]) async throws -> Response {
        lock.withLock { bodies.append(body) }
        let messages = body["messages"] as? [[String: String]] ?? []
        let system = messages.first { $0["role"] == "system" }?["content"] ?? ""
        let question = messages.last { $0["role"] == "user" }?["content"] ?? ""
        let stream = body["stream"] as? Bool ?? false
        // "[1] 《title》第N条：text" → the first clause's citation.
        let citation = system.split(separator: "\n").first { $0.hasPrefix("[1] ") }
            .flatMap { line in line.dropFirst(4).split(separator: "：").first.map(String.init) } ?? "《未知》第一条"
        let good = "【政策依据】\(citation)。\n【简明解释】请您本人携带有效证件到网点办理，我们会依法保护您的信息。"
        var pieces: [String]
        switch true {
        case question.contains("FAIL500"):
            return Response(status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: "{\"error\":\"overloaded\"}")))
        case question.contains("FLAKY"):
            let fail = lock.withLock { () -> Bool in
                flakyFailures += 1
                return flakyFailures <= 2
            }
            if fail { return Response(status: .serviceUnavailable) }
            pieces = chunks(good)
        case question.contains("SLOW"):
            try await Task.sleep(for: .seconds(3))
            pieces = chunks(good)
        case question.contains("WRONGCITE"):
            pieces = chunks("【政策依据】《不存在的管理办法》第九条。\n【简明解释】可以办理。")
        case question.contains("DRIP"):
            // A long answer, so the gateway writes many times after the client has gone.
            pieces = chunks("【政策依据】\(citation)。\n【简明解释】" + String(repeating: "请您本人携带有效证件到网点办理挂失手续。", count: 20))
        case question.contains("WRONGQUOTE"):
            pieces = chunks("【政策依据】\(citation)：“银行可以随意公开客户的个人信息。”\n【简明解释】可以。")
        case question.contains("SPLITBANNED"):
            pieces = ["【政策依据】\(citation)。\n【简明解释】您好，", "这项业务需要本人办理，请携带证件到网点，工作人员会为您核实身份后办理相关手续。", "哈", "喽，祝您生活愉快，有问题随时联系我们的官方客服热线。"]
        case question.contains("LEAKPII"):
            pieces = chunks("【政策依据】\(citation)。\n【简明解释】请联系客户经理，手机13912345678，邮箱wang.li@example.com。")
        case question.contains("REPAIRABLE"):
            let isRepair = question.contains("上一个回答不符合要求")
            pieces = chunks(isRepair ? good : "亲，可以办理的哦")
        default:
            pieces = chunks(good)
        }
        guard stream else {
            let reply: [String: Any] = ["id": "mock", "object": "chat.completion", "model": body["model"] ?? "",
                                        "choices": [["index": 0, "message": ["role": "assistant", "content": pieces.joined()],
                                                     "finish_reason": question.contains("LENGTH") ? "length" : "stop"]]]
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: reply))))
        }
        let cut = question.contains("CUT")
        let slowly = question.contains("DRIP")
        let frames = pieces.map { piece -> String in
            let chunk: [String: Any] = ["id": "mock", "object": "chat.completion.chunk",
                                        "choices": [["index": 0, "delta": ["content": piece], "finish_reason": NSNull()]]]
            return "data: " + String(decoding: try! JSONSerialization.data(withJSONObject: chunk), as: UTF8.self) + "\n\n"
        } + [#"data: {"id":"mock","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"\#(question.contains("LENGTH") ? "length" : "stop")"}]}"# + "\n\n"]
        return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: ResponseBody { writer in
            for (index, frame) in frames.enumerated() {
                if cut && index == frames.count / 2 { throw CancellationError() }   // drop the connection mid-answer
                if slowly { try await Task.sleep(for: .milliseconds(20)) }
                try await writer.write(ByteBuffer(string: frame))
            }
            try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
            try await writer.finish(nil)
        })
    }

    /// Pieces of a few characters, as a model server streams tokens.
    private func chunks(_ text: String) -> [String] {
        var pieces: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            pieces.append(String(rest.prefix(3)))
            rest = rest.dropFirst(3)
        }
        return pieces
    }
}
