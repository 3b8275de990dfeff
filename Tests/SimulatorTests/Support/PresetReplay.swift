import Foundation

/// Warroom's `phased-startup` preset replayed over the plain `backend.log`, the way Warroom's
/// log follower reads it, so a test can hold the log to what `/backend/startup` says.
///
/// The SimulatorTests target does not depend on Monitoring, so the preset is copied here:
/// - the patterns are copied verbatim from the `match:` keys of `PhasedStartupPreset.yaml`
///   (Sources/Monitoring/Startup/PhasedStartupPreset.swift; YAML single quotes keep the
///   backslashes, so the regexes are exactly the text between the quotes);
/// - what each rule sets, and how, follows the contract of `StartupLogState`
///   (Sources/Monitoring/Startup/StartupLogState.swift): a new attempt resets the phases to
///   pending and clears the exit code; an `ok` phase makes the state `running` once every phase
///   is ok; an exit code fails the running phase and, once a phase failed or timed out, skips the
///   pending ones; `restarts` comes from the restart rule once that has matched, else it counts
///   the attempts seen after the first.
///
/// If the preset changes, change the patterns here too.
struct PresetReplay {
    struct Phase: Equatable, CustomStringConvertible {
        let name: String
        var status = "pending"
        var elapsed: Double?

        var description: String { "\(name) \(status)\(elapsed.map { " \($0)" } ?? "")" }
    }

    private(set) var attempt: Int?
    private(set) var revision: String?
    private(set) var state: String?
    private(set) var exitCode: Int?
    private(set) var restarts: Int?
    private(set) var phases: [Phase]
    private var attemptsSeen = 0
    private var restartsFromRules = false

    private static let newAttempt = regex(#"startup attempt (\d+) revision (\S+)"#)
    private static let phaseStarted = regex(#"Phase \d+ (\w+) started \(timeout ([0-9.]+)s\)"#)
    private static let phaseCompleted = regex(#"Phase \d+ (\w+) completed in ([0-9.]+)s"#)
    private static let phaseTimedOut = regex(#"Phase \d+ (\w+) failed: (.*timeout after ([0-9.]+)s.*)"#)
    private static let exited = regex(#"exit code (\d+)"#)
    private static let restarting = regex(#"restarting \(restart (\d+)\)"#)

    /// The preset's restart rule alone, for tests that look for restart lines.
    static func restartNumber(in line: String) -> Int? {
        groups(of: restarting, in: line).flatMap { Int($0[1]) }
    }

    /// Replays every line of `log` (plain `backend.log` text) with the seven phases expected.
    init(log: String, expectedPhases: [String] = ReplayFigures.phaseNames) {
        self.expectedPhases = expectedPhases
        phases = []
        for line in log.split(separator: "\n") {
            read(String(line))
        }
    }

    private let expectedPhases: [String]

    /// Applies the rules in the preset's order, every one that matches.
    private mutating func read(_ line: String) {
        if let g = Self.groups(of: Self.newAttempt, in: line) {
            if !restartsFromRules {
                restarts = (restarts ?? 0) + (attemptsSeen == 0 ? 0 : 1)
            }
            attemptsSeen += 1
            attempt = Int(g[1])
            revision = g[2]
            phases = expectedPhases.map { Phase(name: $0) }
            exitCode = nil
            state = "starting"
        }
        if let g = Self.groups(of: Self.phaseStarted, in: line) {
            update(g[1], status: "running", elapsed: nil)
        }
        if let g = Self.groups(of: Self.phaseCompleted, in: line) {
            update(g[1], status: "ok", elapsed: Double(g[2]))
            if !phases.isEmpty, phases.allSatisfy({ $0.status == "ok" }) { state = "running" }
        }
        if let g = Self.groups(of: Self.phaseTimedOut, in: line) {
            update(g[1], status: "timeout", elapsed: Double(g[3]))
        }
        if let g = Self.groups(of: Self.exited, in: line), let code = Int(g[1]) {
            exitCode = code
            state = "crashloop"
            for i in phases.indices where phases[i].status == "running" {
                phases[i].status = "failed"
            }
            if phases.contains(where: { $0.status == "failed" || $0.status == "timeout" }) {
                for i in phases.indices where phases[i].status == "pending" {
                    phases[i].status = "skipped"
                }
            }
        }
        if let g = Self.groups(of: Self.restarting, in: line), let count = Int(g[1]) {
            restarts = count
            restartsFromRules = true
        }
    }

    private mutating func update(_ name: String, status: String, elapsed: Double?) {
        if !phases.contains(where: { $0.name == name }) {
            phases.append(Phase(name: name))
        }
        guard let i = phases.firstIndex(where: { $0.name == name }) else { return }
        phases[i].status = status
        phases[i].elapsed = elapsed
    }

    private static func regex(_ pattern: String) -> NSRegularExpression {
        // The patterns are the literals above: a typo traps every test that replays a log.
        try! NSRegularExpression(pattern: pattern)
    }

    private static func groups(of regex: NSRegularExpression, in line: String) -> [String]? {
        guard let match = regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) else { return nil }
        return (0..<match.numberOfRanges).map { i in
            Range(match.range(at: i), in: line).map { String(line[$0]) } ?? ""
        }
    }
}

/// What `/backend/startup` says, in the replay's terms, for comparing the two.
struct StartupView: Equatable, CustomStringConvertible {
    let attempt: Int?
    let state: String?
    let exitCode: Int?
    var restarts: Int?
    let phases: [PresetReplay.Phase]

    init(endpoint json: JSONBody) {
        attempt = json["attempt"].int
        state = json["state"].string
        exitCode = json["exit_code"].int
        restarts = json["restarts"].int
        phases = (json["phases"].array ?? []).map { phase in
            let status = phase["status"].string ?? "?"
            // The log states an elapsed time only for finished phases.
            let finished = ["ok", "timeout"].contains(status)
            return PresetReplay.Phase(name: phase["name"].string ?? "?", status: status, elapsed: finished ? phase["elapsed_s"].double : nil)
        }
    }

    init(replay: PresetReplay) {
        attempt = replay.attempt
        state = replay.state
        exitCode = replay.exitCode
        restarts = replay.restarts
        phases = replay.phases.map { phase in
            var phase = phase
            if !["ok", "timeout"].contains(phase.status) { phase.elapsed = nil }
            return phase
        }
    }

    var description: String {
        "attempt \(attempt.map(String.init) ?? "nil") \(state ?? "nil") exit \(exitCode.map(String.init) ?? "nil") "
            + "restarts \(restarts.map(String.init) ?? "nil") \(phases)"
    }
}
