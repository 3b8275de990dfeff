import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Monitoring

/// One line of the audit log: a run of a step starting, finishing, or found interrupted.
///
/// ```json
/// {"argv":["gcloud","run","services","describe","backend-staging"],"at":"2026-11-25T16:47:16.120Z",
///  "hash":"…","host":"ops-1","kind":"started","operator":"maria","params":{},"pid":4242,
///  "prev_hash":"…","run_id":"…","runbook":"staging-backend","seq":7,"ssh_client":"10.0.0.8",
///  "started_at":"2026-11-25T16:47:16.120Z","step":"check-timeouts","terminal":"/dev/pts/3"}
/// ```
///
/// Contract: a launched, finished or interrupted record repeats the identity of its run
/// (operator, host, runbook, step, argv, params, pid, start) from the started record, and adds
/// the step's process group (launched) or how it ended. `argv` and `params` are the shown
/// forms: secrets are `•••`. Times are ISO 8601 UTC with milliseconds. Absent values are left
/// out of the line, never written as null. `seq`, `prevHash`, `hash` and `seal` are filled in
/// by `AuditLog.append`.
public struct AuditRecord: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// Written before the step's process exists.
        case started
        /// The step's process runs, in the process group `processGroup`.
        case launched
        case finished
        /// The console running it died; the step's process is gone too.
        case interrupted
    }

    public var seq: Int
    public var kind: Kind
    public var runID: UUID
    public var at: Date
    public var operatorName: String
    public var sshClient: String?
    public var host: String
    public var terminal: String
    /// The process that ran the step's process (the console or the command line).
    public var pid: Int32
    public var runbook: String
    public var step: String
    public var argv: [String]
    public var params: [String: String]
    public var startedAt: Date
    public var endedAt: Date?
    /// `StepOutcome.Status.name`, or `interrupted`.
    public var status: String?
    public var exitCode: Int32?
    public var signal: Int32?
    public var outputBytes: Int?
    public var outputSHA256: String?
    public var outputPath: String?
    public var reason: String?
    /// The process group the step's processes run in (from `launched` on), and when its
    /// leader started (`ProcessGroup.startTime`), to tell it from a later process.
    public var processGroup: Int32?
    public var processStart: UInt64?
    public var prevHash: String
    public var hash: String
    /// `AuditSeal.seal(hash)`: what shows the record was written with the audit key.
    public var seal: String = ""

    /// The record written before a run starts.
    public static func started(runID: UUID, invocation: StepInvocation, by person: AuditOperator, outputPath: String, at: Date = Date()) -> AuditRecord {
        AuditRecord(
            seq: 0, kind: .started, runID: runID, at: at, operatorName: person.name, sshClient: person.sshClient,
            host: person.host, terminal: person.terminal, pid: getpid(), runbook: invocation.runbookID,
            step: invocation.stepID, argv: invocation.shownArgv, params: invocation.shownParameters, startedAt: at,
            outputPath: outputPath, prevHash: "", hash: ""
        )
    }

    /// The record written when the run `self` started has ended with `outcome`.
    public func finished(_ outcome: StepOutcome, at: Date = Date()) -> AuditRecord {
        var r = self
        r.kind = .finished
        r.at = at
        r.endedAt = outcome.endedAt
        r.status = outcome.status.name
        r.exitCode = outcome.exitCode
        r.signal = outcome.signal
        r.outputBytes = outcome.outputBytes
        r.outputSHA256 = outcome.sha256
        r.outputPath = outcome.outputPath
        r.reason = outcome.reason
        return r
    }

    /// The record saying the run `self` started has its process, in group `group`.
    public func launched(processGroup group: Int32, startTime: UInt64?, at: Date = Date()) -> AuditRecord {
        var r = self
        r.kind = .launched
        r.at = at
        r.processGroup = group
        r.processStart = startTime
        return r
    }

    /// The record that closes the run `self` started, whose console is gone.
    func interrupted(at: Date, reason: String) -> AuditRecord {
        var r = self
        r.kind = .interrupted
        r.at = at
        r.endedAt = at
        r.status = "interrupted"
        r.reason = reason
        return r
    }

    private static let parser = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// `date` to the nearest millisecond, as the file holds it, so that times compared in
    /// memory compare as they will when read back.
    static func asWritten(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    /// `2026-11-25T16:47:16.120Z`: the nearest millisecond, so that a time read back and
    /// written again is written the same (Foundation's formatter cuts the fraction, and a
    /// parsed time may fall a hair short of the millisecond it was written with).
    static func written(_ date: Date) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var seconds = time_t(ms >= 0 ? ms / 1000 : (ms - 999) / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec, Int32(((ms % 1000) + 1000) % 1000))
    }

    /// A time as `written` writes it (or any ISO 8601 time), to the nearest millisecond.
    static func read(_ text: String) -> Date? { (try? parser.parse(text)).map(asWritten) }

    /// The record as a JSON object, `hash` included when it is set.
    var json: [String: JSONValue] {
        var o: [String: JSONValue] = [
            "seq": .number(Double(seq)),
            "kind": .string(kind.rawValue),
            "run_id": .string(runID.uuidString.lowercased()),
            "at": .string(AuditRecord.written(at)),
            "operator": .string(operatorName),
            "host": .string(host),
            "terminal": .string(terminal),
            "pid": .number(Double(pid)),
            "runbook": .string(runbook),
            "step": .string(step),
            "argv": .array(argv.map(JSONValue.string)),
            "params": .object(params.mapValues(JSONValue.string)),
            "started_at": .string(AuditRecord.written(startedAt)),
            "prev_hash": .string(prevHash),
        ]
        o["ssh_client"] = sshClient.map(JSONValue.string)
        o["ended_at"] = endedAt.map { .string(AuditRecord.written($0)) }
        o["status"] = status.map(JSONValue.string)
        o["exit_code"] = exitCode.map { .number(Double($0)) }
        o["signal"] = signal.map { .number(Double($0)) }
        o["output_bytes"] = outputBytes.map { .number(Double($0)) }
        o["output_sha256"] = outputSHA256.map(JSONValue.string)
        o["output_path"] = outputPath.map(JSONValue.string)
        o["reason"] = reason.map(JSONValue.string)
        o["process_group"] = processGroup.map { .number(Double($0)) }
        o["process_start"] = processStart.map { .number(Double($0)) }
        if !hash.isEmpty { o["hash"] = .string(hash) }
        if !seal.isEmpty { o["seal"] = .string(seal) }
        return o
    }

    /// Reads a record back from its JSON object; nil when a required field is missing or wrong.
    init?(json o: [String: JSONValue]) {
        func text(_ key: String) -> String? {
            if case .string(let s)? = o[key] { return s }
            return nil
        }
        func number(_ key: String) -> Double? {
            if case .number(let n)? = o[key] { return n }
            return nil
        }
        func time(_ key: String) -> Date? { text(key).flatMap(AuditRecord.read) }
        /// A whole number that fits `T`; a tampered value (1e20, 2.5) makes the record unreadable
        /// instead of trapping.
        func whole<T: FixedWidthInteger>(_ key: String, as: T.Type = T.self) -> T?? {
            guard let n = number(key) else { return o[key] == nil || o[key] == .null ? .some(nil) : nil }
            return T(exactly: n).map { .some($0) }
        }
        guard let seqValue = whole("seq", as: Int.self), let seq = seqValue, let pidValue = whole("pid", as: Int32.self), let pid = pidValue,
              let exitCode = whole("exit_code", as: Int32.self), let signal = whole("signal", as: Int32.self),
              let outputBytes = whole("output_bytes", as: Int.self), let processGroup = whole("process_group", as: Int32.self),
              let processStart = whole("process_start", as: UInt64.self), let kind = text("kind").flatMap(Kind.init(rawValue:)),
              let runID = text("run_id").flatMap(UUID.init(uuidString:)), let at = time("at"),
              let operatorName = text("operator"), let host = text("host"), let terminal = text("terminal"),
              let runbook = text("runbook"), let step = text("step"),
              case .array(let argv)? = o["argv"], case .object(let params)? = o["params"],
              let startedAt = time("started_at"), let prevHash = text("prev_hash") else { return nil }
        self.init(
            seq: seq, kind: kind, runID: runID, at: at, operatorName: operatorName, sshClient: text("ssh_client"),
            host: host, terminal: terminal, pid: pid, runbook: runbook, step: step,
            argv: argv.compactMap(\.stringValue), params: params.compactMapValues(\.stringValue), startedAt: startedAt,
            endedAt: time("ended_at"), status: text("status"), exitCode: exitCode,
            signal: signal, outputBytes: outputBytes,
            outputSHA256: text("output_sha256"), outputPath: text("output_path"), reason: text("reason"),
            processGroup: processGroup, processStart: processStart, prevHash: prevHash, hash: text("hash") ?? "", seal: text("seal") ?? ""
        )
    }

    public init(seq: Int, kind: Kind, runID: UUID, at: Date, operatorName: String, sshClient: String? = nil, host: String, terminal: String, pid: Int32, runbook: String, step: String, argv: [String], params: [String: String], startedAt: Date, endedAt: Date? = nil, status: String? = nil, exitCode: Int32? = nil, signal: Int32? = nil, outputBytes: Int? = nil, outputSHA256: String? = nil, outputPath: String? = nil, reason: String? = nil, processGroup: Int32? = nil, processStart: UInt64? = nil, prevHash: String = "", hash: String = "", seal: String = "") {
        self.processGroup = processGroup
        self.processStart = processStart
        self.seal = seal
        self.seq = seq
        self.kind = kind
        self.runID = runID
        self.at = at
        self.operatorName = operatorName
        self.sshClient = sshClient
        self.host = host
        self.terminal = terminal
        self.pid = pid
        self.runbook = runbook
        self.step = step
        self.argv = argv
        self.params = params
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.status = status
        self.exitCode = exitCode
        self.signal = signal
        self.outputBytes = outputBytes
        self.outputSHA256 = outputSHA256
        self.outputPath = outputPath
        self.reason = reason
        self.prevHash = prevHash
        self.hash = hash
    }
}
