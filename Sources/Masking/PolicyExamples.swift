import Foundation
import Yams

/// A policy author's examples: texts with the findings the policy must produce, run by
/// `hegui policy test FILE` before a change goes live.
///
/// ```yaml
/// - text: 我叫张伟，手机13812345678
///   findings:
///     - { type: PERSON, text: 张伟 }
///     - { type: PHONE, text: "13812345678" }
/// - text: 余额不足，金额100元
///   findings: []
/// ```
public struct PolicyExamples: Sendable {
    public struct Example: Sendable, Codable {
        public var text: String
        public var findings: [Expected]
    }

    public struct Expected: Sendable, Codable, Hashable, CustomStringConvertible {
        public var type: String
        public var text: String
        public var description: String { "\(type) \"\(text)\"" }
    }

    /// One example whose findings differ from the expected ones.
    public struct Mismatch: Sendable, CustomStringConvertible {
        public var line: Int
        public var text: String
        public var missing: [Expected]
        public var unexpected: [Expected]
        public var description: String {
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing " + missing.map(\.description).joined(separator: ", ")) }
            if !unexpected.isEmpty { parts.append("unexpected " + unexpected.map(\.description).joined(separator: ", ")) }
            return "line \(line): \(text)\n    " + parts.joined(separator: "; ")
        }
    }

    public let examples: [(example: Example, line: Int)]

    /// Parses an examples file; errors name the file and line.
    public init(path: String) throws(PolicyError) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw PolicyError(file: path, message: "cannot be read as UTF-8 text")
        }
        do {
            guard let root = try Yams.compose(yaml: text), let sequence = root.sequence else {
                throw PolicyError(file: path, message: "expected a YAML list of {text, findings} examples")
            }
            var examples: [(Example, Int)] = []
            for node in sequence {
                do {
                    examples.append((try YAMLDecoder().decode(Example.self, from: node), node.mark?.line ?? 0))
                } catch {
                    throw PolicyError(file: path, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0,
                                      message: "each example needs text and findings (a list of {type, text}): \(error)")
                }
            }
            self.examples = examples
        } catch let error as PolicyError {
            throw error
        } catch let error as YamlError {
            throw PolicyCompiler.locate(error, file: path)
        } catch {
            throw PolicyError(file: path, message: "\(error)")
        }
    }

    /// Runs every example through `detector`; returns the mismatches (empty when all pass).
    public func run(with detector: PIIDetector) throws(MaskingError) -> [Mismatch] {
        var mismatches: [Mismatch] = []
        for (example, line) in examples {
            let scalars = Array(example.text.unicodeScalars)
            let found = try detector.findings(in: example.text).map {
                Expected(type: $0.type.rawValue, text: String(String.UnicodeScalarView(scalars[$0.start..<$0.end])))
            }
            var remaining = found
            var missing: [Expected] = []
            for expected in example.findings {
                if let index = remaining.firstIndex(of: expected) { remaining.remove(at: index) } else { missing.append(expected) }
            }
            if !missing.isEmpty || !remaining.isEmpty {
                mismatches.append(Mismatch(line: line, text: example.text, missing: missing, unexpected: remaining))
            }
        }
        return mismatches
    }
}
