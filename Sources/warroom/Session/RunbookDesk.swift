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
/// is also copied into the store; progress and outcomes reach the console only as `.runbook`
/// messages through `post`. In read-only mode no desk exists at all. A reloaded config
/// (`use`) applies to steps started after it; runs under way go on untouched.
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
        runner = StepRunner(audit: AuditLog(path: history.auditPath), outputDirectory: history.runsDirectory,
                            person: AuditOperator.current()) { result in
            switch result {
            case .success(let record): writer.keep([RunbookDesk.entry(record)])
            case .failure(let error): post(.flash("audit: \(error)"))
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

    /// Marks runs a killed console left open as interrupted; returns timeline events for them.
    func markInterrupted() -> [TimelineEvent] {
        guard let records = try? runner.audit.markInterrupted() else { return [] }
        writer.keep(records.map(RunbookDesk.entry))
        return records.map { r in
            TimelineEvent(at: r.at, kind: .runbookFinished, subject: "\(r.runbook)/\(r.step)",
                                 sentence: "\(stepTitle(r.runbook, r.step)): INTERRUPTED — started \(Formatting.clock(r.startedAt)) UTC by \(r.operatorName); the console running it was killed")
        }
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
        if let runnerID = ids.withLock({ $0[id] }) { runner.cancel(runnerID) }
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
