import Foundation
import Testing

@Suite("hegui bench gateway")
struct GatewayBenchCommandLineTests {
    @Test("A short run answers every request, mostly with citations, and prints each figure it promises")
    func shortRun() throws {
        let result = try CommandLineTests.run(["bench", "gateway", "--requests", "40", "--concurrency", "1", "--concurrency", "4",
                                               "--rate", "0", "--samples", GatewayFixture.samples.path,
                                               "--policy", GatewayFixture.policies])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        for level in [1, 4] {
            let line = try #require(lines.first { $0.hasPrefix("concurrency \(level):") }, "\(result.stdout)")
            #expect(line.contains("added p50") && line.contains("CPU per request") && line.contains("gateway process"))
            #expect(line.hasSuffix("failures 0"), "\(line)")
        }
        // The mock model cites the first clause it was given: most varied questions pass the checks.
        let verdicts = try #require(lines.first { $0.hasPrefix("verdicts of those exchanges:") })
        let passed = try #require(verdicts.firstMatch(of: /pass (\d+)/).flatMap { Int($0.1) })
        #expect(passed >= 30, "\(verdicts)")
    }
}
