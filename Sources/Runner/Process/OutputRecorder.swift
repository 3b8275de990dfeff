import Crypto
import Foundation
import Monitoring
import SafeText
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a step's output goes as it is read: all of it to the output file, its size and
/// SHA-256, its lines to the expectation and the last of them to the pane.
///
/// Contract: the file gets the bytes exactly as read, standard output and error interleaved
/// in the order they arrived. Memory stays bounded however much comes: at most
/// `2 × tailLimit` lines wait for the next report, each at most `LineCutter.longestLine`
/// bytes. Patterns are searched in every line, after escape sequences are stripped. Used by
/// one thread at a time.
struct OutputRecorder {
    let expectation: StepExpectation
    let redactor: SecretRedactor
    let tailLimit: Int
    private var descriptor: Int32
    private var hasher = SHA256()
    private(set) var byteCount = 0
    /// Why the file is incomplete, when a write failed.
    private(set) var writeProblem: String?
    private var cutters = [LineCutter(), LineCutter()]
    private var pending: [(bytes: [UInt8], stream: OutputLine.Stream)] = []
    private var skipped = 0
    private var reportedBytes = 0
    private var lineCount = 0
    /// The first line that matched `outputNotMatches`, by number.
    private(set) var forbiddenLine: Int?
    private(set) var sawRequiredLine = false

    /// Creates (or empties) the output file, readable by its owner only.
    init(path: String, expectation: StepExpectation, redactor: SecretRedactor, tailLimit: Int) throws(LaunchFailure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw LaunchFailure(reason: "cannot create the output file \(path): \(String(cString: strerror(errno)))") }
        self.expectation = expectation
        self.redactor = redactor
        self.tailLimit = tailLimit
        descriptor = fd
    }

    /// True when there is output the last report did not carry.
    var hasNews: Bool { byteCount != reportedBytes || !pending.isEmpty }

    mutating func record(_ chunk: UnsafeRawBufferPointer, from stream: OutputLine.Stream) {
        byteCount += chunk.count
        hasher.update(bufferPointer: chunk)
        save(chunk)
        var cutter = takeCutter(of: stream)
        cutter.cut(chunk) { take($0, from: stream) }
        cutters[stream == .standardOutput ? 0 : 1] = cutter
    }

    /// Lines completed since the last call, as the pane draws them, and how many older ones
    /// were dropped unseen.
    mutating func takeNewLines() -> (lines: [OutputLine], skipped: Int) {
        let extra = max(0, pending.count - tailLimit)
        let lines = pending[extra...].map { OutputLine(shown($0.bytes), stream: $0.stream) }
        let result = (lines, skipped + extra)
        pending.removeAll(keepingCapacity: true)
        skipped = 0
        reportedBytes = byteCount
        return result
    }

    /// Takes in the lines held back and closes the file; returns the SHA-256, lowercase hex.
    mutating func finish() -> String {
        for stream in [OutputLine.Stream.standardOutput, .standardError] {
            var cutter = takeCutter(of: stream)
            cutter.flush { take($0, from: stream) }
        }
        if descriptor >= 0, fsync(descriptor) != 0, writeProblem == nil {
            writeProblem = String(cString: strerror(errno))
        }
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The stream's cutter, moved out so it can be changed while lines are taken in.
    private mutating func takeCutter(of stream: OutputLine.Stream) -> LineCutter {
        let index = stream == .standardOutput ? 0 : 1
        defer { cutters[index] = LineCutter() }
        return cutters[index]
    }

    private mutating func take(_ line: UnsafeRawBufferPointer, from stream: OutputLine.Stream) {
        lineCount += 1
        if expectation.outputMatches != nil || expectation.outputNotMatches != nil {
            let text = OutputRecorder.visible(line)
            if !sawRequiredLine, let p = expectation.outputMatches, p.matches(text) { sawRequiredLine = true }
            if forbiddenLine == nil, let p = expectation.outputNotMatches, p.matches(text) { forbiddenLine = lineCount }
        }
        pending.append((Array(line), stream))
        if pending.count >= 2 * tailLimit {
            pending.removeFirst(tailLimit)
            skipped += tailLimit
        }
    }

    private func shown(_ bytes: [UInt8]) -> String {
        let text = bytes.withUnsafeBytes(OutputRecorder.visible)
        let short = text.count > OutputLine.longest ? String(text.prefix(OutputLine.longest - 1)) + "…" : text
        return redactor.redact(short)
    }

    /// What a terminal would finally show of the line: the text after its last carriage
    /// return, without control characters or escape sequences.
    static func visible(_ line: UnsafeRawBufferPointer) -> String {
        var end = line.count
        while end > 0 && line[end - 1] == 0x0D { end -= 1 }
        var start = end
        while start > 0 && line[start - 1] != 0x0D { start -= 1 }
        return SafeText.sanitize(String(decoding: UnsafeRawBufferPointer(rebasing: line[start..<end]), as: UTF8.self))
    }

    private mutating func save(_ chunk: UnsafeRawBufferPointer) {
        guard writeProblem == nil, var next = chunk.baseAddress else { return }
        var left = chunk.count
        while left > 0 {
            let n = write(descriptor, next, left)
            if n < 0 {
                if errno == EINTR { continue }
                writeProblem = String(cString: strerror(errno))
                return
            }
            left -= n
            next += n
        }
    }
}
