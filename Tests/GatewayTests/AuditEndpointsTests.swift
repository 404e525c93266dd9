import AuditTrail
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Audit API for compliance officers, on a live loopback server")
struct AuditEndpointsTests {
    @Test("Officers query, export, prove and verify; bots may not; every read is itself audited")
    func officerReads() async throws {
        let fixture = try await GatewayFixture.make()
        let officerKey = try APIKeyStore(path: fixture.data.apiKeysPath).create(principal: Principal(name: "officer-li", role: .officer, routes: []))
        let app = fixture.server.application(logger: fixture.logger)
        let verifierKey = try String(contentsOfFile: fixture.data.verifierKeyPath, encoding: .utf8)
        try await app.test(.live) { client in
            var chatIDs: [String] = []
            for question in ["银行卡丢了怎么挂失？身份证11010519491231002X", "敏感个人信息包括哪些？", "xyz"] {
                let response = try await client.execute(uri: "/v1/chat/completions", method: .post,
                                                        headers: [.authorization: "Bearer \(fixture.apiKey)"],
                                                        body: ChatCompletionEndToEndTests.chatBody(question))
                chatIDs.append(try #require(response.headers[GatewayServer.auditIDHeader]))
            }
            let officer: HTTPFields = [.authorization: "Bearer \(officerKey)"]

            // A bot key is refused.
            let forbidden = try await client.execute(uri: "/v1/audit/entries", method: .get, headers: [.authorization: "Bearer \(fixture.apiKey)"])
            #expect(forbidden.status.code == 403)

            // Filters.
            let withID = try await client.execute(uri: "/v1/audit/entries?entity_type=CN_ID&kind=chat", method: .get, headers: officer)
            let withIDList = ChatCompletionEndToEndTests.json(withID.body)["data"] as? [[String: Any]] ?? []
            #expect(withIDList.map { $0["id"] as? String } == [chatIDs[0]])
            let blocked = try await client.execute(uri: "/v1/audit/entries?verdict=blocked", method: .get, headers: officer)
            #expect((ChatCompletionEndToEndTests.json(blocked.body)["data"] as? [[String: Any]])?.map { $0["id"] as? String } == [chatIDs[2]])
            let cited = try await client.execute(uri: "/v1/audit/entries?clause=pipl@", method: .get, headers: officer)
            #expect((ChatCompletionEndToEndTests.json(cited.body)["data"] as? [[String: Any]])?.map { $0["id"] as? String } == [chatIDs[1]])
            let paged = try await client.execute(uri: "/v1/audit/entries?kind=chat&limit=2", method: .get, headers: officer)
            #expect(ChatCompletionEndToEndTests.json(paged.body)["next_after"] as? Int == 1)
            let byKey = try await client.execute(uri: "/v1/audit/entries?kind=chat&key_id=\(APIKeyStore.id(of: fixture.apiKey))", method: .get, headers: officer)
            #expect((ChatCompletionEndToEndTests.json(byKey.body)["data"] as? [[String: Any]])?.map { $0["id"] as? String } == chatIDs)
            let otherKey = try await client.execute(uri: "/v1/audit/entries?kind=chat&key_id=\(APIKeyStore.id(of: officerKey))", method: .get, headers: officer)
            #expect((ChatCompletionEndToEndTests.json(otherKey.body)["data"] as? [[String: Any]])?.isEmpty == true)
            let badLimit = try await client.execute(uri: "/v1/audit/entries?limit=abc", method: .get, headers: officer)
            #expect(badLimit.status.code == 400)

            // Exports.
            let csv = try await client.execute(uri: "/v1/audit/entries?kind=chat&format=csv", method: .get, headers: officer)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(String(buffer: csv.body).split(separator: "\r\n").count == 4)
            let jsonl = try await client.execute(uri: "/v1/audit/entries?kind=chat&format=jsonl", method: .get, headers: officer)
            let lines = String(buffer: jsonl.body).split(separator: "\n")
            #expect(lines.count == 3)
            // Each JSON line is the exact leaf: re-hashing it gives the stored leaf hash.
            let store = try SQLiteLogStore(path: fixture.data.auditLogPath)
            #expect(MerkleHash.leaf(Data(lines[0].utf8)) == (try store.entry(sequence: 0))?.leafHash)

            // A receipt verifies offline with the published key.
            let receiptResponse = try await client.execute(uri: "/v1/audit/entries/\(chatIDs[1])/receipt", method: .get, headers: officer)
            #expect(receiptResponse.status == .ok)
            let receipt = try JSONDecoder().decode(Receipt.self, from: Data(receiptResponse.body.readableBytesView))
            #expect(try receipt.verify(trusting: verifierKey).entryID == chatIDs[1])
            let missing = try await client.execute(uri: "/v1/audit/entries/nope/receipt", method: .get, headers: officer)
            #expect(missing.status.code == 404)

            // Checkpoint and consistency.
            let first = try await client.execute(uri: "/v1/audit/checkpoint", method: .get, headers: officer)
            let firstCheckpoint = try Checkpoint.open(String(buffer: first.body), verifier: try NoteVerifier(verifierKey: verifierKey))
            let second = try await client.execute(uri: "/v1/audit/checkpoint", method: .get, headers: officer)
            let secondCheckpoint = try Checkpoint.open(String(buffer: second.body), verifier: try NoteVerifier(verifierKey: verifierKey))
            #expect(secondCheckpoint.size > firstCheckpoint.size, "the first read was itself appended")
            let consistency = try await client.execute(
                uri: "/v1/audit/consistency?from=\(firstCheckpoint.size)&to=\(secondCheckpoint.size)", method: .get, headers: officer)
            let proof = (ChatCompletionEndToEndTests.json(consistency.body)["proof"] as? [String] ?? []).compactMap { Data(base64Encoded: $0) }
            try MerkleVerifier.verifyConsistency(oldSize: firstCheckpoint.size, newSize: secondCheckpoint.size,
                                                 oldRoot: firstCheckpoint.rootHash, newRoot: secondCheckpoint.rootHash, proof: proof)
        }

        // Every officer read is in the log, and the whole log verifies.
        var query = AuditQuery()
        query.kind = "officer_query"
        query.limit = 1000
        let reads = try await SQLiteLogStore(path: fixture.data.auditLogPath).query(query)
        #expect(reads.count == 12, "\(reads.map(\.entry.details))")
        #expect(reads.allSatisfy { $0.entry.principal == "officer-li" })
        #expect(reads.allSatisfy { $0.entry.details["key_id"] == APIKeyStore.id(of: officerKey) }, "each read names the officer's key")
        #expect(reads.first?.entry.details["entity_type"] == "CN_ID")
        let report = try LogVerifier(store: try SQLiteLogStore(path: fixture.data.auditLogPath),
                                     verifier: try fixture.data.loadVerifier()).verify()
        query.kind = "refusal"
        let refusals = try await SQLiteLogStore(path: fixture.data.auditLogPath).query(query)
        #expect(refusals.map { $0.entry.details["code"] ?? "" } == ["role_not_allowed", "invalid_parameter", "entry_not_found"])
        #expect(refusals.map(\.entry.principal) == ["test-bot", "officer-li", "officer-li"])
        #expect(report.entries == 15 + refusals.count, "the refused reads are audited too")
    }
}
