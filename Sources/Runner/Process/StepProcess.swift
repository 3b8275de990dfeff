import Dispatch
import Foundation
import Monitoring
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One run of a step: its process group, its output, and how it ended.
///
/// Contract: the run starts at once, in a process group of its own, watched by a thread of its
/// own. The whole output goes to the output file (see `OutputRecorder`); the last
/// `tailLimit` lines stay in memory for the pane. `progress` is called on that thread at
/// most about ten times a second, and once more before the end; `finished` is called on it
/// once, before `wait()` and `outcome` return. Both should return quickly: while they run,
/// the output waits in its pipes. At the timeout, or on `cancel()`, the whole
/// group gets SIGTERM, and SIGKILL once the grace period is over or the process has exited
/// (so members that ignore SIGTERM die too); the outcome comes only after the group is gone.
/// Without a timeout or cancel, the run ends when the process has exited and its output is
/// closed: a child it leaves running with the output open keeps the run going until the
/// timeout.
public final class StepProcess: Sendable {
    public static let tailLimit = 2000
    public static let defaultGrace: Duration = .seconds(3)
    static let reportInterval: Duration = .milliseconds(100)

    public let invocation: StepInvocation
    public let outputPath: String
    /// When the run was asked for.
    public let startedAt: Date
    public let grace: Duration
    private let progress: @Sendable (StepProgress) -> Void
    private let launchedHandler: @Sendable (pid_t) -> Void
    private let finished: @Sendable (StepOutcome) -> Void
    private let shared = Mutex(Shared())
    private let done = DispatchGroup()

    private struct Shared {
        var tail: [OutputLine] = []
        var processID: pid_t?
        /// Set by `cancel`: the grace period to give.
        var cancelGrace: Duration?
        var outcome: StepOutcome?
        var waiters: [CheckedContinuation<StepOutcome, Never>] = []
    }

    private enum Stop {
        case timedOut, cancelled
    }

    private init(_ invocation: StepInvocation, outputPath: String, grace: Duration, progress: @escaping @Sendable (StepProgress) -> Void,
                 launched: @escaping @Sendable (pid_t) -> Void, finished: @escaping @Sendable (StepOutcome) -> Void) {
        self.invocation = invocation
        self.outputPath = outputPath
        self.grace = grace
        self.progress = progress
        self.launchedHandler = launched
        self.finished = finished
        startedAt = Date()
    }

    /// Starts `invocation`, its output going to the file at `outputPath`. A run that cannot
    /// start ends at once as `couldNotStart`, through the same callbacks. `launched` gets the
    /// process's id (its group's) once it runs, before any output or the end.
    public static func start(_ invocation: StepInvocation, outputPath: String, grace: Duration = defaultGrace, progress: @escaping @Sendable (StepProgress) -> Void = { _ in },
                             launched: @escaping @Sendable (pid_t) -> Void = { _ in }, finished: @escaping @Sendable (StepOutcome) -> Void = { _ in }) -> StepProcess {
        let run = StepProcess(invocation, outputPath: outputPath, grace: grace, progress: progress, launched: launched, finished: finished)
        run.done.enter()
        let thread = Thread { run.supervise() }
        thread.name = "warroom step \(invocation.stepID)"
        thread.start()
        return run
    }

    /// The process's id, which is also its group's id; nil until it has started, or when it
    /// could not.
    public var processID: pid_t? { shared.withLock { $0.processID } }

    /// The last `tailLimit` lines shown so far.
    public var tail: [OutputLine] { shared.withLock { Array($0.tail.suffix(StepProcess.tailLimit)) } }

    public var isFinished: Bool { shared.withLock { $0.outcome != nil } }

    /// Stops the run: SIGTERM to the group, SIGKILL after `grace` (the run's own unless
    /// given). Does nothing once the run is stopping or over.
    public func cancel(grace: Duration? = nil) {
        shared.withLock { s in
            if s.outcome == nil && s.cancelGrace == nil { s.cancelGrace = grace ?? self.grace }
        }
    }

    /// Blocks until the run is over.
    public func wait() -> StepOutcome {
        done.wait()
        return shared.withLock { $0.outcome! }
    }

