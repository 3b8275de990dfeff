import Foundation
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs a command in its own process group and judges its exit status; the run time is the
/// latency, the last visible line of output is the reason, the tail of the output the detail.
///
/// Contract: standard output and error are read together, keeping only the last
/// `outputLimit` bytes. At the timeout (or when the task is cancelled) the whole process group
/// gets SIGTERM, then SIGKILL after `killGrace`, so no child is left behind; every signal is
/// sent before the process is reaped, so its group id cannot have been reused.
public struct CommandProbe: Probe {
    public let spec: CommandCheckSpec
    public let latency: LatencyThresholds

    public init(spec: CommandCheckSpec, latency: LatencyThresholds) {
        self.spec = spec
        self.latency = latency
    }

    static let outputLimit = 64 << 10
    static let detailLines = 20
    /// Short enough that a timed-out command is gone within the scheduler's grace.
    static let killGrace: Duration = .milliseconds(150)

    public func run(timeout: Seconds) async -> ProbeOutcome {
        let (executable, arguments): (Executable, [String])
        switch spec.command {
        case .arguments(let words):
            let program = words[0]
            executable = program.contains("/") ? .path(FilePath(program)) : .name(program)
            arguments = Array(words.dropFirst())
        case .shell(let line):
            executable = .path("/bin/sh")
            arguments = ["-c", line]
        }
        var environment = Environment.inherit
        if !spec.environment.isEmpty {
            environment = environment.updating(Dictionary(uniqueKeysWithValues: spec.environment.map { (Environment.Key(stringLiteral: $0.key), Optional($0.value)) }))
        }
        var options = PlatformOptions()
        options.processGroupID = 0
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: CommandProbe.killGrace)]
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + timeout.duration
        do {
            let result = try await Subprocess.run(
                executable, arguments: Arguments(arguments), environment: environment,
                workingDirectory: spec.workingDirectory.map { FilePath($0) }, platformOptions: options,
                input: .none, output: .sequence, error: .combinedWithOutput
            ) { execution in
                await CommandProbe.watch(execution, until: deadline)
            }
            return judge(result.terminationStatus, watched: result.closureResult, elapsed: clock.now - start, timeout: timeout)
        } catch let error as SubprocessError {
            return ProbeOutcome(status: .fail, reason: reason(for: error))
        } catch {
            return ProbeOutcome(status: .fail, reason: "cannot run the command: \(error)")
        }
    }

    /// The output, and whether the process group had to be killed.
    struct Watched: Sendable {
        var output: OutputTail
        var killed: Bool
    }

    private enum Step: Sendable {
        case drained(OutputTail)
        case deadline
        case graceOver
    }

    /// Reads the output until the process exits, or stops the process group at `deadline`.
    /// Returns only once nothing more needs signalling: the process is reaped after the body
    /// returns, so until then its process group id cannot have been reused.
    static func watch(_ execution: Execution<NoInput, SequenceOutput, CombinedErrorOutput>, until deadline: ContinuousClock.Instant) async -> Watched {
        let pid = execution.processIdentifier.value
        return await withTaskGroup(of: Step.self) { group in
            group.addTask {
                var tail = OutputTail(limit: outputLimit)
                do {
                    for try await chunk in execution.standardOutput {
                        tail.append(chunk.withUnsafeBytes { Array($0) })
                    }
                } catch {}
                return .drained(tail)
            }
            group.addTask {
                try? await Task.sleep(until: deadline)
                return .deadline
            }
            var tail: OutputTail?
            if case .drained(let t) = await group.next()! {
                tail = t
                if await exited(pid, before: deadline) {
                    group.cancelAll()
                    return Watched(output: t, killed: false)
                }
            }
            // Time is up, or the task was cancelled: stop the whole group, politely first.
            _ = try? execution.send(signal: .terminate, toProcessGroup: true)
            let graceOver = ContinuousClock.now + killGrace
            if tail == nil {
                group.addTask {
                    try? await Task.sleep(until: graceOver)
                    return .graceOver
                }
                while tail == nil, let step = await group.next() {
                    if case .drained(let t) = step { tail = t }
                    if case .graceOver = step { break }
                }
            } else {
                _ = await exited(pid, before: graceOver)
            }
            _ = try? execution.send(signal: .kill, toProcessGroup: true)
            while let step = await group.next() {
                if case .drained(let t) = step { tail = t }
            }
            return Watched(output: tail ?? OutputTail(limit: outputLimit), killed: true)
        }
    }

    /// Waits, without reaping, until process `pid` has exited; false at `deadline` or on
    /// cancellation. The output usually ends as the process exits, so this rarely waits.
    static func exited(_ pid: pid_t, before deadline: ContinuousClock.Instant) async -> Bool {
        while !Task.isCancelled && ContinuousClock.now < deadline {
            var info = siginfo_t()
            if waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0, info.si_signo == SIGCHLD { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    func judge(_ status: TerminationStatus, watched: Watched, elapsed: Duration, timeout: Seconds) -> ProbeOutcome {
        let lines = watched.output.lines
        let detail = lines.isEmpty ? nil : lines.suffix(CommandProbe.detailLines).joined(separator: "\n")
        let last = watched.output.lastVisibleLine.map { " · \($0)" } ?? ""
        if watched.killed {
            return ProbeOutcome(status: .fail, reason: Task.isCancelled ? "cancelled" : "timed out after \(timeout.oneDecimal)", detail: detail)
        }
        switch status {
        case .exited(let code):
            guard spec.okExitCodes.contains(Int(code)) else {
                return ProbeOutcome(status: .fail, latency: elapsed, code: Int(code), reason: "exit \(code)\(last)", detail: detail)
            }
            let (judged, slow) = latency.judge(elapsed)
            return ProbeOutcome(status: judged, latency: elapsed, code: Int(code), reason: "exit \(code)\(slow)\(last)", detail: detail)
        case .signaled(let signal):
            return ProbeOutcome(status: .fail, latency: elapsed, reason: "killed by \(CommandProbe.signalName(signal))\(last)", detail: detail)
        }
    }

    func reason(for error: SubprocessError) -> String {
        let program: String
        switch spec.command {
        case .arguments(let words): program = words[0]
        case .shell: program = "/bin/sh"
        }
        switch error.code {
        case .executableNotFound: return "command not found: \(program)"
        case .failedToChangeWorkingDirectory: return "cannot change to directory \(spec.workingDirectory ?? "")"
        default:
            let cause = error.underlyingError.map { String(describing: $0).lowercased() } ?? "\(error)"
            return "cannot run \(program): \(cause)"
        }
    }

    /// `SIGTERM`, `SIGKILL`, …; `signal 40` for one without a common name.
    public static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [
            SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
            SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV",
            SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM", SIGUSR1: "SIGUSR1", SIGUSR2: "SIGUSR2",
        ]
        return names[signal] ?? "signal \(signal)"
    }
}
