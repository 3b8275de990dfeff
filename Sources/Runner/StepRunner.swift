import Foundation
import Monitoring
import Synchronization

/// The steps running now: starts each with an audit record before and after, and stops them
/// all when the console quits.
///
/// Contract:
/// - A run starts only once its `started` record is in the audit log; when that cannot be
///   written, `start` throws the reason and nothing runs. Once its process runs, a `launched`
///   record names its process group.
/// - A run's `finished` record is handled before `finished` is called and before its outcome
///   is delivered: written, or, when the audit log cannot take it (a full disk, a file made
///   read-only), held in memory. Held records are never dropped: they are written, in the
///   order they were made, before any later record, every `retryInterval`, and by
///   `writeHeld()`; a record made while others are held waits behind them.
/// - Every record written, and every record held, goes to `audited` (to keep a copy in the
///   store and to show the trouble), on the thread that handled it, with no lock held.
/// - Output files go to `outputDirectory` as `<time>-<runbook>-<step>-<run>.log`, readable by
///   their owner only.
public final class StepRunner: Sendable {
    public let audit: AuditLog
    public let outputDirectory: String
    public let person: AuditOperator
    public let grace: Duration
    /// How often held records are tried again.
    public let retryInterval: Duration
    private let audited: @Sendable (AuditWrite) -> Void
    private let running = Mutex<[UUID: StepProcess]>([:])
    /// Records the audit log could not take yet, as made (not chained), oldest first. Held
    /// while the file is written, so records reach it in order.
    private let held = Mutex<[AuditRecord]>([])
    /// Tries the held records again while there are any. Taken only with `held` taken first.
    private let retry = Mutex<DispatchSourceTimer?>(nil)

    public init(audit: AuditLog, outputDirectory: String, person: AuditOperator, grace: Duration = StepProcess.defaultGrace,
                retryInterval: Duration = .seconds(5), audited: @escaping @Sendable (AuditWrite) -> Void = { _ in }) {
        self.audit = audit
        self.outputDirectory = outputDirectory
        self.person = person
        self.grace = grace
        self.retryInterval = retryInterval
        self.audited = audited
    }

    deinit {
        retry.withLock { $0?.cancel() }
    }

    /// Starts `invocation`; throws, and runs nothing, when the audit log cannot record it.
    public func start(_ invocation: StepInvocation, progress: @escaping @Sendable (StepProgress) -> Void = { _ in }, finished: @escaping @Sendable (StepOutcome) -> Void = { _ in }) throws(AuditError) -> (runID: UUID, process: StepProcess) {
        let runID = UUID()
        let outputPath = outputFile(for: invocation, runID: runID)
        let (late, started) = try held.withLock { h throws(AuditError) -> ([AuditRecord], AuditRecord) in
            let late = writeHeld(&h).written
            return (late, try audit.append(.started(runID: runID, invocation: invocation, by: person, outputPath: outputPath)))
        }
        for record in late + [started] { audited(.written(record)) }
        return running.withLock { runs in
            // The lock is held until the run is listed, so `finished` cannot unlist it first.
            let process = StepProcess.start(invocation, outputPath: outputPath, grace: grace, progress: progress, launched: { [self] pid in
                // The process group is recorded, so that a console killed while the step runs
                // leaves a record the next one can find the step by.
                for write in keep(started.launched(processGroup: pid, startTime: ProcessGroup.startTime(pid))) { audited(write) }
            }) { [self] outcome in
                for write in keep(started.finished(outcome)) { audited(write) }
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

    /// Tries the held records now; returns those still held, oldest first, chained as writing
    /// them now would (as made when the audit log cannot even be read), and why they are.
    @discardableResult
    public func writeHeld() -> (held: [AuditRecord], reason: AuditError?) {
        let (late, trouble, left) = held.withLock { h in
            let (late, trouble) = writeHeld(&h)
            return (late, trouble, h)
        }
        for record in late { audited(.written(record)) }
        return ((try? audit.chained(left)) ?? left, trouble)
    }

    /// Writes the held records, then `record` (launched or finished); holds `record` when it
    /// cannot be written, or when records made before it are still held.
    private func keep(_ record: AuditRecord) -> [AuditWrite] {
        held.withLock { h in
            let (late, trouble) = writeHeld(&h)
            var writes = late.map(AuditWrite.written)
            let error: AuditError
            if let trouble {
                error = trouble
            } else {
                do throws(AuditError) {
                    return writes + [.written(try audit.append(record))]
                } catch let failure {
                    error = failure
                }
            }
            h.append(record)
            retryWhileHeld()
            writes.append(.held((try? audit.chained(h).last) ?? record, because: error))
            return writes
        }
    }

    /// Writes the held records `h`, in order, until one fails; returns those written and the
    /// failure. With none left, the retry timer stops.
    private func writeHeld(_ h: inout [AuditRecord]) -> (written: [AuditRecord], error: AuditError?) {
        var written: [AuditRecord] = []
        while let next = h.first {
            do throws(AuditError) {
                written.append(try audit.append(next))
                h.removeFirst()
            } catch {
                return (written, error)
            }
        }
        retry.withLock { timer in
            timer?.cancel()
            timer = nil
        }
        return (written, nil)
    }

    /// Starts the retry timer unless it runs. Called with `held` taken.
    private func retryWhileHeld() {
        retry.withLock { timer in
            guard timer == nil else { return }
            let every = DispatchTimeInterval.nanoseconds(Int(retryInterval.components.seconds) * 1_000_000_000 + Int(retryInterval.components.attoseconds / 1_000_000_000))
            let source = DispatchSource.makeTimerSource(queue: .global())
            source.schedule(deadline: .now() + every, repeating: every)
            source.setEventHandler { [weak self] in self?.writeHeld() }
            source.resume()
            timer = source
        }
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
