import Crypto
import Foundation
import Yams

/// The PII rules in force: every file of a policy folder (`Policies/pii/*.yaml`), validated and
/// compiled, with the digest that identifies them in audit entries and scrub reports.
public struct MaskingPolicy: Sendable {
    /// The folder the files were read from.
    public let directory: String
    /// File names, sorted, relative to ``directory``.
    public let files: [String]
    public let recognizers: [RecognizerSpec]
    public let operators: [EntityType: MaskingOperator]
    public let settings: PolicySettings
    /// `sha256:` + hex SHA-256 of ``canonicalJSON``: names the exact rules in force.
    public let digest: String
    /// The bundle in canonical form: recognizers sorted by id, JSON with sorted keys.
    public let canonicalJSON: Data
    /// The compiled recognizers, allow-list and thresholds.
    public let detector: PIIDetector
    /// The file texts this bundle was compiled from, for ``replica()``.
    let sources: [PolicySource]

    struct PolicySource: Sendable {
        var path: String
        var text: String
    }

    /// The same rules compiled again from the same texts: no object is shared with this policy.
    ///
    /// Threads masking in parallel each take a replica. Sharing one detector makes every text's
    /// pass over it retain and release the same objects from every core, and those contended
    /// reference counts cost more than the masking itself: measured here, two cores sharing one
    /// masker mask about 1.1 times as fast as one core, with a replica each 1.4 to 1.6 times (`hegui bench mask`).
    public func replica() -> MaskingPolicy {
        // The texts compiled once already, so they compile again (same digest).
        guard let copy = try? MaskingPolicy.load(sources: sources.map { ($0.path, $0.text) }, directory: directory) else {
            preconditionFailure("a policy that compiled once failed to compile again")
        }
        return copy
    }

    /// A masker applying this policy's operators. `pseudonymKey` is needed when any type uses `hmac`.
    public func masker(pseudonymKey: SymmetricKey? = nil) throws(MaskingError) -> Masker {
        try Masker(detector: detector, operators: operators, pseudonymKey: pseudonymKey)
    }

    /// Whether any type is masked with keyed pseudonyms.
    public var needsPseudonymKey: Bool { operators.values.contains(.pseudonym) }

    /// Loads `directory/pii/*.yaml` (or `directory/*.yaml` when there is no `pii` folder).
    /// Throws ``PolicyErrors`` listing every problem found, each with file, line and column.
    public static func load(directory: String) throws(PolicyErrors) -> MaskingPolicy {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        let nested = (directory as NSString).appendingPathComponent("pii")
        let folder = manager.fileExists(atPath: nested, isDirectory: &isFolder) && isFolder.boolValue ? nested : directory
        guard manager.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw PolicyErrors(errors: [PolicyError(file: directory, message: "policy folder not found; pass --policy DIR pointing at a folder with pii/*.yaml (the repository ships Policies/)")])
        }
        let names = ((try? manager.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        guard !names.isEmpty else {
            throw PolicyErrors(errors: [PolicyError(file: folder, message: "no .yaml policy files in this folder")])
        }
        var sources: [(path: String, text: String)] = []
        var errors: [PolicyError] = []
        for name in names {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let data = manager.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                errors.append(PolicyError(file: path, message: "cannot be read as UTF-8 text"))
                continue
            }
            sources.append((path, text))
        }
        if !errors.isEmpty { throw PolicyErrors(errors: errors) }
        return try load(sources: sources, directory: folder)
    }

    /// Loads a bundle from file texts (path → YAML): what ``load(directory:)`` does after reading.
    public static func load(sources: [(path: String, text: String)], directory: String = ".") throws(PolicyErrors) -> MaskingPolicy {
        var compiler = PolicyCompiler()
        for source in sources { compiler.add(path: source.path, text: source.text) }
        return try compiler.finish(directory: directory, sources: sources.map { PolicySource(path: $0.path, text: $0.text) })
    }
}

/// Validates policy files one by one and compiles the union; collects every error with its location.
struct PolicyCompiler {
    private var errors: [PolicyError] = []
    private var recognizers: [(spec: RecognizerSpec, recognizer: any Recognizer, file: String)] = []
    private var recognizerFiles: [String: String] = [:]
    private var operators: [EntityType: MaskingOperator] = [:]
    private var operatorSpecs: [String: OperatorSpec] = [:]
    private var allowEntries: [AllowList.Entry] = []
    private var allowSpecs: [AllowSpec] = []
    private var settings: PolicySettings?
    private var settingsFile: String?
    private var files: [String] = []
    /// Name-recognizer specs wait until settings (the minimum score) are known.
    private var pendingNames: [(spec: RecognizerSpec, file: String)] = []

