import CPCRE2

/// A PCRE2 pattern compiled once in UTF-8 mode and JIT-compiled, shareable across tasks.
///
/// Every match call runs under a match context with a match limit, a depth limit and a heap limit,
/// so a pathological subject ends with ``MaskingError/matchLimitExceeded(recognizer:code:)`` instead
/// of hanging a worker.
public final class CompiledPattern: @unchecked Sendable {
    // PCRE2 compiled code is read-only after compilation and documented as safe to share between
    // threads; the match context is only read during matching. Match data is created per call.
    private let code: OpaquePointer
    /// The pattern behind `\G`, for patterns with `\K` (see ``matches(in:workspace:startWindows:anchoredInWindows:)``).
    private let anchoredCode: OpaquePointer?
    private let matchContext: OpaquePointer
    /// The limits every match call runs under (also set on a workspace's context for windowed searches).
    private let limits: Limits
    /// The recognizer that owns this pattern, for error messages.
    public let owner: String
    /// The pattern's source text.
    public let source: String
    /// What a text needs for this pattern to match in it, from PCRE2's study of the pattern: a
    /// possible first byte, a required byte, a minimum length.
    public let filter: TextFilter
    /// Whether the pattern may use `\K`, so a reported match can start after where matching began.
    /// Searching from a window's start would then miss matches that begin before it; such patterns
    /// are always searched from the beginning of the text.
    public let mayResetMatchStart: Bool

    /// Resource limits applied to every match call.
    public struct Limits: Sendable, Equatable {
        public var matchLimit: UInt32 = 1_000_000
        public var depthLimit: UInt32 = 10_000
        public var heapLimitKiB: UInt32 = 20_000
        public init() {}
    }

    public convenience init(_ pattern: String, owner: String, limits: Limits = Limits()) throws(MaskingError) {
        try self.init(pattern, owner: owner, limits: limits, factoringWords: true)
    }

    /// `factoringWords: false` compiles the pattern exactly as written (tests compare the two).
    init(_ pattern: String, owner: String, limits: Limits = Limits(), factoringWords: Bool) throws(MaskingError) {
        // Long lists of words are matched by first letter (same matches, fewer comparisons). An
        // error is reported against the pattern as written.
        let factored = factoringWords ? LiteralAlternation.factored(pattern) : pattern
        let compiled: OpaquePointer
        do {
            compiled = try CompiledPattern.compile(factored, owner: owner)
        } catch {
            compiled = try CompiledPattern.compile(pattern, owner: owner)
        }
        let mayResetMatchStart = pattern.contains("\\K")
        // For starting a `\K` pattern at given positions: `\G` anchors it where matching starts.
        // (`PCRE2_ANCHORED` passed at match time would do the same, but JIT-compiled code does not
        // support it and PCRE2 falls back to its interpreter, about ten times slower here.)
        var anchored: OpaquePointer?
        if mayResetMatchStart {
            do {
                anchored = try CompiledPattern.compile("\\G(?:" + factored + ")", owner: owner)
            } catch {
                pcre2_code_free_8(compiled)
                throw error
            }
        }
        guard let context = pcre2_match_context_create_8(nil) else {
            pcre2_code_free_8(compiled)
            if let anchored { pcre2_code_free_8(anchored) }
            throw .matchFailed(recognizer: owner, message: "could not allocate a PCRE2 match context")
        }
        pcre2_set_match_limit_8(context, limits.matchLimit)
        pcre2_set_depth_limit_8(context, limits.depthLimit)
        pcre2_set_heap_limit_8(context, limits.heapLimitKiB)
        self.code = compiled
        self.anchoredCode = anchored
        self.matchContext = context
        self.limits = limits
        self.filter = CompiledPattern.study(compiled)
        self.owner = owner
        self.source = pattern
        self.mayResetMatchStart = mayResetMatchStart
    }

