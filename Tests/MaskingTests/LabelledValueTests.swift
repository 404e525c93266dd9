import Testing
@testable import Masking

/// A label says what a value is where no cue word is near it: a table column's header, a label cell,
/// a JSON, XML or query field's name. `kind: labelled_value` recognizers read the values of the labels
/// they list.
@Suite("Values by their label: table columns and structured fields")
struct LabelledValueTests {
    static let keys = Set(["姓名", "电话", "name", "出生日期"].map { LabelledValue.key(ContextRule.foldedBytes($0)[...]) })

    /// The tables of `text` as cell texts, row by row.
    static func cells(_ text: String) -> [[[String]]]? {
        let bytes = NormalizedText(text).utf8
        return TableLayout(bytes: bytes, keys: keys)?.tables.map { table in
            table.rows.map { row in row.map { String(decoding: bytes[$0], as: UTF8.self) } }
        }
    }

    @Test("Pipe tables (rule line skipped), tab- and comma-separated lines under a header; a blank line or another cell count ends a table")
    func layouts() {
        #expect(LabelledValueTests.cells("| 姓名 | 电话 |\n|:---|---:|\n| 钱立群 | 88886666 |\n| 孔乙己 |  |\n")
                == [[["姓名", "电话"], ["钱立群", "88886666"], ["孔乙己", ""]]])
        #expect(LabelledValueTests.cells("Name\tPhone\r\nJohn Carter\t(415) 555-0132\r\n") == [[["Name", "Phone"], ["John Carter", "(415) 555-0132"]]])
        // Full-width commas fold to commas; quotes around a field are not part of it.
        #expect(LabelledValueTests.cells("姓名，电话\n\"钱立群\"，88886666\n\n备注\n姓名;电话\n赵本山;13912345678\n一;二;三\n")
                == [[["姓名", "电话"], ["钱立群", "88886666"]], [["姓名", "电话"], ["赵本山", "13912345678"]]])
        // One line, or lines whose counts differ, are no table; but one pipe row is a row of labels and values.
        #expect(LabelledValueTests.cells("姓名,电话") == nil)
        #expect(LabelledValueTests.cells("| 姓名 | 钱立群 | 电话 | 88886666 |") == [[["姓名", "钱立群", "电话", "88886666"]]])
        #expect(LabelledValueTests.cells("您好，我想问一下，\n我的卡丢了。\n") == nil)
    }

    @Test("A label is one key however it is spelled: case, spaces, _ - * :, a remark in brackets; the hash agrees")
    func labelKeys() {
        let spellings = ["Customer Name", "customer_name", "customerName", "CUSTOMER-NAME:", "*Customer name", "Customer Name (as on ID)", "customer name[1]"]
        let keys = spellings.map { LabelledValue.key(Array($0.utf8)[...]) }
        #expect(Set(keys) == [Array("customername".utf8)])
        #expect(Set(spellings.map(LabelledValue.fieldKeyHash)) == [LabelledValue.keyHash(Array("customername".utf8))])
        #expect(LabelledValue.key(Array("手机号(必填)".utf8)[...]) == Array("手机号".utf8))
        // A bracket that opens the label is part of it, not a remark.
        #expect(LabelledValue.key(Array("(name)".utf8)[...]) == Array("(name)".utf8))
        #expect(LabelledValue.fieldKeyHash("(Name)") == LabelledValue.keyHash(Array("(name)".utf8)))
    }

    @Test("A table of labels and values is told from one of columns by its first column and its first row")
    func labelledTables() throws {
        let bytes = NormalizedText("| 姓名 | 钱立群 |\n| 电话 | 88886666 |\n\n姓名,电话\n钱立群,88886666\n").utf8
        let layout = try #require(TableLayout(bytes: bytes, keys: LabelledValueTests.keys))
        #expect(layout.tables.map(\.labelled) == [true, false])
    }

    @Test("The shipped policy reads names, birth dates, addresses, phones, accounts, passwords and legacy IDs by their column or label")
    func shippedPolicy() throws {
        let detector = try RepositoryPolicy.load().detector
        let text = """
            | 姓名 | 联系电话 | 出生日期 | 家庭住址 |
            |---|---|---|---|
            | 钱立群 | 88886666 | 1990-03-07 | 杭州西湖区文三路478号 |
            | 孔乙己 | 010-6888 8888 | 1985年10月2日 | 咸亨酒店隔壁3号 |

            Customer Name,Account No,Password,ID number
            mary ellen smith,000123456789,x9!kq7,110105491231002
            """
        let found = try detector.findings(in: text)
        let byType = Dictionary(grouping: found, by: \.type).mapValues { $0.map { text.codePoints($0.start..<$0.end) } }
        #expect(byType[.person] == ["钱立群", "孔乙己", "mary ellen smith"])
        #expect(byType[.phone] == ["88886666", "010-6888 8888"])
        #expect(byType[.dateOfBirth] == ["1990-03-07", "1985年10月2日"])
        #expect(byType[.address] == ["杭州西湖区文三路478号", "咸亨酒店隔壁3号"])
        #expect(byType[.bankAccount] == ["000123456789"])
        #expect(byType[.authSecret] == ["x9!kq7"])
        #expect(byType[.residentID] == ["110105491231002"])
        #expect(found.first { $0.recognizer == "name_by_label" }?.reason == "column 姓名")
        #expect(found.first { $0.recognizer == "legacy_id_by_label" }?.reason == "birth date; column ID number")
    }

    @Test("Placeholders, products, file names, impossible dates and columns no entry names stay")
    func nearMisses() throws {
        let detector = try RepositoryPolicy.load().detector
        let text = """
            姓名,出生日期,备注
            未知,1990-13-07,张三丰的徒弟
            N/A,不详,无

            Name,Annual fee,File
            Gold Card,300,report.pdf
            Premium Savings Plan,0,notes.txt
            """
        #expect(try detector.findings(in: text).filter { $0.recognizer.hasSuffix("_by_label") }.isEmpty)
    }

    @Test("JSON and dict members, XML elements and query parameters are read by their key, however it is spelled")
    func structuredFields() throws {
        let detector = try RepositoryPolicy.load().detector
        let text = """
            {"customer": {"id_number": "110105491231002", "homePhone": 88886666, "name": "钱立群"}} \
            {'dateOfBirth': '07/03/1990', 'account_no': '000123456789'} \
            <passportNumber>G12345678</passportNumber><pwd>x9kq7</pwd> ?tel=88886666&birth_date=1990-03-07
            """
        // (G12345678 is a passport by its shape too, and its own recognizer wins the tie.)
        let found = try detector.findings(in: text)
        #expect(found.map { text.codePoints($0.start..<$0.end) }
                == ["110105491231002", "88886666", "钱立群", "07/03/1990", "000123456789", "G12345678", "x9kq7", "88886666", "1990-03-07"])
        #expect(found.filter { $0.recognizer.hasSuffix("_by_label") }.count == 8)
        #expect(found.map(\.reason).contains("field homePhone"))
        // A bank, a product or a card in a name field is no person; a key no entry lists is read by none.
        let others = #"{"name": "华夏银行", "product": {"name": "金卡"}, "items": [{"name": "稳健理财"}], "note": "88886666"}"#
        #expect(try detector.findings(in: others).filter { $0.recognizer.hasSuffix("_by_label") }.isEmpty)
    }

    @Test("HTML tables: the cell after a label cell, and the columns under a row of <th> headers")
    func htmlTables() throws {
        let detector = try RepositoryPolicy.load().detector
        let text = """
            <table><tr><td>姓名</td><td>钱立群</td></tr><tr><td class="k">联系电话</td><td> 88886666 </td></tr></table>
            <table><tr><th>Name</th><th>Date of Birth</th><th>Note</th></tr>
            <tr><td>John Carter</td><td>07/03/1990</td><td>VIP</td></tr><tr><td><b>Ann Lee</b></td><td>1985-10-02</td><td>-</td></tr>
            <tr><td>Bo <br> Chen</td><td><span class="d"><i>1979-01-02</i></span> </td><td>-</td></tr></table>
            <tr><td><strong>身份证号：</strong></td><td> <a href="#">110105491231002</a></td></tr>
            """
        let found = try detector.findings(in: text).filter { $0.recognizer.hasSuffix("_by_label") }
        // A cell's text inside inline tags is read (<b>Ann Lee</b>, a label in <strong>); a cell
        // holding two runs of text (Bo <br> Chen) is not, and keeps its column's place.
        #expect(found.map { text.codePoints($0.start..<$0.end) }
                == ["钱立群", "88886666", "John Carter", "07/03/1990", "Ann Lee", "1985-10-02", "1979-01-02", "110105491231002"])
        #expect(found.map(\.reason).contains("column Name"))
    }

    @Test("Unclosed quotes, unclosed tags and long keys cost one pass, not one per quote or tag")
    func hostileFields() throws {
        let detector = try RepositoryPolicy.load().detector
        for text in [String(repeating: "'\\", count: 200_000), String(repeating: "<a", count: 200_000) + ">",
                     String(repeating: "a", count: 200_000) + String(repeating: "=&", count: 100_000),
                     "<tr><td>姓名</td><td>" + String(repeating: "<b>", count: 100_000), "<tr><td>姓名</td>" + String(repeating: "<td><b ", count: 50_000),
                     "<tr><td>姓名</td><td>x" + String(repeating: "</b>", count: 100_000)] {
            #expect(try detector.findings(in: text).isEmpty)
        }
    }

    @Test("A labelled_value entry needs labels and a pattern, and takes no context")
    func policyErrors() {
        func errors(_ entry: String) -> [String] {
            do {
                _ = try MaskingPolicy.load(sources: [("t.yaml", "recognizers:\n  - id: t\n    type: PERSON\n    kind: labelled_value\n    score: 0.9\n" + entry)])
                return []
            } catch {
                return error.errors.map(\.message)
            }
        }
        #expect(errors("    labels: [姓名]\n    pattern: '.+'\n").isEmpty)
        #expect(errors("    pattern: '.+'\n").first?.contains("needs labels") == true)
        #expect(errors("    labels: [姓名]\n").first?.contains("needs a pattern") == true)
        #expect(errors("    labels: [姓名]\n    pattern: '.+'\n    context:\n      - before: [客户]\n        window: 4\n        adjustment: 0.3\n").first?.contains("takes no context") == true)
    }
}
