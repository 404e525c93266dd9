import Foundation
import Gateway
import Testing

/// Runs the built `hegui` executable as a user would.
@Suite("hegui command line")
struct CommandLineTests {
    /// The `hegui` binary, built next to the test bundle (the test target depends on it).
    static var executable: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // Swift Testing may run from inside the .xctest bundle on some platforms.
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("hegui").path) && folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("hegui")
    }

    static func run(_ arguments: [String], stdin: String = "", environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    @Test("hegui mask: text on stdin, masked text on stdout, tags consistent across lines")
    func mask() throws {
        let result = try Self.run(["mask", "--policy", GatewayFixture.policies], stdin: "手机13812345678\n邮箱 a.b@163.com，再打13812345678\n没有个人信息\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "手机<PHONE_1>\n邮箱 <EMAIL_1>，再打<PHONE_1>\n没有个人信息\n")
    }

    @Test("hegui mask reads paragraph by paragraph: a table and a label on the line above its value are read whole, blank lines and tags kept")
    func maskParagraphs() throws {
        let input = "姓名,电话\n钱立群,88886666\n\n户名：\n孔乙己\n\n\n再打88886666\n"
        let result = try Self.run(["mask", "--policy", GatewayFixture.policies], stdin: input)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "姓名,电话\n<PERSON_1>,<PHONE_1>\n\n户名：\n<PERSON_2>\n\n\n再打88886666\n")
    }

    @Test("hegui policy explain lists each match with its recognizer, score and outcome, from arguments or stdin")
    func policyExplain() throws {
        let fromArguments = try Self.run(["policy", "explain", "--policy", GatewayFixture.policies, "我的电话是13812345678，金额1000元"])
        #expect(fromArguments.status == 0, "\(fromArguments.stderr)")
        let lines = fromArguments.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("policy sha256:") == true)
        #expect(lines.contains { $0.contains("cn_mobile") && $0.contains(" kept ") && $0.contains("\"13812345678\"") })
        #expect(lines.contains { $0.contains("covered by cn_mobile [5, 16)") })
        #expect(lines.contains { $0.contains("below min_score 0.50") && $0.contains("\"1000\"") })
        let fromStdin = try Self.run(["policy", "explain", "--policy", GatewayFixture.policies, "--field", "phone"], stdin: "88886666")
        #expect(fromStdin.stdout.contains("phone_by_label") && fromStdin.stdout.contains(" kept "), "\(fromStdin.stdout)")
    }

    @Test("index sync exits 1 naming a file it skipped, keeps that file's document served, and refuses an empty folder")
    func indexSyncProblems() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hegui-cli-sync-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let regulations = root.appendingPathComponent("regs"), empty = root.appendingPathComponent("empty")
        let data = root.appendingPathComponent("data").path
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Deploy/samples/regulations")
        try FileManager.default.copyItem(at: samples, to: regulations)
        #expect(try Self.run(["index", "sync", regulations.path, "--data", data]).status == 0)

        let card = regulations.appendingPathComponent("bank-card.md")
        let text = try String(contentsOf: card, encoding: .utf8)
        try String(text.drop(while: { $0 != "\n" }).dropFirst()).write(to: card, atomically: true, encoding: .utf8)
        let broken = try Self.run(["index", "sync", regulations.path, "--data", data])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("skipped bank-card.md:1: no YAML front matter"))
        #expect(broken.stdout.contains("kept: bank-card-rules"))
        #expect(!broken.stdout.contains("removed: "))

        let refused = try Self.run(["index", "sync", empty.path, "--data", data])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("would stop serving all 4 documents"))
        let missing = try Self.run(["index", "sync", root.appendingPathComponent("typo").path, "--data", data])
        #expect(missing.stderr.contains("regulations folder not found"))
        #expect(!missing.stderr.contains("NSCocoaErrorDomain"))
        let search = try Self.run(["index", "search", "银行卡丢失挂失", "--top", "1", "--json", "--data", data])
        #expect(search.stdout.contains("《银行卡业务管理办法》"), "the broken file's regulation is still served")
    }

    @Test("serve prints the index it serves, warns when citing routes have no clause to cite, and stops on SIGTERM")
    func serveStartup() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hegui-cli-serve-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data").path, empty = root.appendingPathComponent("empty").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        #expect(try Self.run(["keys", "generate", "--data", data]).status == 0)
        #expect(try Self.run(["index", "sync", empty, "--data", data]).status == 0, "an empty index may be synced with an empty folder")

        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["serve", "--data", data, "--port", "0"]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        var printed = Data()
        let deadline = Date().addingTimeInterval(60)
        while !String(decoding: printed, as: UTF8.self).contains("listening on"), Date() < deadline, process.isRunning {
            printed.append(output.fileHandleForReading.availableData)
        }
        process.terminate()
        process.waitUntilExit()
        printed.append(output.fileHandleForReading.readDataToEndOfFile())
        let stdout = String(decoding: printed, as: UTF8.self)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stdout.contains("regulation index version 1: 0 documents, 0 clauses served"), "\(stdout)\n\(stderr)")
        #expect(stdout.contains("listening on http://127.0.0.1:"))
        #expect(stderr.contains("warning: the regulation index serves no clause, and routes cs require citations"), "\(stderr)")
        #expect(process.terminationStatus == 0, "SIGTERM is a graceful shutdown: \(stderr)")
    }

    @Test("index sync, keys and audit show work against one --data folder; keys are 0600")
    func dataFolderCommands() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("hegui-cli-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Deploy/samples/regulations").path

        let sync = try Self.run(["index", "sync", samples, "--data", data])
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.stdout.contains("added 4"))
        let resync = try Self.run(["index", "sync", samples], environment: ["HEGUI_DATA": data])
        #expect(resync.stdout.contains("unchanged 4"), "HEGUI_DATA should select the same folder: \(resync.stdout)")

        let search = try Self.run(["index", "search", "银行卡丢失挂失", "--top", "1", "--json", "--data", data])
        #expect(search.status == 0)
        let hits = try JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [[String: Any]]
        #expect(hits?.first?["citation"] as? String == "《银行卡业务管理办法》第三十六条")

        let generate = try Self.run(["keys", "generate", "--data", data])
        #expect(generate.status == 0)
        #expect(generate.stdout.contains("verifier key: hegui.local/audit+"))
        let mode = try FileManager.default.attributesOfItem(atPath: data + "/keys/log.key")[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        #expect(try Self.run(["keys", "generate", "--data", data]).status != 0, "an existing key must not be replaced")
        #expect(try Self.run(["keys", "generate", "--if-missing", "--data", data]).status == 0)

        let elsewhere = data + "-typo"
        for arguments in [["keys", "list"], ["keys", "revoke", "0123456789ab"]] {
            let mistyped = try Self.run(arguments + ["--data", elsewhere])
            #expect(mistyped.status != 0)
            #expect(mistyped.stderr.contains("no API keys in \(elsewhere)"), "\(mistyped.stderr)")
            #expect(!FileManager.default.fileExists(atPath: elsewhere), "a mistyped --data must not create a folder")
        }

        let demo = try Self.run(["keys", "demo", "--if-missing", "--data", data])
        #expect(demo.status == 0)
        let demoKey = try String(contentsOfFile: data + "/keys/demo-api-key", encoding: .utf8)
        #expect(demoKey.hasPrefix("hg_"))
        let created = try Self.run(["keys", "create", "--role", "officer", "--name", "auditor", "--data", data])
        #expect(created.stdout.hasPrefix("hg_"))
        #expect(try Self.run(["keys", "create", "--role", "janitor", "--data", data]).stderr.contains("unknown role"))

        // Listed by id, never by key; revoked by id; the id must name exactly one key.
        let officerID = APIKeyStore.id(of: created.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        let listed = try Self.run(["keys", "list", "--data", data])
        #expect(listed.status == 0 && !listed.stdout.contains("hg_"))
        #expect(listed.stdout.contains("\(officerID)\tauditor\tofficer"))
        #expect(listed.stdout.contains("\(APIKeyStore.id(of: demoKey.trimmingCharacters(in: .whitespacesAndNewlines)))\tdemo-bot\tbot\tcs"))
        let tooShort = try Self.run(["keys", "revoke", "abc", "--data", data])
        #expect(tooShort.status != 0 && tooShort.stderr.contains("at least 8 of the hex digits"))
        let revoked = try Self.run(["keys", "revoke", String(officerID.prefix(8)), "--data", data])
        #expect(revoked.status == 0 && revoked.stdout.contains("key \(officerID) of 'auditor'"))
        #expect(!(try Self.run(["keys", "list", "--data", data]).stdout.contains(officerID)))
        #expect(try Self.run(["keys", "revoke", officerID, "--data", data]).stderr.contains("no key has an id starting with"))

        // Key changes are audited: the signer key, the demo key, the officer key and its revocation.
        let changes = try Self.run(["audit", "query", "--kind", "key_change", "--data", data])
        let actions = changes.stdout.split(separator: "\n").compactMap { line -> String? in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return (object?["details"] as? [String: String])?["action"]
        }
        #expect(actions == ["log_signer_key_created", "api_key_created", "api_key_created", "api_key_revoked"])
        #expect(changes.stdout.contains(officerID), "key changes name the key by its id")
        #expect(!changes.stdout.contains("hg_"), "API keys must never enter the log")

        let missing = try Self.run(["audit", "show", "no-such-id", "--data", data])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no audit entry with id no-such-id"))
    }
}