    mutating func add(path: String, text: String) {
        files.append(path)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                errors.append(PolicyError(file: path, message: "the file is empty"))
                return
            }
            root = node
        } catch let error as YamlError {
            errors.append(PolicyCompiler.locate(error, file: path))
            return
        } catch {
            errors.append(PolicyError(file: path, message: "\(error)"))
            return
        }
        let before = errors.count
        checkKeys(root, path: path)
        guard errors.count == before else { return }
        let file: PolicyFile
        do {
            file = try YAMLDecoder().decode(PolicyFile.self, from: root)
        } catch let error as DecodingError {
            errors.append(PolicyCompiler.locate(error, in: root, file: path))
            return
        } catch {
            errors.append(PolicyError(file: path, message: "\(error)"))
            return
        }
        guard let fragments = fragments(of: file, root: root, path: path) else { return }
        for (index, spec) in (file.recognizers ?? []).enumerated() {
            var spec = spec
            spec.pattern = spec.pattern.map(fragments.expanded)
            addRecognizer(spec, at: mark(root, [.key("recognizers"), .index(index)]), file: path, root: root, index: index)
        }
        for (typeName, spec) in (file.operators ?? [:]).sorted(by: { $0.key < $1.key }) {
            addOperator(spec, typeName: typeName, at: mark(root, [.key("operators"), .key(typeName)]), file: path)
        }
        for (index, spec) in (file.allow ?? []).enumerated() {
            addAllow(spec, at: mark(root, [.key("allow"), .index(index)]), file: path)
        }
        if let fileSettings = file.settings {
            let location = mark(root, [.key("settings")])
            if let settingsFile {
                errors.append(error(path, location, "settings are already set in \(settingsFile); keep them in one file"))
            } else {
                settings = fileSettings
                settingsFile = path
                if let minimum = fileSettings.minScore, !(0...1).contains(minimum) {
                    errors.append(error(path, location, "min_score \(minimum) is outside 0…1"))
                }
                if let limit = fileSettings.maxInputBytes, limit < 1024 {
                    errors.append(error(path, location, "max_input_bytes \(limit) is too small (at least 1024)"))
                }
            }
        }
    }

    /// The file's `fragments:`, checked: each name one PCRE2 can take, each body a pattern that
    /// compiles, each called by some recognizer of the file. Nil, with the errors recorded, otherwise.
    private mutating func fragments(of file: PolicyFile, root: Node, path: String) -> PatternFragments? {
        let fragments = PatternFragments(file.fragments ?? [:])
        let before = errors.count
        let called = Set((file.recognizers ?? []).compactMap(\.pattern).flatMap(fragments.called(by:)))
        for name in fragments.bodies.keys.sorted() {
            let location = mark(root, [.key("fragments"), .key(name)])
            if let problem = PatternFragments.problem(withName: name) {
                errors.append(error(path, location, problem))
            } else if !called.contains(name) {
                errors.append(error(path, location, "fragment \(name) is called by no recognizer of this file; call it as (?&\(name)) or remove it"))
            } else {
                do {
                    _ = try CompiledPattern(fragments.definitions(of: fragments.called(by: "(?&\(name))")), owner: "fragment \(name)")
                } catch {
                    let reason = if case let .invalidPattern(_, message, _) = error { message } else { error.description }
                    errors.append(self.error(path, location, "fragment \(name) does not compile: \(reason); fix the fragment"))
                }
            }
        }
        return errors.count == before ? fragments : nil
    }

    private mutating func addRecognizer(_ spec: RecognizerSpec, at location: Mark?, file: String, root: Node, index: Int) {
        func field(_ name: String) -> Mark? {
            PolicyCompiler.mark(root, [.key("recognizers"), .index(index), .key(name)]) ?? location
        }
        let prefix = "recognizer \(spec.id)"
        if let other = recognizerFiles[spec.id] {
            errors.append(error(file, location, "\(prefix): the id is already used in \(other); ids must be unique"))
            return
        }
        recognizerFiles[spec.id] = file
        guard spec.enabled ?? true else { return }
        let type = EntityType(spec.type)
        guard EntityType.all.contains(type) else {
            errors.append(error(file, field("type"), "\(prefix): unknown entity type \(spec.type); use one of \(EntityType.all.map(\.rawValue).joined(separator: ", "))"))
            return
        }
        guard (0...1).contains(spec.score) else {
            errors.append(error(file, field("score"), "\(prefix): score \(spec.score) is outside 0…1"))
            return
        }
        let kind = spec.kind ?? "pattern"
        guard RecognizerSpec.kinds.contains(kind) else {
            errors.append(error(file, field("kind"), "\(prefix): unknown kind \(kind); use pattern, chinese_name or labelled_value"))
            return
        }
        if kind == "chinese_name" {
            guard type == .person, spec.lexicon != nil else {
                errors.append(error(file, location, "\(prefix): kind chinese_name needs type PERSON and a lexicon"))
                return
            }
            if let lexicon = spec.lexicon {
                // A naming, label or title cue that is not a cue before is never looked for: say so.
                let cues = Set(lexicon.cuesBefore)
                for (key, words) in [("naming_cues", lexicon.namingCues ?? []), ("label_cues", lexicon.labelCues ?? []),
                                     ("title_cues", lexicon.titleCues ?? [])] {
                    if let word = words.first(where: { !cues.contains($0) }) {
                        errors.append(error(file, PolicyCompiler.mark(root, [.key("recognizers"), .index(index), .key("lexicon"), .key(key)]) ?? location,
                                            "\(prefix): \(key) word \"\(word)\" is not in cues_before, so it is never found; add it to cues_before too"))
                        return
                    }
                }
            }
            pendingNames.append((spec, file))
            return
        }
        if kind == "labelled_value" {
            addLabelledValues(spec, type: type, file: file, field: field)
            return
        }
        for word in (spec.context ?? []).flatMap(\.words) + (spec.requiresAny ?? []) where ContextRule.foldedBytes(word).count < 2 {
            errors.append(error(file, field("context"), "\(prefix): cue word \"\(word)\" is too short; use at least two letters or one Chinese character"))
            return
        }
        // A cue must start within `window` code points of the match and end before it (or start
        // after it and end within the window): a longer word can never count.
        for rule in spec.context ?? [] {
            if let word = rule.words.first(where: { $0.unicodeScalars.count > rule.window }) {
                errors.append(error(file, field("context"), "\(prefix): cue word \"\(word)\" has \(word.unicodeScalars.count) characters but its rule's window is \(rule.window), so it can never count; raise window to at least \(word.unicodeScalars.count) or put the word in a rule of its own"))
                return
            }
        }
        if let anchor = spec.anchor {
            if anchor.words.isEmpty || anchor.reach < 0 {
                errors.append(error(file, field("anchor"), "\(prefix): anchor needs at least one word and a reach of 0 or more code points"))
                return
            }
            if let word = anchor.words.first(where: { ContextRule.foldedBytes($0).count < 2 }) {
                errors.append(error(file, field("anchor"), "\(prefix): anchor word \"\(word)\" is too short; use at least two letters or one Chinese character"))
                return
            }
        }
        guard let pattern = spec.pattern, !pattern.isEmpty else {
            errors.append(error(file, location, "\(prefix): a pattern recognizer needs a pattern"))
            return
        }
        guard let validator = validator(of: spec, file: file, at: field("validator")) else { return }
        do {
            let recognizer = try PatternRecognizer(id: spec.id, entityType: type, pattern: pattern, validator: validator,
                                                   score: spec.score, priority: spec.priority ?? 0,
                                                   context: (spec.context ?? []).map { $0.withFieldSpellings() },
                                                   requiredWords: spec.requiresAny ?? [], anchor: spec.anchor)
            recognizers.append((spec, recognizer, file))
        } catch {
            errors.append(self.error(file, field("pattern"), error.description))
        }
    }

    /// The entry's validator (`.none` when it names none); nil, with the error recorded, when it names
    /// an unknown one.
    private mutating func validator(of spec: RecognizerSpec, file: String, at mark: Mark?) -> Validator? {
        guard let name = spec.validator else { return Validator.none }
        guard let known = Validator(rawValue: name) else {
            errors.append(error(file, mark, "recognizer \(spec.id): unknown validator \(name); use one of \(Validator.allCases.map(\.rawValue).joined(separator: ", "))"))
            return nil
        }
        return known
    }

    /// A `kind: labelled_value` entry: labels, a pattern for a whole value, an optional validator; no
    /// context, anchor or required words (a value's label is its context).
    private mutating func addLabelledValues(_ spec: RecognizerSpec, type: EntityType, file: String, field: (String) -> Mark?) {
        let prefix = "recognizer \(spec.id)"
        guard let labels = spec.labels, !labels.isEmpty, labels.allSatisfy({ !LabelledValue.key(ContextRule.foldedBytes($0)[...]).isEmpty }) else {
            errors.append(error(file, field("labels"), "\(prefix): kind labelled_value needs labels: the column headers and field names it reads (姓名, Name, id_number…), none blank"))
            return
        }
        if spec.context != nil || spec.anchor != nil || spec.requiresAny != nil {
            errors.append(error(file, field("kind"), "\(prefix): kind labelled_value takes no context, anchor or requires_any: a value's label is what says its type"))
            return
        }
        guard let pattern = spec.pattern, !pattern.isEmpty else {
            errors.append(error(file, field("kind"), "\(prefix): kind labelled_value needs a pattern that a whole value must match"))
            return
        }
        guard let validator = validator(of: spec, file: file, at: field("validator")) else { return }
        do {
            let recognizer = try LabelledValueRecognizer(id: spec.id, entityType: type, labels: labels, pattern: pattern,
                                                         validator: validator, score: spec.score, priority: spec.priority ?? 0)
            recognizers.append((spec, recognizer, file))
        } catch {
            errors.append(self.error(file, field("pattern"), error.description))
        }
    }

    private mutating func addOperator(_ spec: OperatorSpec, typeName: String, at location: Mark?, file: String) {
        let type = EntityType(typeName)
        guard EntityType.all.contains(type) else {
            errors.append(error(file, location, "operators: unknown entity type \(typeName)"))
            return
        }
        if operatorSpecs[typeName] != nil {
            errors.append(error(file, location, "operators: \(typeName) is set in more than one file"))
            return
        }
        let chosen: MaskingOperator
        switch spec.operator {
        case "tag": chosen = .tag
        case "vault": chosen = .vault
        case "redact": chosen = .redact(replacement: spec.replacement)
        case "hmac": chosen = .pseudonym
        case "keep": chosen = .keep
        case "partial":
            let first = spec.keepFirst ?? 0, last = spec.keepLast ?? 0
            let character = spec.maskChar ?? "*"
            guard first >= 0, last >= 0, character.count == 1 else {
                errors.append(error(file, location, "operators: \(typeName): partial needs keep_first ≥ 0, keep_last ≥ 0 and a one-character mask_char"))
                return
            }
            chosen = .partial(keepFirst: first, keepLast: last, maskCharacter: Character(character))
        default:
            errors.append(error(file, location, "operators: \(typeName): unknown operator \(spec.operator); use tag, vault, partial, redact, hmac or keep"))
            return
        }
        if type.isSecret && !(chosen == .tag || chosen.name == "redact") {
            errors.append(error(file, location, "operators: \(typeName) is authentication data: it may only be tagged or redacted, never \(chosen.name)"))
            return
        }
        operatorSpecs[typeName] = spec
        operators[type] = chosen
    }

    private mutating func addAllow(_ spec: AllowSpec, at location: Mark?, file: String) {
        let type = EntityType(spec.type)
        guard EntityType.all.contains(type) else {
            errors.append(error(file, location, "allow: unknown entity type \(spec.type)"))
            return
        }
        do {
            allowEntries.append(try AllowList.entry(type: type, values: spec.values ?? [], patterns: spec.patterns ?? [],
                                                    writtenPatterns: spec.writtenPatterns ?? [], owner: "allow \(spec.type) in \(file)"))
            allowSpecs.append(spec)
        } catch {
            errors.append(self.error(file, location, error.description))
        }
    }

    mutating func finish(directory: String, sources: [MaskingPolicy.PolicySource]) throws(PolicyErrors) -> MaskingPolicy {
        let minimum = settings?.minScore ?? 0.5
        for (spec, file) in pendingNames {
            guard let lexicon = spec.lexicon else { continue }
            let recognizer = ChineseNameRecognizer(id: spec.id, lexicon: lexicon, scores: spec.scores ?? ChineseNameScores(),
                                                   priority: spec.priority ?? 0, minimumScore: minimum)
            recognizers.append((spec, recognizer, file))
        }
        if recognizers.isEmpty && errors.isEmpty {
            errors.append(PolicyError(file: directory, message: "no recognizers are enabled; the policy would mask nothing"))
        }
        guard errors.isEmpty else { throw PolicyErrors(errors: errors) }
        let ordered = recognizers.sorted { $0.spec.id < $1.spec.id }
        let canonical = CanonicalPolicy(recognizers: ordered.map(\.spec), operators: operatorSpecs,
                                        allow: allowSpecs, settings: settings ?? PolicySettings())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(canonical)) ?? Data()
        let digest = "sha256:" + HexDigits.lowercase(SHA256.hash(data: json))
        let detector = PIIDetector(recognizers: ordered.map(\.recognizer), minimumScore: minimum,
                                   allowList: AllowList(entries: allowEntries),
                                   maxInputBytes: settings?.maxInputBytes ?? 4 << 20)
        return MaskingPolicy(directory: directory, files: files.map { ($0 as NSString).lastPathComponent }.sorted(),
                             recognizers: ordered.map(\.spec), operators: operators, settings: settings ?? PolicySettings(),
                             digest: digest, canonicalJSON: json, detector: detector, sources: sources)
    }

    private struct CanonicalPolicy: Encodable {
        var recognizers: [RecognizerSpec]
        var operators: [String: OperatorSpec]
        var allow: [AllowSpec]
        var settings: PolicySettings
    }

    // MARK: Locating problems

    enum PathComponent { case key(String), index(Int) }

    private static func node(_ root: Node, _ path: [PathComponent]) -> Node? {
        var current: Node? = root
        for component in path {
            switch component {
            case let .key(key): current = current?.mapping?[key]
            case let .index(index):
                guard let sequence = current?.sequence, sequence.indices.contains(index) else { return current }
                current = sequence[index]
            }
        }
        return current
    }

    private static func mark(_ root: Node, _ path: [PathComponent]) -> Mark? { node(root, path)?.mark }
    private func mark(_ root: Node, _ path: [PathComponent]) -> Mark? { PolicyCompiler.mark(root, path) }

    private func error(_ file: String, _ mark: Mark?, _ message: String) -> PolicyError {
        PolicyError(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, message: message)
    }

    static func locate(_ error: YamlError, file: String) -> PolicyError {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return PolicyError(file: file, line: mark.line, column: mark.column, message: "YAML syntax: \(problem)")
        default:
            return PolicyError(file: file, message: "YAML: \(error)")
        }
    }

    private static func locate(_ error: DecodingError, in root: Node, file: String) -> PolicyError {
        let (path, message): ([any CodingKey], String) = switch error {
        case let .typeMismatch(type, context): (context.codingPath, "expected \(type)")
        case let .valueNotFound(type, context): (context.codingPath, "missing value of type \(type)")
        case let .keyNotFound(key, context): (context.codingPath, "missing field \(key.stringValue)")
        case let .dataCorrupted(context): (context.codingPath, context.debugDescription)
        @unknown default: ([], "\(error)")
        }
        var current: Node? = root
        var described: [String] = []
        for key in path {
            if let index = key.intValue, let sequence = current?.sequence, sequence.indices.contains(index) {
                current = sequence[index]
                described.append("[\(index)]")
            } else if let next = current?.mapping?[key.stringValue] {
                current = next
                described.append(key.stringValue)
            }
        }
        let mark = current?.mark
        let at = described.isEmpty ? "" : described.joined(separator: ".").replacingOccurrences(of: ".[", with: "[") + ": "
        return PolicyError(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, message: at + message)
    }

    /// Unknown keys are errors, not silently ignored: a misspelt `contxt:` would otherwise disable a rule.
    private mutating func checkKeys(_ root: Node, path file: String) {
        guard let top = root.mapping else {
            errors.append(error(file, root.mark, "a policy file is a mapping with recognizers, operators, allow and settings"))
            return
        }
        checkMapping(top, allowed: PolicyFile.keys, what: "top level", file: file)
        for entry in root.mapping?["recognizers"]?.sequence ?? Node.Sequence() {
            guard let mapping = entry.mapping else { continue }
            checkMapping(mapping, allowed: RecognizerSpec.keys, what: "recognizer", file: file)
            for rule in mapping["context"]?.sequence ?? Node.Sequence() {
                if let rule = rule.mapping { checkMapping(rule, allowed: ["before", "after", "window", "adjustment"], what: "context rule", file: file) }
            }
            if let anchor = mapping["anchor"]?.mapping { checkMapping(anchor, allowed: AnchorSpec.keys, what: "anchor", file: file) }
        }
        for (_, value) in root.mapping?["operators"]?.mapping ?? Node.Mapping([]) {
            if let mapping = value.mapping { checkMapping(mapping, allowed: OperatorSpec.keys, what: "operator", file: file) }
        }
        for entry in root.mapping?["allow"]?.sequence ?? Node.Sequence() {
            if let mapping = entry.mapping { checkMapping(mapping, allowed: AllowSpec.keys, what: "allow entry", file: file) }
        }
        if let settings = root.mapping?["settings"]?.mapping {
            checkMapping(settings, allowed: PolicySettings.keys, what: "settings", file: file)
        }
    }

    private mutating func checkMapping(_ mapping: Node.Mapping, allowed: Set<String>, what: String, file: String) {
        for (key, _) in mapping {
            guard let name = key.string, !allowed.contains(name) else { continue }
            errors.append(error(file, key.mark, "unknown key \(name) in \(what); expected one of \(allowed.sorted().joined(separator: ", "))"))
        }
    }
}
