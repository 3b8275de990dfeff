import ArgumentParser
import Console
import Foundation
import Monitoring
import Runner

/// `warroom audit`: the runbook audit log beside a store.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "List recent runbook runs, or verify the audit log's hash chain.",
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
        let storePath: String
        if let store {
            storePath = StoreOptions.path(explicit: store, environment: "")
        } else {
            let cfg = try config.map { try loadConfig(path: $0) } ?? DemoConfig.config(simulatorURL: "http://127.0.0.1:1")
            storePath = StoreOptions.path(explicit: cfg.storePath, environment: cfg.environment)
        }
        return AuditLog(path: History.auditPath(forStore: storePath))
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
            print("no runs yet (no audit log at \(log.path))")
            return
        }
        let records: [AuditRecord]
        do throws(AuditError) { records = try log.records() } catch {
            FileHandle.standardError.write(Data("warroom: \(error)\n".utf8))
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
            print(line)
            print("    $ " + start.argv.joined(separator: " "))
            if let path = end?.outputPath ?? start.outputPath { print("    output: \(path)") }
        }
    }
}

/// `warroom audit verify`.
struct VerifyAudit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that no record was edited, deleted or reordered.",
        discussion: "Exit status: 0 the chain is intact (or there is no log yet), 1 it is broken or unreadable."
    )

    @OptionGroup var location: AuditLocation

    func run() throws {
        let log = try location.log()
        guard FileManager.default.fileExists(atPath: log.path) else {
            print("no audit log yet at \(log.path): nothing has run")
            return
        }
        let result: AuditVerification
        do throws(AuditError) { result = try log.verify() } catch {
            FileHandle.standardError.write(Data("warroom: \(error)\n".utf8))
            throw ExitCode(1)
        }
        print("\(log.path): \(result)")
        if case .broken = result { throw ExitCode(1) }
    }
}
