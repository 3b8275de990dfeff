import Crypto
import Foundation
import Monitoring
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The append-only record of every run of a step: a JSON-lines file where each record carries
/// the hash of the one before it, so a deleted or edited record shows, and a seal made with a
/// key kept apart from the log (`AuditSeal`), so that a record written by anyone else shows.
///
/// Contract:
/// - A record's `hash` is the SHA-256, in lowercase hex, of the UTF-8 bytes of the record's
///   JSON object without its `hash` and `seal` keys, written in the canonical form
///   (`JSONValue.canonicalText`: keys sorted, no whitespace). Its `prev_hash` is the `hash` of
///   the line before it, or 64 zeros on the first line; `seq` counts from 1; `at` never goes
///   back; `seal` is `AuditSeal.seal(hash)`. Each line is the canonical form of the whole
///   record, ended by a newline. After every append the seal's head file names the last record.
/// - `append` is safe across threads and processes: it holds an exclusive `flock` on the file
///   while it reads the last record and writes the new one, opens it `O_APPEND`, and syncs the
///   file before it returns. The file is readable by its owner only. Without a seal nothing is
///   written: the log is then for reading only.
/// - A record is in the file whole or not at all: when the write or the sync fails (a full
///   disk, a file system gone read-only), what was written of it is cut off again before
///   `append` throws, so a later append continues the chain cleanly.
/// - `chain()` vouches for a record only when its hash, its form, its place in the chain, its
///   seal (when the log has one to check with) and its place in its run (a run starts once, is
///   launched and ends after it started, and ends once) all hold.
public final class AuditLog: Sendable {
    public let path: String
    /// Seals what is written and checks what is read; nil for a log only read, whose seals
    /// then go unchecked.
    public let seal: AuditSeal?
    /// Runs this process started through this log that have not ended.
    private let openHere = Mutex<Set<UUID>>([])

    public static let firstPreviousHash = String(repeating: "0", count: 64)

    /// Why there is no seal, when there is none.
    private let sealProblem: AuditError?

    public init(path: String, seal: AuditSeal?) {
        self.path = path
        self.seal = seal
        sealProblem = nil
    }

    /// A log sealed with the key `seal` opened, or, when it could not be opened, a log that
    /// writes nothing and says why.
    public init(path: String, seal: Result<AuditSeal, AuditError>) {
        self.path = path
        switch seal {
        case .success(let s):
            self.seal = s
            sealProblem = nil
        case .failure(let e):
            self.seal = nil
            sealProblem = e
        }
    }

    /// Appends `record`, chained to the last record in the file; returns it with `seq`,
    /// `prevHash`, `hash` and `seal` filled in.
    @discardableResult
    public func append(_ record: AuditRecord) throws(AuditError) -> AuditRecord {
        try withLockedFile { fd throws(AuditError) in try append(record, to: fd) }
    }

    private var unsealed: AuditError {
        sealProblem ?? AuditError(path: path, reason: "no audit key to seal records with: nothing is written")
    }

    /// Checks every line as `chain()` does. Throws when the file cannot be read.
    public func verify() throws(AuditError) -> AuditVerification {
        try chain().verification
    }

    /// Reads the file as `verify` checks it, keeping the records the chain vouches for: those
    /// before the first line that fails the check.
    public func chain() throws(AuditError) -> AuditChain {
        var previous = AuditLog.firstPreviousHash
        var previousAt: Date?
        var runs: [UUID: AuditRecord.Kind] = [:]
        var intact: [AuditRecord] = []
        let lines = try readLines()
        func broken(_ number: Int, _ reason: String) -> AuditChain {
            AuditChain(intact: intact, verification: .broken(line: number, reason: reason), unverifiedLines: lines.count - number + 1)
        }
        for (i, line) in lines.enumerated() {
            let number = i + 1
            guard !line.isEmpty else { return broken(number, "line \(number) is empty") }
            guard case .object(let object)? = try? JSONValue.parse(Data(line)) else {
                return broken(number, "line \(number) is not JSON")
            }
            guard case .string(let hash)? = object["hash"], case .string(let prevHash)? = object["prev_hash"] else {
                return broken(number, "line \(number) is not an audit record: it has no hash")
            }
            guard AuditLog.hash(of: object) == hash else {
                return broken(number, "line \(number) was edited: its hash does not match")
            }
            guard JSONValue.object(object).canonicalText.utf8.elementsEqual(line) else {
                return broken(number, "line \(number) was edited: it is not written the way the log writes records")
            }
            guard prevHash == previous else {
                let reason = number == 1
                    ? "line 1 does not start the chain: a record before it was deleted"
                    : "line \(number) does not follow line \(number - 1): a record was deleted or reordered"
                return broken(number, reason)
            }
            if let seal {
                guard case .string(let given)? = object["seal"], seal.holds(given, for: hash) else {
                    return broken(number, "line \(number) is not sealed with this audit key (\(seal.keyFile)): it was not written by Warroom here — forged, or sealed with another key")
                }
            }
            guard let record = AuditRecord(json: object) else {
                return broken(number, "line \(number) is not an audit record: a field is missing or wrong")
            }
            guard record.seq == number else { return broken(number, "line \(number) says it is record \(record.seq)") }
            if let previousAt, record.at < previousAt { return broken(number, "line \(number) is dated before line \(number - 1)") }
            switch (record.kind, runs[record.runID]) {
            case (.started, nil): break
            case (.started, _): return broken(number, "line \(number) starts run \(record.runID.uuidString.prefix(8).lowercased()) a second time")
            case (_, nil): return broken(number, "line \(number) is a \(record.kind.rawValue) record of a run that never started")
            case (_, .finished?), (_, .interrupted?): return broken(number, "line \(number) is a \(record.kind.rawValue) record of a run that had already ended")
            case (.launched, .launched?): return broken(number, "line \(number) launches a run a second time")
            default: break
            }
            runs[record.runID] = record.kind
            previous = hash
            previousAt = record.at
            intact.append(record)
        }
        return AuditChain(intact: intact, verification: .intact(records: lines.count), unverifiedLines: 0)
    }

