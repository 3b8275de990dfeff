/// What a running step has done since the last report.
///
/// Contract: reports come at most about ten times a second, and one last time before the
/// outcome. `newLines` are the lines completed since the previous report, at most
/// `StepProcess.tailLimit` of them; `skippedLines` says how many came before those and were
/// never reported (the output file has them all).
public struct StepProgress: Hashable, Sendable {
    public var newLines: [OutputLine]
    public var skippedLines: Int
    /// Bytes of output so far, standard output and error together.
    public var outputBytes: Int
    /// Time since the process started.
    public var elapsed: Duration

    public init(newLines: [OutputLine], skippedLines: Int = 0, outputBytes: Int, elapsed: Duration) {
        self.newLines = newLines
        self.skippedLines = skippedLines
        self.outputBytes = outputBytes
        self.elapsed = elapsed
    }
}