    /// Whether PCRE2 JIT-compiled the pattern (and its `\G` form, if it has one). Without JIT the
    /// interpreter gives the same answers several times slower: a policy test checks every pattern.
    public var isJITCompiled: Bool {
        [code, anchoredCode].compactMap { $0 }.allSatisfy { code in
            var size = 0
            return pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_JITSIZE), &size) == 0 && size > 0
        }
    }

    /// `pattern` compiled in UTF-8 mode and JIT-compiled.
    private static func compile(_ pattern: String, owner: String) throws(MaskingError) -> OpaquePointer {
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        // `PCRE2_USE_OFFSET_LIMIT`: a search in a window ends at the window's end (see ``forEachMatch``).
        let options = UInt32(PCRE2_UTF) | UInt32(PCRE2_USE_OFFSET_LIMIT)
        let compiled: OpaquePointer? = pattern.withCString { pointer in
            pointer.withMemoryRebound(to: UInt8.self, capacity: pattern.utf8.count + 1) { bytes in
                pcre2_compile_8(bytes, hegui_pcre2_zero_terminated(), options, &errorCode, &errorOffset, nil)
            }
        }
        guard let compiled else {
            throw .invalidPattern(recognizer: owner, message: CompiledPattern.message(for: errorCode), offset: errorOffset)
        }
        // JIT is an optimisation: when it is unavailable the interpreter gives the same answers.
        _ = pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE))
        return compiled
    }

    /// What PCRE2 learnt about the pattern: possible first bytes, a required byte, minimum length.
    ///
    /// A first or required code unit that is a letter is taken in both cases: PCRE2 reports `Q` for
    /// `(?:QQ|qq)…` and for `(?i)q…` alike and keeps whether it is caseless to itself, so a filter
    /// that trusted the case skipped every text with only the other one (`qq邮箱…`).
    private static func study(_ code: OpaquePointer) -> TextFilter {
        var start: ByteSet?
        var firstType: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_FIRSTCODETYPE), &firstType)
        if firstType == 1 {
            var unit: UInt32 = 0
            pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_FIRSTCODEUNIT), &unit)
            start = ByteSet(units: [UInt8(truncatingIfNeeded: unit)], caseless: true)
        } else if firstType == 0 {
            var bitmap: UnsafePointer<UInt8>?
            if pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_FIRSTBITMAP), &bitmap) == 0, let bitmap {
                start = ByteSet(bitmap: bitmap)
            }
        }
        var required: ByteSet?
        var lastType: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_LASTCODETYPE), &lastType)
        if lastType == 1 {
            var unit: UInt32 = 0
            pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_LASTCODEUNIT), &unit)
            required = ByteSet(units: [UInt8(truncatingIfNeeded: unit)], caseless: true)
        }
        var minimum: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_MINLENGTH), &minimum)
        return TextFilter(startBytes: start, requiredBytes: required, minimumLength: Int(minimum))
    }

    deinit {
        pcre2_match_context_free_8(matchContext)
        pcre2_code_free_8(code)
        if let anchoredCode { pcre2_code_free_8(anchoredCode) }
    }

    /// Every non-overlapping match in `subject`, as UTF-8 byte ranges, left to right.
    public func matches(in subject: [UInt8]) throws(MaskingError) -> [Range<Int>] {
        guard let workspace = MatchWorkspace() else {
            throw .matchFailed(recognizer: owner, message: "could not allocate PCRE2 match data")
        }
        return try matches(in: subject, workspace: workspace)
    }

    /// Every non-overlapping match in `subject`, using the caller's match data (one allocation per
    /// text instead of one per pattern).
    ///
    /// With `startWindows` (sorted, disjoint byte ranges), only matches that start inside a window
    /// are looked for: PCRE2 is started at each window instead of scanning the whole subject. Look-
    /// behinds still see the bytes before a window.
    ///
    /// With `anchoredInWindows`, PCRE2 is instead started anchored at every character of every
    /// window: the windows then bound where matching begins, not where the reported match starts,
    /// which is what a pattern with `\K` (a cue matched, then dropped from the match) needs.
    public func matches(in subject: [UInt8], workspace: MatchWorkspace,
                        startWindows: [ClosedRange<Int>]? = nil, anchoredInWindows: Bool = false) throws(MaskingError) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        try forEachMatch(in: subject, workspace: workspace, startWindows: startWindows, anchoredInWindows: anchoredInWindows) {
            ranges.append($0)
            return true
        }
        return ranges
    }

    /// The matches of ``matches(in:workspace:startWindows:anchoredInWindows:)`` handed to `take` one
    /// at a time, left to right, as they are found. When `take` returns false (a validator refused
    /// the match), the search goes on from the match's second character instead of its end: a
    /// refused match must not hide one that starts inside it (`Avenue Xu` refused as a pinyin name
    /// hid `Xu Li`).
    public func forEachMatch(in subject: [UInt8], workspace: MatchWorkspace, startWindows: [ClosedRange<Int>]? = nil,
                             anchoredInWindows: Bool = false, _ take: (Range<Int>) -> Bool) throws(MaskingError) {
        if anchoredInWindows, let startWindows {
            return try forEachAnchoredMatch(in: subject, workspace: workspace, windows: startWindows, take)
        }
        let matchData = workspace.matchData
        let length = subject.count
        // A windowed search runs under the workspace's own context, whose offset limit ends each
        // search at its window's end: without it, a window with no match was searched to the end of
        // the text (or the next match), once per window, which on a long document with many cue
        // words made a cue-gated pattern cost more than scanning the document once.
        let context: OpaquePointer
        if startWindows != nil {
            context = workspace.matchContext
            workspace.apply(limits)
        } else {
            context = matchContext
        }
        let result: MaskingError? = subject.withUnsafeBufferPointer { buffer -> MaskingError? in
            let base = buffer.baseAddress ?? UnsafePointer<UInt8>(bitPattern: 1)!
            /// The start of the character after the one at `index`.
            func nextCharacter(after index: Int) -> Int {
                var next = index + 1
                while next < length && (buffer[next] & 0xC0) == 0x80 { next += 1 }
                return next
            }
            var start = 0
            for number in 0..<(startWindows?.count ?? 1) {
                let window = startWindows?[number] ?? 0...length
                let last = min(window.upperBound, length)
                start = max(start, window.lowerBound)
                if startWindows != nil { pcre2_set_offset_limit_8(context, last) }
                while start <= last {
                    let rc = pcre2_match_8(code, base, length, start, UInt32(PCRE2_NO_UTF_CHECK), matchData, context)
                    // No match starts in the rest of this window.
                    if rc == PCRE2_ERROR_NOMATCH { break }
                    if let error = CompiledPattern.failure(rc, owner: owner) { return error }
                    let ovector = pcre2_get_ovector_pointer_8(matchData)!
                    let matchStart = ovector[0]
                    let matchEnd = ovector[1]
                    if matchEnd > matchStart {
                        start = take(matchStart..<matchEnd) ? matchEnd : nextCharacter(after: matchStart)
                    } else {
                        // Empty match: step over one whole UTF-8 character.
                        start = nextCharacter(after: matchEnd)
                    }
                }
            }
            return nil
        }
        if let result { throw result }
    }

    /// Whether the pattern matches in `subject` cut off at `range.upperBound`, starting the search at
    /// `range.lowerBound`: with a pattern written `\G(?:…)\z`, whether it matches exactly the bytes of
    /// `range` (a table cell). Look-behinds still see the bytes before the range.
    public func matchesWhole(_ range: Range<Int>, of subject: [UInt8], workspace: MatchWorkspace) throws(MaskingError) -> Bool {
        precondition(range.upperBound <= subject.count)
        let rc = subject.withUnsafeBufferPointer { buffer in
            pcre2_match_8(code, buffer.baseAddress ?? UnsafePointer<UInt8>(bitPattern: 1)!, range.upperBound, range.lowerBound,
                          UInt32(PCRE2_NO_UTF_CHECK), workspace.matchData, matchContext)
        }
        if let error = CompiledPattern.failure(rc, owner: owner) { throw error }
        return rc >= 0
    }

    /// Matches begun at each character start of each window (sorted, disjoint byte ranges), left to
    /// right; after a match `take` accepts, the next attempt is at its end.
    private func forEachAnchoredMatch(in subject: [UInt8], workspace: MatchWorkspace, windows: [ClosedRange<Int>],
                                      _ take: (Range<Int>) -> Bool) throws(MaskingError) {
        let matchData = workspace.matchData
        // Patterns with `\K` have the `\G` form; any other is anchored by the option (interpreted).
        let anchored = anchoredCode ?? code
        let options = UInt32(PCRE2_NO_UTF_CHECK) | (anchoredCode == nil ? UInt32(PCRE2_ANCHORED) : 0)
        let length = subject.count
        let result: MaskingError? = subject.withUnsafeBufferPointer { buffer -> MaskingError? in
            let base = buffer.baseAddress ?? UnsafePointer<UInt8>(bitPattern: 1)!
            var position = 0
            for window in windows {
                position = max(position, window.lowerBound)
                while position <= min(window.upperBound, length) {
                    let rc = pcre2_match_8(anchored, base, length, position, options, matchData, matchContext)
                    if let error = CompiledPattern.failure(rc, owner: owner) { return error }
                    if rc != PCRE2_ERROR_NOMATCH {
                        let ovector = pcre2_get_ovector_pointer_8(matchData)!
                        if ovector[1] > ovector[0], take(ovector[0]..<ovector[1]) {
                            position = max(ovector[1], position + 1)
                            while position < length && (buffer[position] & 0xC0) == 0x80 { position += 1 }
                            continue
                        }
                    }
                    position += 1
                    while position < length && (buffer[position] & 0xC0) == 0x80 { position += 1 }
                }
            }
            return nil
        }
        if let result { throw result }
    }

    /// The error a `pcre2_match` result code stands for; nil for a match or no match.
    private static func failure(_ rc: Int32, owner: String) -> MaskingError? {
        if rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT
            || rc == PCRE2_ERROR_JIT_STACKLIMIT {
            return .matchLimitExceeded(recognizer: owner, code: rc)
        }
        // rc == 0: the shared match data has fewer slots than the pattern has groups; the
        // whole-match offsets (all we use) are still set.
        return rc < 0 && rc != PCRE2_ERROR_NOMATCH ? .matchFailed(recognizer: owner, message: CompiledPattern.message(for: rc)) : nil
    }

    private static func message(for code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = pcre2_get_error_message_8(code, &buffer, buffer.count)
        return count > 0 ? String(decoding: buffer.prefix(Int(count)), as: UTF8.self) : "PCRE2 error \(code)"
    }
}

