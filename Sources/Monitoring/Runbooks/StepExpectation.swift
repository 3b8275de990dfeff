/// What a step's run must show to be OK: its exit status, and lines its output must or must
/// not contain.
///
/// ```yaml
/// expect:
///   exit: 0                          # or a list: [0, 3]
///   output_matches: 'state: RUNNABLE'
///   output_not_matches: 'timeout: 20\.0'
///   on_mismatch: regression          # or failed (the default)
/// ```
///
/// Contract: patterns are searched in each line of output (standard output and error, escape
/// sequences stripped); `outputMatches` holds when some line matches, `outputNotMatches` when
/// none does. Any mismatch, of the exit status or of the output, gives `onMismatch`.
public struct StepExpectation: Hashable, Sendable {
    /// What a mismatch makes of the run.
    public enum Verdict: String, Hashable, Sendable {
        /// Something known-good went back to bad (shown REGRESSION).
        case regression
        /// The step did not do its job (shown FAILED).
        case failed
    }

    public var exitCodes: Set<Int32>
    public var outputMatches: LogPattern?
    public var outputNotMatches: LogPattern?
    public var onMismatch: Verdict

    public init(exitCodes: Set<Int32> = [0], outputMatches: LogPattern? = nil, outputNotMatches: LogPattern? = nil, onMismatch: Verdict = .failed) {
        self.exitCodes = exitCodes
        self.outputMatches = outputMatches
        self.outputNotMatches = outputNotMatches
        self.onMismatch = onMismatch
    }

    init(reading r: ConfigReader) throws {
        _ = try r.requireMapping("an expectation such as {exit: 0, output_not_matches: 'timeout: 20'}")
        if let codes = try r.child("exit") {
            exitCodes = try Set(codes.listOrSingle().map { item in
                let code = try item.int()
                guard (0...255).contains(code) else { throw item.error("an exit code is between 0 and 255, found \(code)") }
                return Int32(code)
            })
            if exitCodes.isEmpty { throw codes.error("must not be empty") }
        } else {
            exitCodes = [0]
        }
        outputMatches = try StepExpectation.pattern(r, "output_matches")
        outputNotMatches = try StepExpectation.pattern(r, "output_not_matches")
        onMismatch = try r.child("on_mismatch").map { Verdict(rawValue: try $0.choice(["regression", "failed"]))! } ?? .failed
        try r.finish()
    }

    private static func pattern(_ r: ConfigReader, _ key: String) throws -> LogPattern? {
        guard let c = try r.child(key) else { return nil }
        let source = try c.string()
        guard let p = LogPattern(source) else { throw c.error("'\(source)' is not a valid regular expression") }
        return p
    }
}