    /// Every record in the file, oldest first; lines that are not records are skipped.
    public func records() throws(AuditError) -> [AuditRecord] {
        try readLines().compactMap(AuditLog.record)
    }

    /// The last `limit` records, oldest first.
    public func recent(limit: Int) throws(AuditError) -> [AuditRecord] {
        Array(try records().suffix(limit))
    }

    /// `records` chained one after another after the file's last record, as appending them
    /// now would write them (without writing anything): to name a record that could not be
    /// written yet. A missing file chains from the start.
    public func chained(_ records: [AuditRecord]) throws(AuditError) -> [AuditRecord] {
        var last: AuditRecord?
        if FileManager.default.fileExists(atPath: path) {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw failure("cannot open it") }
            defer { close(fd) }
            last = try lastRecord(in: fd).0
        }
        return records.map { record in
            let next = chain(record, after: last)
            last = next
            return next
        }
    }

    /// Closes the runs whose console died while they ran (killed, crashed, the machine went
    /// down): every `started` record on `host` with no end record gets an `interrupted` one,
    /// unless the process that started it is still alive, or its step's process group still
    /// runs (then it is returned in `stillRunning`, for the console to offer to stop or to let
    /// finish). Call it when a console or command line starts: a run recorded with this
    /// process's own pid that this log did not start came from an earlier process that had the
    /// same pid. Runs started on another host are left alone, since their console may still
    /// be running there.
    public func markInterrupted(now: Date = Date(), host: String = AuditOperator.hostName()) throws(AuditError) -> (interrupted: [AuditRecord], stillRunning: [AuditRecord]) {
        try withLockedFile { fd throws(AuditError) in
            let ours = openHere.withLock { $0 }
            var appended: [AuditRecord] = []
            var running: [AuditRecord] = []
            for last in try unfinished() where last.host == host {
                let mine = last.pid == getpid()
                if mine ? ours.contains(last.runID) : AuditLog.isAlive(last.pid) { continue }
                if let group = last.processGroup, ProcessGroup.isStillRunning(leader: group, startTime: last.processStart) {
                    running.append(last)
                    continue
                }
                let reason = "interrupted: the process that ran it (pid \(last.pid)) ended before the step did"
                appended.append(try append(last.interrupted(at: now, reason: reason), to: fd))
            }
            return (appended, running)
        }
    }

    /// The last record of every run with no end record, oldest run first.
    public func unfinished() throws(AuditError) -> [AuditRecord] {
        var open: [UUID: AuditRecord] = [:]
        for record in try readLines().compactMap(AuditLog.record) {
            open[record.runID] = record.kind == .started || record.kind == .launched ? record : nil
        }
        return open.values.sorted { $0.seq < $1.seq }
    }

    /// Records the end of a run left running by a console that died (see `markInterrupted`):
    /// `stopped` when this console stopped it, else it ended on its own; its exit status is
    /// not known (its parent was the console that died), its output file's size and SHA-256
    /// are taken as they are now.
    @discardableResult
    public func recordEnd(ofOrphan last: AuditRecord, stopped: Bool, at: Date = Date()) throws(AuditError) -> AuditRecord {
        var r = last.interrupted(at: at, reason: stopped
            ? "stopped by \(AuditOperator.current().name) after the console that ran it had been killed; exit status not known"
            : "exit status not known: the console that ran it had been killed")
        r.kind = .finished
        r.status = stopped ? "cancelled" : "ended"
        if let path = r.outputPath, let digest = AuditLog.digest(ofFile: path) {
            r.outputBytes = digest.bytes
            r.outputSHA256 = digest.sha256
        }
        return try append(r)
    }

    /// The size and SHA-256 of the file at `path`, read in pieces; nil when it cannot be read.
    public static func digest(ofFile path: String) -> (bytes: Int, sha256: String)? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        var bytes = 0
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            bytes += chunk.count
        }
        return (bytes, hasher.finalize().map { String(format: "%02x", $0) }.joined())
    }

    /// Whether process `pid` exists (a pid reused by another process counts: the run stays
    /// open until that one ends too).
    private static func isAlive(_ pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }

    // MARK: The file

    static func hash(of object: [String: JSONValue]) -> String {
        var content = object
        content["hash"] = nil
        content["seal"] = nil
        return SHA256.hash(data: Data(JSONValue.object(content).canonicalText.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    private static func record(_ line: [UInt8]) -> AuditRecord? {
        guard case .object(let object)? = try? JSONValue.parse(Data(line)) else { return nil }
        return AuditRecord(json: object)
    }

    /// `what` failed, with the current `errno` as a lowercase reason ("no space left on device").
    private func failure(_ what: String) -> AuditError {
        let text = String(cString: strerror(errno))
        return AuditError(path: path, reason: "\(what): \(text.prefix(1).lowercased() + text.dropFirst())")
    }

    /// Runs `body` with the file open for appending and locked against other writers.
    private func withLockedFile<T>(_ body: (Int32) throws(AuditError) -> T) throws(AuditError) -> T {
        let folder = PathText.folder(of: path)
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("cannot open it") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { throw failure("cannot lock it") }
        }
        defer { flock(fd, LOCK_UN) }
        return try body(fd)
    }

    /// `record` with `seq`, `prevHash`, `hash` and `seal` set to follow `last` (nil: the first
    /// record); its `at` is never before `last`'s (a record held while others were written
    /// is dated when it reaches the file; its `ended_at` keeps when the run ended).
    private func chain(_ record: AuditRecord, after last: AuditRecord?) -> AuditRecord {
        var chained = record
        chained.seq = (last?.seq ?? 0) + 1
        chained.prevHash = last?.hash ?? AuditLog.firstPreviousHash
        chained.at = AuditRecord.asWritten(chained.at)
        if let last, chained.at < last.at { chained.at = last.at }
        chained.hash = ""
        chained.seal = ""
        chained.hash = AuditLog.hash(of: chained.json)
        chained.seal = seal?.seal(chained.hash) ?? ""
        return chained
    }

    /// Appends to the locked file `fd`; on failure cuts the file back to where it ended.
    private func append(_ record: AuditRecord, to fd: Int32) throws(AuditError) -> AuditRecord {
        guard seal != nil else { throw unsealed }
        let (last, endsMidLine) = try lastRecord(in: fd)
        let chained = chain(record, after: last)
        let line = Array(((endsMidLine ? "\n" : "") + chained.line + "\n").utf8)
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure("cannot read it") }
        func undo(_ what: String) -> AuditError {
            let error = failure(what)
            _ = ftruncate(fd, info.st_size)
            return error
        }
        var written = 0
        while written < line.count {
            let n = line[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw undo("cannot write it")
            }
            written += n
        }
        guard fsync(fd) == 0 else { throw undo("cannot sync it") }
        openHere.withLock { runs in
            switch chained.kind {
            case .started: runs.insert(chained.runID)
            case .launched: break
            case .finished, .interrupted: runs.remove(chained.runID)
            }
        }
        seal?.record(AuditSeal.Head(seq: chained.seq, hash: chained.hash), of: path)
        return chained
    }

    /// The last record in `fd` (nil when there is none) and whether the file ends in the middle
    /// of a line (a write cut short). Reads backwards from the end only as far as needed.
    private func lastRecord(in fd: Int32) throws(AuditError) -> (AuditRecord?, Bool) {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure("cannot read it") }
        let size = Int(info.st_size)
        guard size > 0 else { return (nil, false) }
        var span = 64 << 10
        while true {
            let start = max(0, size - span)
            var bytes = [UInt8](repeating: 0, count: size - start)
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(start)) }
            guard n == bytes.count else { throw failure("cannot read it") }
            let endsMidLine = bytes.last != 0x0A
            var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: true)
            if start > 0, !lines.isEmpty { lines.removeFirst() }
            if let last = lines.reversed().lazy.compactMap({ AuditLog.record(Array($0)) }).first {
                return (last, endsMidLine)
            }
            if start == 0 { return (nil, endsMidLine) }
            span *= 4
        }
    }

    /// The file's lines without their newlines; a missing file is an error.
    private func readLines() throws(AuditError) -> [[UInt8]] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AuditError(path: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot read it" : "there is no audit log here")
        }
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }
}
