import Foundation
import Testing
@testable import Retrieval

@Suite("Today's date in China Standard Time")
struct ChinaDateTests {
    /// The date Foundation's calendar gives for the same instant.
    static func calendarDate(_ seconds: Double) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: seconds))
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    @Test("Agrees with Foundation's calendar across day boundaries, leap days and centuries")
    func agreesWithCalendar() {
        // 1992-01-01 onwards (China observed daylight saving until 1991).
        var instants: [Double] = [694_224_000, 951_782_400, 951_868_799, 951_868_800, 4_107_542_399, 4_107_542_400]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 { instants.append(Double.random(in: 694_224_000...4_200_000_000, using: &generator)) }
        // Around midnight in Shanghai, which is 16:00 UTC.
        for day in stride(from: 694_224_000.0, to: 4_200_000_000, by: 86400 * 97) {
            instants += [day + 57_599, day + 57_600, day + 57_601]
        }
        for instant in instants {
            #expect(RegulationIndex.date(secondsSince1970: instant) == Self.calendarDate(instant), "at \(instant)")
        }
        #expect(RegulationIndex.date(secondsSince1970: 1_795_363_199) == "2026-11-22")
        #expect(RegulationIndex.date(secondsSince1970: 1_795_363_200) == "2026-11-23")
        #expect(RegulationIndex.today() == Self.calendarDate(Date().timeIntervalSince1970))
        // Before 1970 the day count is negative and must round down, not toward zero.
        #expect(RegulationIndex.date(secondsSince1970: -1) == "1970-01-01")          // 07:59:59 CST
        #expect(RegulationIndex.date(secondsSince1970: -28_801) == "1969-12-31")
    }
}
