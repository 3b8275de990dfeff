import Foundation
import Monitoring
import Synchronization

/// The steps running now: starts each with an audit record before and after, and stops them
/// all when the console quits.
///
/// Contract: a run starts only once its `started` record is in the audit log; its `finished`
/// record is written before `finished` is called and before its outcome is delivered.
/// Every record written, and every failure to write one after the start, goes to `audited`
/// (to keep a copy in the store and to show the failure), on the thread that wrote it. Output files go to
/// `outputDirectory` as `<time>-<runbook>-<step>-<run>.log`, readable by their owner only.
public final class StepRunner: Sendable {
    public let audit: AuditLog
    public let outputDirectory: String
    public let person: AuditOperator
    public let grace: Duration
    private let audited: @Sendable (Result<AuditRecord, AuditError>) -> Void
    private let running = Mutex<[UUID: StepProcess]>([:])

    public init(audit: AuditLog, outputDirectory: String, person: AuditOperator, grace: Duration = StepProcess.defaultGrace, audited: @escaping @Sendable (Result<AuditRecord, AuditError>) -> Void = { _ in }) {
        self.audit = audit
        self.outputDirectory = outputDirectory
        self.person = person
        self.grace = grace
        self.audited = audited
    }

    /// Starts `invocation`; throws, and runs nothing, when the audit log cannot record it.
    public func start(_ invocation: StepInvocation, progress: @escaping @Sendable (StepProgress) -> Void = { _ in }, finished: @escaping @Sendable (StepOutcome) -> Void = { _ in }) throws(AuditError) -> (runID: UUID, process: StepProcess) {
        let runID = UUID()
        let outputPath = outputFile(for: invocation, runID: runID)
        let started = try audit.append(.started(runID: runID, invocation: invocation, by: person, outputPath: outputPath))
        audited(.success(started))
        return running.withLock { runs in
            // The lock is held until the run is listed, so `finished` cannot unlist it first.
            let process = StepProcess.start(invocation, outputPath: outputPath, grace: grace, progress: progress) { [self] outcome in
                do throws(AuditError) {
                    audited(.success(try audit.append(started.finished(outcome))))
                } catch {
                    audited(.failure(error))
                }
                running.withLock { $0[runID] = nil }
                finished(outcome)
            }
            runs[runID] = process
            return (runID, process)
        }
    }

    /// The runs not yet over, by run id.
    public var runs: [UUID: StepProcess] { running.withLock { $0 } }

    /// Cancels run `runID` (see `StepProcess.cancel`); nothing when it is over.
    public func cancel(_ runID: UUID) {
        running.withLock { $0[runID] }?.cancel()
    }

    /// Cancels every run and returns once all are over and recorded.
    public func stopAll(grace: Duration? = nil) async {
        let processes = Array(running.withLock { $0 }.values)
        for process in processes { process.cancel(grace: grace) }
        for process in processes { _ = await process.outcome }
    }

    /// A new file's path in `outputDirectory`, which is made when missing (when it cannot be,
    /// the run ends as `couldNotStart`, naming the file).
    private func outputFile(for invocation: StepInvocation, runID: UUID) -> String {
        try? FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let stamp = String(Date().formatted(.iso8601).filter { $0.isLetter || $0.isNumber })
        let name = "\(stamp)-\(invocation.runbookID)-\(invocation.stepID)-\(runID.uuidString.prefix(8).lowercased()).log"
        return PathText.join(outputDirectory, name)
    }
}