    /// The outcome, once the run is over.
    public var outcome: StepOutcome {
        get async {
            await withCheckedContinuation { continuation in
                let ready = shared.withLock { s -> StepOutcome? in
                    if s.outcome == nil { s.waiters.append(continuation) }
                    return s.outcome
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }

    // MARK: The watching thread

    private func supervise() {
        let clock = ContinuousClock()
        let began = clock.now
        var recorder: OutputRecorder
        do throws(LaunchFailure) {
            recorder = try OutputRecorder(path: outputPath, expectation: invocation.expectation, redactor: invocation.redactor, tailLimit: StepProcess.tailLimit)
        } catch {
            return end(status: .couldNotStart(error.reason), reason: error.reason, sha256: StepProcess.emptySHA256, bytes: 0)
        }
        let launched: LaunchedProcess
        do throws(LaunchFailure) {
            launched = try ProcessLauncher.launch(invocation)
        } catch {
            return end(status: .couldNotStart(error.reason), reason: error.reason, sha256: recorder.finish(), bytes: 0)
        }
        let pid = launched.pid
        shared.withLock { $0.processID = pid }
        launchedHandler(pid)

        var streams: [(fd: Int32, stream: OutputLine.Stream)] = [(launched.output, .standardOutput), (launched.errors, .standardError)]
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 1)
        defer { buffer.deallocate() }
        let deadline = began + invocation.timeout.duration
        var stop: Stop?
        var killAt: ContinuousClock.Instant?
        var killed = false
        var exited = false
        var lastReport = began
        while true {
            if !exited { exited = ProcessGroup.hasExited(pid) }
            if exited && streams.isEmpty { break }
            let now = clock.now
            if stop == nil {
                if let g = shared.withLock({ $0.cancelGrace }) {
                    stop = .cancelled
                    killAt = now + g
                } else if now >= deadline {
                    stop = .timedOut
                    killAt = now + grace
                }
                if stop != nil { kill(-pid, SIGTERM) }
            }
            if let killAt, !killed, now >= killAt {
                kill(-pid, SIGKILL)
                killed = true
            }
            if now - lastReport >= StepProcess.reportInterval, recorder.hasNews {
                report(&recorder, elapsed: now - began)
                lastReport = now
            }
            var wake = now + StepProcess.reportInterval
            if stop == nil { wake = min(wake, deadline) }
            if let killAt, !killed { wake = min(wake, killAt) }
            if streams.isEmpty {
                // The output is closed but the process runs on: look again soon.
                usleep(10_000)
            } else {
                StepProcess.drain(&streams, into: &recorder, buffer: buffer, waitingAtMost: wake - now)
            }
        }
        if stop != nil && !killed { kill(-pid, SIGKILL) }
        let (exitCode, signal) = ProcessGroup.reap(pid)
        if stop != nil { ProcessGroup.waitUntilGone(pid, limit: .seconds(2)) }
        let sha256 = recorder.finish()
        if recorder.hasNews { report(&recorder, elapsed: clock.now - began) }
        let elapsed = Seconds((clock.now - began).seconds)
        let (status, judged) = judge(stop: stop, exitCode: exitCode, signal: signal, elapsed: elapsed, recorder: recorder)
        let reason = recorder.writeProblem.map { "\(judged); the output file is incomplete: \($0)" } ?? judged
        end(status: status, exitCode: exitCode, signal: signal, reason: reason, sha256: sha256, bytes: recorder.byteCount)
    }

    /// Reads what the pipes have, waiting for them at most `timeout`; drops a pipe at its end.
    private static func drain(_ streams: inout [(fd: Int32, stream: OutputLine.Stream)], into recorder: inout OutputRecorder, buffer: UnsafeMutableRawBufferPointer, waitingAtMost timeout: Duration) {
        var fds = streams.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
        let milliseconds = Int32(clamping: max(0, Int((timeout.seconds * 1000).rounded(.up))))
        guard poll(&fds, nfds_t(fds.count), milliseconds) > 0 else { return }
        var closed: [Int32] = []
        for (i, entry) in fds.enumerated() where entry.revents != 0 {
            let n = read(entry.fd, buffer.baseAddress, buffer.count)
            if n > 0 {
                recorder.record(UnsafeRawBufferPointer(rebasing: buffer[..<n]), from: streams[i].stream)
            } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                close(entry.fd)
                closed.append(entry.fd)
            }
        }
        streams.removeAll { closed.contains($0.fd) }
    }

    private func report(_ recorder: inout OutputRecorder, elapsed: Duration) {
        let (lines, skipped) = recorder.takeNewLines()
        shared.withLock { s in
            s.tail.append(contentsOf: lines)
            if s.tail.count > 2 * StepProcess.tailLimit { s.tail.removeFirst(s.tail.count - StepProcess.tailLimit) }
        }
        progress(StepProgress(newLines: lines, skippedLines: skipped, outputBytes: recorder.byteCount, elapsed: elapsed))
    }

    private func judge(stop: Stop?, exitCode: Int32?, signal: Int32?, elapsed: Seconds, recorder: OutputRecorder) -> (StepOutcome.Status, String) {
        let expectation = invocation.expectation
        switch stop {
        case .timedOut:
            return (.timedOut, "timed out after \(invocation.timeout.oneDecimal); process group killed")
        case .cancelled:
            return (.cancelled, "cancelled after \(elapsed.oneDecimal); process group killed")
        case nil:
            break
        }
        guard let exitCode else {
            let how = signal.map { "killed by \(CommandProbe.signalName($0))" } ?? "ended without an exit status"
            return (.failed, "FAILED: \(how) after \(elapsed.oneDecimal)")
        }
        let mismatch: StepOutcome.Status = expectation.onMismatch == .regression ? .regression : .failed
        if !expectation.exitCodes.contains(exitCode) {
            let expected = expectation.exitCodes.sorted().map(String.init).joined(separator: " or ")
            return (mismatch, "\(mismatch.label): exit \(exitCode) (expected \(expected)) in \(elapsed.oneDecimal)")
        }
        if let line = recorder.forbiddenLine, let p = expectation.outputNotMatches {
            return (mismatch, "\(mismatch.label): output matched '\(p.source)' (line \(line))")
        }
        if let p = expectation.outputMatches, !recorder.sawRequiredLine {
            return (mismatch, "\(mismatch.label): no line matched '\(p.source)'")
        }
        return (.ok, "exit \(exitCode) in \(elapsed.oneDecimal)")
    }

    private func end(status: StepOutcome.Status, exitCode: Int32? = nil, signal: Int32? = nil, reason: String, sha256: String, bytes: Int) {
        let outcome = StepOutcome(
            status: status, exitCode: exitCode, signal: signal, startedAt: startedAt, endedAt: Date(),
            outputBytes: bytes, sha256: sha256, outputPath: outputPath, reason: reason
        )
        finished(outcome)
        let waiters = shared.withLock { s in
            s.outcome = outcome
            defer { s.waiters = [] }
            return s.waiters
        }
        for waiter in waiters { waiter.resume(returning: outcome) }
        done.leave()
    }

    /// SHA-256 of no bytes.
    static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
}
