import Console
import Foundation
import Monitoring
import Runner
import Store
import Synchronization

/// Runs runbook steps for the console: the runner, the audit log beside the store, and the
/// console's run ids mapped to the runner's.
///
/// Contract: a step runs only after its `started` audit record is written; every audit record
/// is also copied into the store, a held one (the audit log could not take it yet) too, under
/// the hash it would have now; progress and outcomes reach the console only as `.runbook`
/// messages through `post`, and audit trouble as `.flash`. In read-only mode no desk exists.
/// A reloaded config (`use`) applies to steps started after it; runs under way go on untouched.
final class RunbookDesk: Sendable {
    let runner: StepRunner
    private let current: Mutex<WarroomConfig>
    private let writer: StoreWriter
    private let post: @Sendable (Msg) -> Void
    /// Console run id → runner run id, for cancelling.
    private let ids = Mutex<[UUID: UUID]>([:])

    init(config: WarroomConfig, history: History, post: @escaping @Sendable (Msg) -> Void) {
        current = Mutex(config)
        self.post = post
        let writer = history.writer
        self.writer = writer
        runner = StepRunner(audit: AuditLog(path: history.auditPath, seal: Result { () throws(AuditError) in try AuditSeal.open() }), outputDirectory: history.runsDirectory,
                            person: AuditOperator.current()) { write in
            switch write {
            case .written(let record):
                writer.keep([RunbookDesk.entry(record)])
            case .held(let record, let error):
                if !record.hash.isEmpty { writer.keep([RunbookDesk.entry(record)]) }
                post(.flash("audit: \(error); the \(record.kind.rawValue) record of \(record.runbook)/\(record.step) is held in memory and retried"))
            }
        }
    }

    /// The config steps are started from.
    var config: WarroomConfig { current.withLock { $0 } }

    /// Starts later steps from `config`.
    func use(_ config: WarroomConfig) { current.withLock { $0 = config } }

    static func entry(_ record: AuditRecord) -> AuditEntry {
        AuditEntry(seq: record.seq, runID: record.runID, kind: record.kind.rawValue, at: record.at, hash: record.hash, line: record.line)
    }

    /// Marks runs a killed console left open as interrupted; returns timeline events for them,
    /// and posts the runs whose step is still running (its process group alive) as
    /// `.orphaned`: the console shows them, watches each until it ends and records its end.
    func markInterrupted() -> [TimelineEvent] {
        guard let (records, running) = try? runner.audit.markInterrupted() else { return [] }
        writer.keep(records.map(RunbookDesk.entry))
        for orphan in running { adopt(orphan) }
        return records.map { r in
            TimelineEvent(at: r.at, kind: .runbookFinished, subject: "\(r.runbook)/\(r.step)",
                                 sentence: "\(stepTitle(r.runbook, r.step)): INTERRUPTED — started \(Formatting.clock(r.startedAt)) UTC by \(r.operatorName); the console running it was killed")
        }
    }

    /// Steps left running by a console that was killed, by run id: their last record.
    private let orphans = Mutex<[UUID: AuditRecord]>([:])

    /// Runs left running by a killed console that are still going.
    var orphanCount: Int { orphans.withLock { $0.count } }

    /// Shows `last`'s run as running, and records its end once its process group is gone.
    private func adopt(_ last: AuditRecord) {
        guard let group = last.processGroup else { return }
        orphans.withLock { $0[last.runID] = last }
        post(.runbook(.orphaned(id: last.runID, runbookID: last.runbook, stepID: last.step, startedAt: last.startedAt,
                                by: last.operatorName, processGroup: group, outputPath: last.outputPath)))
        let thread = Thread { [self] in
            while ProcessGroup.isStillRunning(leader: group, startTime: last.processStart) {
                Thread.sleep(forTimeInterval: 0.5)
            }
            end(last.runID, stopped: false)
        }
        thread.name = "warroom orphan \(last.step)"
        thread.start()
    }

    /// Records the end of an orphan run (once) and tells the console.
    private func end(_ id: UUID, stopped: Bool) {
        guard let last = orphans.withLock({ $0.removeValue(forKey: id) }) else { return }
        do throws(AuditError) {
            let record = try runner.audit.recordEnd(ofOrphan: last, stopped: stopped)
            writer.keep([RunbookDesk.entry(record)])
            post(.runbook(.finished(id: id, verdict: stopped ? .cancelled : .ended, exitCode: nil, reason: record.reason ?? "", at: record.at,
                                    bytes: record.outputBytes ?? 0)))
        } catch {
            post(.flash("audit: the end of \(last.runbook)/\(last.step) could not be recorded: \(error)"))
            post(.runbook(.finished(id: id, verdict: stopped ? .cancelled : .ended, exitCode: nil, reason: "not recorded: \(error)", at: Date(), bytes: 0)))
        }
    }

    /// Stops an orphan run: SIGTERM to its group, SIGKILL when it is still there after the
    /// grace period; its end is recorded as stopped.
    private func stop(orphan id: UUID) {
        guard let last = orphans.withLock({ $0[id] }), let group = last.processGroup,
              ProcessGroup.isStillRunning(leader: group, startTime: last.processStart) else { return }
        let grace = runner.grace
        let thread = Thread { [self] in
            kill(-group, SIGTERM)
            let end = ContinuousClock.now + grace
            while ProcessGroup.isStillRunning(leader: group, startTime: last.processStart), ContinuousClock.now < end { Thread.sleep(forTimeInterval: 0.05) }
            if ProcessGroup.isStillRunning(leader: group, startTime: last.processStart) { kill(-group, SIGKILL) }
            self.end(id, stopped: true)
        }
        thread.start()
    }

