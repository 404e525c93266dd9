import Foundation
import Hummingbird
import HummingbirdTesting
import Retrieval
import Testing
@testable import Models

/// A stand-in for a TEI or vLLM server: `POST /v1/embeddings` answering with vectors derived from
/// the input text, so the test can check order and normalisation.
struct MockEmbeddingServer {
    static func application(dimension: Int, status: HTTPResponse.Status = .ok, reply fixed: String? = nil) -> some ApplicationProtocol {
        let router = Router()
        router.post("v1/embeddings") { request, _ -> Response in
            if let fixed {
                return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: fixed)))
            }
            let body = try await request.body.collect(upTo: 1 << 20)
            let json = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] ?? [:]
            let inputs = json["input"] as? [String] ?? []
            // Reply in reverse order with explicit indices, as servers may; vectors are not unit length.
            let data: [[String: Any]] = inputs.enumerated().reversed().map { index, text in
                ["object": "embedding", "index": index, "embedding": (0..<dimension).map { Double(($0 + text.count) % 5) + 1 }]
            }
            let reply = try JSONSerialization.data(withJSONObject: ["object": "list", "data": data, "model": json["model"] ?? ""])
            return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: reply)))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }
}

@Suite("OpenAI-compatible embedding client")
struct OpenAIEmbeddingClientTests {
    @Test("Vectors come back in input order, unit length, from a live HTTP server")
    func embeds() async throws {
        try await MockEmbeddingServer.application(dimension: 8).test(.live) { client in
            let port = try #require(client.port)
            let embedder = OpenAIEmbeddingClient(baseURL: "http://127.0.0.1:\(port)/v1", model: "bge-small-zh", dimension: 8)
            #expect(embedder.id == "openai:bge-small-zh:8")
            let vectors = try await embedder.embed(["一", "一二", "一二三"])
            #expect(vectors.count == 3)
            for vector in vectors { #expect(abs(vector.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5) }
            #expect(vectors[0] != vectors[1])
            let again = try await embedder.embed(["一二"])
            #expect(again[0] == vectors[1], "order follows the input, not the reply")
        }
    }

    @Test("A wrong dimension or an error status is a clear error")
    func errors() async throws {
        try await MockEmbeddingServer.application(dimension: 8).test(.live) { client in
            let embedder = OpenAIEmbeddingClient(baseURL: "http://127.0.0.1:\(client.port!)/v1", model: "m", dimension: 16)
            await #expect(throws: RetrievalError.self) { try await embedder.embed(["一"]) }
        }
        try await MockEmbeddingServer.application(dimension: 8, status: .serviceUnavailable).test(.live) { client in
            let embedder = OpenAIEmbeddingClient(baseURL: "http://127.0.0.1:\(client.port!)/v1", model: "m", dimension: 8)
            do {
                _ = try await embedder.embed(["一"])
                Issue.record("expected an error")
            } catch {
                #expect("\(error)".contains("503"))
            }
        }
        // Replies that are not an embeddings list, or whose vectors hold something else than numbers.
        for reply in [#"{"object":"list"}"#, #"{"data":[{"index":0,"embedding":[1,"2",3,4,5,6,7,8]}]}"#,
                      #"{"data":[{"index":0.5,"embedding":[1,2,3,4,5,6,7,8]}]}"#, #"[1,2]"#, "{\"data\": ["] {
            try await MockEmbeddingServer.application(dimension: 8, reply: reply).test(.live) { client in
                let embedder = OpenAIEmbeddingClient(baseURL: "http://127.0.0.1:\(client.port!)/v1", model: "m", dimension: 8)
                do {
                    _ = try await embedder.embed(["一"])
                    Issue.record("accepted \(reply)")
                } catch {
                    #expect("\(error)".contains("did not return an OpenAI embeddings list"), "\(reply): \(error)")
                }
            }
        }
    }

    @Test("An index built through the HTTP embedder finds clauses")
    func indexWithRemoteEmbedder() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hegui-remote-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("regs"), withIntermediateDirectories: true)
        try "---\nid: a\ntitle: 甲办法\nissuer: i\ndoc_no: d\neffective: 2020-01-01\n---\n第一条 挂失的规定。\n第二条 年费的规定。\n"
            .write(to: folder.appendingPathComponent("regs/a.md"), atomically: true, encoding: .utf8)
        try await MockEmbeddingServer.application(dimension: 8).test(.live) { client in
            let embedder = OpenAIEmbeddingClient(baseURL: "http://127.0.0.1:\(client.port!)/v1", model: "m", dimension: 8)
            let index = try RegulationIndex(path: folder.appendingPathComponent("index.sqlite").path, embedder: embedder)
            let report = try await index.sync(directory: folder.appendingPathComponent("regs").path)
            #expect(report.embedded == 2)
            #expect(try index.stats().embedder == "openai:m:8")
            #expect(try await index.search("年费", top: 1).first?.articleNumber == 2)
        }
    }
}
