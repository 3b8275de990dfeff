import ArgumentParser
import Console
import Foundation
import Monitoring
import Runner
import SafeText
import Store

/// `warroom audit`: the runbook audit log beside a store.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "List recent runbook runs, or verify the audit log's hash chain against the store's copy.",
        subcommands: [ListAudit.self, VerifyAudit.self]
    )
}

/// Which audit log: beside `--store PATH`, or beside the store of `--config FILE` / `--demo`.
struct AuditLocation: ParsableArguments {
    @Option(help: "The store the audit log is beside.")
    var store: String?

    @Option(name: .shortAndLong, help: "A config: its store's audit log.")
    var config: String?

    @Flag(help: "The demo's audit log.")
    var demo = false

    func validate() throws {
        if store == nil && config == nil && !demo { throw ValidationError("Give --store PATH, --config FILE or --demo.") }
    }

    func log() throws -> AuditLog {
        AuditLog(path: History.auditPath(forStore: try storePath()))
    }

    func storePath() throws -> String {
        if let store { return StoreOptions.path(explicit: store, environment: "") }
        let cfg = try config.map { try loadConfig(path: $0) } ?? DemoConfig.config(simulatorURL: "http://127.0.0.1:1")
        return StoreOptions.path(explicit: cfg.storePath, environment: cfg.environment)
    }
}

/// `warroom audit list`.
struct ListAudit: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Recent runs, newest last.")

    @OptionGroup var location: AuditLocation

    @Option(help: "How many runs.")
    var limit = 20

    func run() throws {
        let log = try location.log()
        guard FileManager.default.fileExists(atPath: log.path) else {
            Output.line("no runs yet (no audit log at \(log.path))")
            return
        }
        let records: [AuditRecord]
        do throws(AuditError) { records = try log.records() } catch {
            Output.error("warroom: \(error)")
            throw ExitCode(1)
        }
        var order: [UUID] = []
        var byRun: [UUID: [AuditRecord]] = [:]
        for r in records {
            if byRun[r.runID] == nil { order.append(r.runID) }
            byRun[r.runID, default: []].append(r)
        }
        for id in order.suffix(limit) {
            let rs = byRun[id]!
            let start = rs.first!
            let end = rs.last { $0.kind != .started }
            var line = "\(IncidentReport.stamp(start.startedAt))  \(start.operatorName)@\(start.host)"
            if let ssh = start.sshClient { line += " (ssh from \(ssh))" }
            line += "  \(start.runbook)/\(start.step)  "
            if let end {
                line += (end.status ?? end.kind.rawValue).uppercased()
                if let code = end.exitCode { line += " exit \(code)" }
                if let signal = end.signal { line += " signal \(signal)" }
                if let ended = end.endedAt { line += String(format: " %.1f s", ended.timeIntervalSince(start.startedAt)) }
                if let bytes = end.outputBytes { line += " \(bytes) B" }
                if let sha = end.outputSHA256 { line += " sha256 \(sha.prefix(12))" }
            } else {
                line += "RUNNING"
            }
            Output.line(line)
            Output.line("    $ " + start.argv.joined(separator: " "))
            if let path = end?.outputPath ?? start.outputPath { Output.line("    output: \(path)") }
        }
    }
}

/// `warroom audit verify`.
struct VerifyAudit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that no record was edited, deleted or reordered, and compare the log with the store's copy.",
        discussion: """
        The store keeps a copy of every record. A copy the log lacks means its end was cut, or a \
        record was removed, rewritten or could never be written; a record the store lacks is one \
        it could not take at the time (the next console start copies it).
        Exit status: 0 the chain is intact (or there is no log yet) and the log lacks no record \
        the store has; 1 the chain is broken or unreadable, or the log lacks records.
        """
    )

    @OptionGroup var location: AuditLocation

    func run() throws {
        let log = try location.log()
        let storePath = try location.storePath()
        let copies = storeCopies(storePath)
        var failed = false
        var records: [AuditRecord] = []
        var brokenAt: Int?
        if FileManager.default.fileExists(atPath: log.path) {
            do throws(AuditError) {
                let result = try log.verify()
                records = try log.records()
                Output.line("\(log.path): \(result)")
                if case .broken(let line, _) = result {
                    failed = true
                    brokenAt = line
                }
            } catch {
                Output.error("warroom: \(error)")
                throw ExitCode(1)
            }
        } else if copies.entries?.isEmpty ?? true {
            Output.line("no audit log yet at \(log.path): nothing has run")
            return
        } else {
            Output.line("\(log.path): no audit log here")
        }
        if let entries = copies.entries {
            let check = AuditCrossCheck(file: records.map(RunbookDesk.entry), store: entries)
            for line in VerifyAudit.report(check, records: records.count, brokenAt: brokenAt, storePath: storePath) { Output.line(line) }
            if !check.missingFromFile.isEmpty { failed = true }
        } else if let why = copies.why {
            Output.line("\(storePath): not compared: \(why)")
        }
        if failed { throw ExitCode(1) }
    }

    /// The store's audit copies, or why there are none to compare with.
    private func storeCopies(_ path: String) -> (entries: [AuditEntry]?, why: String?) {
        guard FileManager.default.fileExists(atPath: path) else { return (nil, "there is no store here") }
        do {
            let store = try SQLiteStore(path: path, readOnly: true)
            defer { store.close() }
            return (try store.auditEntries(limit: Int.max), nil)
        } catch {
            return (nil, "\(error)")
        }
    }

    /// What the comparison of the log's `records` (its chain broken at line `brokenAt`, if it
    /// is) with the store found, a line each; at most `listed` records named per finding.
    static func report(_ check: AuditCrossCheck, records: Int, brokenAt: Int?, storePath: String, listed: Int = 20) -> [String] {
        func count(_ n: Int) -> String { n == 1 ? "1 record" : "\(n) records" }
        func named(_ entries: [AuditEntry]) -> [String] {
            var lines = entries.prefix(listed).map { "  " + describe($0) }
            if entries.count > listed { lines.append("  … and \(entries.count - listed) more") }
            return lines
        }
        var lines = ["\(storePath): holds copies of \(check.matching) of the log's \(count(records))"]
        if !check.missingFromFile.isEmpty {
            lines.append("the log lacks \(count(check.missingFromFile.count)) the store has (its end was cut, or they were removed, rewritten or never written):")
            lines += named(check.missingFromFile)
        }
        if !check.missingFromStore.isEmpty {
            let copied = brokenAt.map { "those before line \($0)" } ?? "them"
            lines.append("the store lacks \(count(check.missingFromStore.count)) of the log (the next console start copies \(copied)):")
            lines += named(check.missingFromStore)
        }
        return lines
    }

    /// `seq 5 finished 2026-11-25T16:47:16.120Z staging-backend/restart run 1a2b3c4d`.
    private static func describe(_ entry: AuditEntry) -> String {
        var step = ""
        if case .object(let fields)? = try? JSONValue.parse(entry.line),
           case .string(let runbook)? = fields["runbook"], case .string(let id)? = fields["step"] {
            step = " \(SafeText.sanitize(runbook))/\(SafeText.sanitize(id))"
        }
        return "seq \(entry.seq) \(entry.kind) \(entry.at.formatted(.iso8601))\(step) run \(entry.runID.uuidString.prefix(8).lowercased())"
    }
}
