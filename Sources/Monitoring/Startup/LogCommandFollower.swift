import Foundation
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Follows the output of a command (`kubectl logs -f …`) line by line, standard output and
/// error together, and runs it again after it exits, waiting 1 s, 2 s, 4 s … up to 30 s
/// (from 1 s again after a run that lasted `steadyRun`).
///
/// Contract: the command runs in its own process group. Stopping (cancellation, or the
/// deadline of a one-shot run) sends the group SIGTERM, then SIGKILL once the command has
/// exited or after `killGrace`, so no child stays behind; every signal is sent before the
/// command is reaped, so its group id cannot have been reused. Its exit is the problem
/// `log command exited with status N: LAST LINE` (or `killed by SIGNAL`), until it prints
/// again; a command that cannot start is `log command: REASON`.
struct LogCommandFollower {
    let command: CommandCheckSpec.Command
    let feed: StartupLogFeed

    static let killGrace: Duration = .seconds(2)
    static let maxBackoff = 30.0
    static let steadyRun: Duration = .seconds(30)

    /// How one run of the command ended.
    enum Ending {
        case exited(Int32, lastLine: String?)
        case signaled(Int32, lastLine: String?)
        /// Stopped by us: cancelled, or at the deadline.
        case stopped
        case notStarted(String)

        /// The problem to report; nil when it was stopped on purpose, or (`cleanExitIsFine`)
        /// exited with status 0.
        func problem(cleanExitIsFine: Bool) -> String? {
            switch self {
            case .exited(0, _) where cleanExitIsFine: return nil
            case .exited(let code, let line): return "log command exited with status \(code)" + (line.map { ": \($0)" } ?? "")
            case .signaled(let signal, let line): return "log command killed by \(CommandProbe.signalName(signal))" + (line.map { ": \($0)" } ?? "")
            case .stopped: return nil
            case .notStarted(let reason): return "log command: \(reason)"
            }
        }
    }

    /// Runs the command, again and again, until cancelled.
    func run() async {
        var backoff = 1.0
        while !Task.isCancelled {
            let started = ContinuousClock.now
            let ending = await runOnce(until: nil)
            if Task.isCancelled { return }
            feed.set(problem: ending.problem(cleanExitIsFine: false))
            if ContinuousClock.now - started >= LogCommandFollower.steadyRun { backoff = 1 }
            try? await Task.sleep(for: .seconds(backoff))
            backoff = min(backoff * 2, LogCommandFollower.maxBackoff)
        }
    }

    /// Runs the command once, feeding its lines, until it exits, the task is cancelled, or
    /// `deadline` passes.
    func runOnce(until deadline: ContinuousClock.Instant?) async -> Ending {
        let (executable, arguments): (Executable, [String])
        let program: String
        switch command {
        case .arguments(let words):
            program = words[0]
            executable = program.contains("/") ? .path(FilePath(program)) : .name(program)
            arguments = Array(words.dropFirst())
        case .shell(let line):
            program = "/bin/sh"
            executable = .path("/bin/sh")
            arguments = ["-c", line]
        }
        var options = PlatformOptions()
        options.processGroupID = 0
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: LogCommandFollower.killGrace)]
        do {
            let result = try await Subprocess.run(
                executable, arguments: Arguments(arguments), platformOptions: options,
                input: .none, output: .sequence, error: .combinedWithOutput
            ) { [feed] execution in
                await LogCommandFollower.watch(execution, feed: feed, until: deadline)
            }
            let watched = result.closureResult
            if watched.stopped { return .stopped }
            switch result.terminationStatus {
            case .exited(let code): return .exited(code, lastLine: watched.lastLine)
            case .signaled(let signal): return .signaled(signal, lastLine: watched.lastLine)
            }
        } catch let error as SubprocessError {
            switch error.code {
            case .executableNotFound: return .notStarted("command not found: \(program)")
            default: return .notStarted("cannot run \(program): " + (error.underlyingError.map { String(describing: $0).lowercased() } ?? "\(error)"))
            }
        } catch {
            return .notStarted("cannot run \(program): \(error)")
        }
    }

    struct Watched: Sendable {
        var lastLine: String?
        var stopped: Bool
    }

    private enum Step: Sendable, Equatable {
        case drained(lastLine: String?)
        case exited
        case stop
    }

    /// Feeds the output until the command exits or must stop, then makes sure its whole group
    /// is gone. Returns before the command is reaped.
    static func watch(_ execution: Execution<NoInput, SequenceOutput, CombinedErrorOutput>, feed: StartupLogFeed,
                      until deadline: ContinuousClock.Instant?) async -> Watched {
        let pid = execution.processIdentifier.value
        return await withTaskGroup(of: Step.self) { group in
            group.addTask {
                var splitter = LineSplitter()
                var last: String?
                func take(_ lines: [String]) {
                    feed.read(lines, live: true)
                    last = lines.lazy.map { Sanitize.line($0) }.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? last
                }
                do {
                    for try await chunk in execution.standardOutput {
                        take(splitter.lines(in: chunk.withUnsafeBytes { Array($0) }))
                    }
                } catch {}
                if let rest = splitter.flush() { take([rest]) }
                return .drained(lastLine: last)
            }
            group.addTask {
                while !Task.isCancelled {
                    if hasExited(pid) { return .exited }
                    if let deadline, ContinuousClock.now >= deadline { return .stop }
                    try? await Task.sleep(for: .milliseconds(50))
                }
                return .stop
            }
            var lastLine: String?
            var stopped = false
            while let step = await group.next() {
                if case .drained(let line) = step {
                    lastLine = line
                    continue
                }
                stopped = step == .stop
                break
            }
            await stopGroup(execution, pid: pid)
            while let step = await group.next() {
                if case .drained(let line) = step { lastLine = line }
            }
            return Watched(lastLine: lastLine, stopped: stopped)
        }
    }

    /// SIGTERM to the group, then SIGKILL once the leader has exited or after `killGrace`, for
    /// members that outlive it. Runs to the end even when the task is cancelled.
    private static func stopGroup(_ execution: Execution<NoInput, SequenceOutput, CombinedErrorOutput>, pid: pid_t) async {
        _ = try? execution.send(signal: .terminate, toProcessGroup: true)
        await Task {
            let deadline = ContinuousClock.now + killGrace
            while !hasExited(pid), ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
        }.value
        _ = try? execution.send(signal: .kill, toProcessGroup: true)
    }

    /// Whether process `pid` has exited, without reaping it.
    private static func hasExited(_ pid: pid_t) -> Bool {
        var info = siginfo_t()
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_signo == SIGCHLD
    }
}