/// PCRE2 match data shared by every pattern run over one text (one allocation per text).
/// Not thread-safe: one workspace per text being masked.
public final class MatchWorkspace: @unchecked Sendable {
    let matchData: OpaquePointer
    /// A match context of this text's own, for searches whose offset limit ends at a window.
    let matchContext: OpaquePointer
    /// The limits last set on `matchContext`.
    private var limits: CompiledPattern.Limits

    public init?() {
        guard let data = pcre2_match_data_create_8(1, nil) else { return nil }
        guard let context = pcre2_match_context_create_8(nil) else {
            pcre2_match_data_free_8(data)
            return nil
        }
        matchData = data
        matchContext = context
        limits = CompiledPattern.Limits()
        set(limits)
    }

    /// Sets `limits` on the workspace's context unless they are the ones already set.
    func apply(_ limits: CompiledPattern.Limits) {
        guard limits != self.limits else { return }
        self.limits = limits
        set(limits)
    }

    private func set(_ limits: CompiledPattern.Limits) {
        pcre2_set_match_limit_8(matchContext, limits.matchLimit)
        pcre2_set_depth_limit_8(matchContext, limits.depthLimit)
        pcre2_set_heap_limit_8(matchContext, limits.heapLimitKiB)
    }

    deinit {
        pcre2_match_context_free_8(matchContext)
        pcre2_match_data_free_8(matchData)
    }
}