    /// Copies into the store the audit records of the log's intact chain that it has no copy
    /// of (the store could not take them when they were written). Returns what the operator
    /// should hear: records copied, records the chain does not vouch for (not copied), and
    /// copies the log lacks; nil when there is nothing to say. Call it at start, with the
    /// store open for writing: it reads the whole log and the store's copies.
    func reconcile() -> String? {
        let chain: AuditChain
        if FileManager.default.fileExists(atPath: runner.audit.path) {
            do throws(AuditError) { chain = try runner.audit.chain() } catch { return "audit: \(error)" }
        } else {
            // Nothing has run yet, or the log was removed: then the store's copies say so.
            chain = AuditChain(intact: [], verification: .intact(records: 0), unverifiedLines: 0)
        }
        guard let check = writer.reconcile(audit: chain.intact.map(RunbookDesk.entry)) else { return nil }
        return RunbookDesk.sentence(chain: chain, check: check)
    }

    private static func sentence(chain: AuditChain, check: AuditCrossCheck) -> String? {
        func records(_ n: Int) -> String { n == 1 ? "1 record" : "\(n) records" }
        var parts: [String] = []
        if !check.missingFromStore.isEmpty {
            parts.append("\(records(check.missingFromStore.count)) the store lacked copied from the audit log")
        }
        if case .broken(_, let reason) = chain.verification {
            parts.append("\(reason); \(chain.unverifiedLines == 1 ? "1 line" : "\(chain.unverifiedLines) lines") from there on not copied to the store")
        }
        if !check.missingFromFile.isEmpty {
            parts.append("the audit log lacks \(records(check.missingFromFile.count)) the store has")
        }
        guard !parts.isEmpty else { return nil }
        let checkIt = chain.unverifiedLines > 0 || !check.missingFromFile.isEmpty ? " (warroom audit verify tells more)" : ""
        return "audit: " + parts.joined(separator: "; ") + checkIt
    }

    /// Tries the audit records still held one last time (those written are copied to the
    /// store); returns what to print on stderr about those that never could be, or nil.
    func close() -> String? {
        let (held, reason) = runner.writeHeld()
        guard !held.isEmpty else { return nil }
        let one = held.count == 1
        var text = "warroom: \(one ? "1 audit record" : "\(held.count) audit records") could not be written to \(runner.audit.path)"
        if let reason { text += " (\(reason.reason))" }
        text += one ? "; it belongs at its end, as this JSON line:\n" : "; they belong at its end, one JSON line each:\n"
        for record in held { text += record.line + "\n" }
        return text
    }

    func start(_ request: StepRequest) {
        let id = request.runID
        let config = self.config
        guard let book = config.runbooks.first(where: { $0.id == request.runbookID }),
              let step = book.steps.first(where: { $0.id == request.stepID }) else {
            fail(id, "no such step")
            return
        }
        let invocation: StepInvocation
        do throws(ParameterRefusal) {
            invocation = try StepInvocation.resolve(step: step, runbook: book, values: request.values, redactor: config.redactor)
        } catch {
            fail(id, "not run: \(error)")
            return
        }
        let post = self.post
        do throws(AuditError) {
            let (runnerID, process) = try runner.start(invocation, progress: { progress in
                var lines = progress.newLines.map { $0.stream == .standardError ? "! " + $0.text : $0.text }
                if progress.skippedLines > 0 { lines.insert("… \(progress.skippedLines) lines not shown here (the output file has them)", at: 0) }
                post(.runbook(.output(id: id, lines: lines, bytes: progress.outputBytes)))
            }, finished: { outcome in
                post(.runbook(.finished(id: id, verdict: RunbookDesk.verdict(outcome.status), exitCode: outcome.exitCode,
                                        reason: outcome.reason, at: outcome.endedAt, bytes: outcome.outputBytes)))
            })
            ids.withLock { $0[id] = runnerID }
            post(.runbook(.started(id: id, runbookID: book.id, stepID: step.id, at: process.startedAt, outputPath: process.outputPath)))
        } catch {
            fail(id, "not run: \(error)")
        }
    }

    func cancel(_ id: UUID) {
        if let runnerID = ids.withLock({ $0[id] }) { runner.cancel(runnerID) } else { stop(orphan: id) }
    }

    /// Stops every step left running by a killed console.
    func stopOrphans() {
        for id in orphans.withLock({ Array($0.keys) }) { stop(orphan: id) }
    }

    /// Stops every run and waits until each is over and recorded.
    func stopAll() {
        guard !runner.runs.isEmpty else { return }
        try? Blocking.run { await self.runner.stopAll() }
    }

    private func fail(_ id: UUID, _ reason: String) {
        post(.runbook(.finished(id: id, verdict: .couldNotStart, exitCode: nil, reason: reason, at: Date(), bytes: 0)))
    }

    private func stepTitle(_ runbookID: String, _ stepID: String) -> String {
        config.runbooks.first { $0.id == runbookID }?.steps.first { $0.id == stepID }?.title ?? "\(runbookID)/\(stepID)"
    }

    static func verdict(_ status: StepOutcome.Status) -> RunVerdict {
        switch status {
        case .ok: return .ok
        case .regression: return .regression
        case .failed: return .failed
        case .timedOut: return .timedOut
        case .cancelled: return .cancelled
        case .couldNotStart: return .couldNotStart
        }
    }
}
