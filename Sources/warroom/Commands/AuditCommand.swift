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

/// Which audit log: beside `--store PATH`, or beside the store of `--config FILE` / `--demo`;
/// for a shared store (`--store postgres://…`, or the config's), the log beside the console's
/// default file, compared with the copies in the database for the config's environment.
struct AuditLocation: ParsableArguments {
    @Option(help: ArgumentHelp("The store the audit log is beside: a file, or postgres://… with --config or --demo.", valueName: "path|url"))
    var store: String?

    @Option(name: .shortAndLong, help: "A config: its store's audit log.")
    var config: String?

    @Flag(help: "The demo's audit log.")
    var demo = false

    func validate() throws {
        if store == nil && config == nil && !demo { throw ValidationError("Give --store PATH, --config FILE or --demo.") }
    }

    /// The log, read with the audit key when there is one (it is never made here).
    func log() throws -> AuditLog {
        AuditLog(path: History.auditPath(forStore: try choice().path), seal: Result { () throws(AuditError) in try AuditSeal.open(create: false) })
    }

    /// The store: the file `--store` names, else what the config (or the demo) would use.
    func choice() throws -> StoreChoice {
        if let store, !PostgresStoreURL.isURL(store) {
            return StoreChoice(kind: .file, path: StoreOptions.path(explicit: store, environment: ""), environment: "")
        }
        if store != nil && config == nil && !demo {
            throw ValidationError("A shared store holds many environments: give --config FILE (or --demo) with --store postgres://….")
        }
        let cfg = try config.map { try loadConfig(path: $0) } ?? DemoConfig.config(simulatorURL: "http://127.0.0.1:1")
        do {
            return try StoreChoice.choose(option: store, config: cfg)
        } catch {
            throw ValidationError(error.description)
        }
    }
}

/// `warroom audit list`.
struct ListAudit: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Recent runs, newest last.")

    @OptionGroup var location: AuditLocation

    @Option(help: "How many runs.")
    var limit = 20

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be 1 or more") }
    }

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
            let end = rs.last { $0.kind == .finished || $0.kind == .interrupted }
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
        abstract: "Prove the audit log: its chain, its seals, its end, its output files, and the store's copies.",
        discussion: """
        Proves, of every record, that it is as it was written (its hash), where it was written \
        (the chain), and that it was written by Warroom with this account's audit key (its seal); \
        that runs start once and end after they start, and that times do not go back; that the \
        log's end was not cut (the sealed head kept beside the key); that each output file still \
        has the SHA-256 its record says; and that the store holds no copy the log lacks. \
        It cannot prove anything against a person who can read the audit key (this account, root).
        Exit status: 0 proven (or nothing has run); 1 something was changed, forged, cut or \
        removed; 2 not everything could be checked (no audit key, no store to compare with, \
        an output file gone).
        """
    )

    @OptionGroup var location: AuditLocation

    func run() throws {
        let log = try location.log()
        let choice = try location.choice()
        let storePath = choice.shown
        let copies = storeCopies(choice)
        var failed = false
        var unproven = false
        var records: [AuditRecord] = []
        var brokenAt: Int?
        if FileManager.default.fileExists(atPath: log.path) {
            do throws(AuditError) {
                let proof = try log.prove()
                records = proof.chain.intact
                Output.line("\(log.path): \(proof.chain.verification)\(log.seal == nil || !proof.chain.verification.isIntact ? "" : ", every record sealed")")
                if case .broken(let line, _) = proof.chain.verification {
                    failed = true
                    brokenAt = line
                }
                for problem in proof.problems where problem != proof.chain.verification.description { Output.line("problem: \(problem)") }
                for gap in proof.unproven { Output.line("not proven: \(gap)") }
                failed = failed || !proof.problems.isEmpty
                unproven = !proof.unproven.isEmpty
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
            if let seal = log.seal {
                let forged = entries.filter { entry in
                    guard case .object(let o)? = try? JSONValue.parse(entry.line), case .string(let given)? = o["seal"] else { return true }
                    return !seal.holds(given, for: entry.hash)
                }
                if !forged.isEmpty {
                    failed = true
                    Output.line("problem: \(forged.count == 1 ? "1 copy" : "\(forged.count) copies") in the store \(forged.count == 1 ? "is" : "are") not sealed with the audit key (forged in the store): seq \(forged.prefix(10).map { String($0.seq) }.joined(separator: ", "))")
                }
            }
        } else if let why = copies.why {
            Output.line("not proven: \(storePath) was not compared: \(why)")
            unproven = true
        }
        if failed { throw ExitCode(1) }
        if unproven { throw ExitCode(2) }
        Output.line("proven")
    }

    /// The store's audit copies, or why there are none to compare with.
    private func storeCopies(_ choice: StoreChoice) -> (entries: [AuditEntry]?, why: String?) {
        do {
            let store: any ClosableStore
            switch choice.kind {
            case .file:
                guard FileManager.default.fileExists(atPath: choice.path) else { return (nil, "there is no store here") }
                store = try SQLiteStore(path: choice.path, readOnly: true)
            case .shared(let url):
                store = try PostgresStore(url: url, environment: choice.environment, readOnly: true)
            }
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
