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
/// the hash of the one before it, so a deleted or edited record shows.
///
/// Contract:
/// - A record's `hash` is the SHA-256, in lowercase hex, of the UTF-8 bytes of the record's
///   JSON object without its `hash` key, written in the canonical form (`JSONValue.canonicalText`:
///   keys sorted, no whitespace). Its `prev_hash` is the `hash` of the line before it, or 64
///   zeros on the first line; `seq` counts from 1. Each line is the canonical form of the
///   whole record, `hash` included, ended by a newline.
/// - `append` is safe across threads and processes: it holds an exclusive `flock` on the file
///   while it reads the last record and writes the new one, opens it `O_APPEND`, and syncs the
///   file before it returns. The file is readable by its owner only.
/// - A record is in the file whole or not at all: when the write or the sync fails (a full
///   disk, a file system gone read-only), what was written of it is cut off again before
///   `append` throws, so a later append continues the chain cleanly.
/// - The chain proves what is in the file, not that nothing was cut from its end, and anyone
///   who can write the file can write a new valid chain: keep a copy elsewhere (the store) to
///   compare.
public final class AuditLog: Sendable {
    public let path: String
    /// Runs this process started through this log that have not ended.
    private let openHere = Mutex<Set<UUID>>([])

    public static let firstPreviousHash = String(repeating: "0", count: 64)

    public init(path: String) {
        self.path = path
    }

    /// Appends `record`, chained to the last record in the file; returns it with `seq`,
    /// `prevHash` and `hash` filled in.
    @discardableResult
    public func append(_ record: AuditRecord) throws(AuditError) -> AuditRecord {
        try withLockedFile { fd throws(AuditError) in try append(record, to: fd) }
    }

    /// Checks every line: that it is a record, that its hash matches its content, that it is
    /// written in the canonical form (no key twice, no extra spaces), and that it follows the
    /// line before it. Throws when the file cannot be read.
    public func verify() throws(AuditError) -> AuditVerification {
        try chain().verification
    }

    /// Reads the file as `verify` checks it, keeping the records the chain vouches for: those
    /// before the first line that fails the check.
    public func chain() throws(AuditError) -> AuditChain {
        var previous = AuditLog.firstPreviousHash
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
            previous = hash
            if let record = AuditRecord(json: object) { intact.append(record) }
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
            let next = AuditLog.chain(record, after: last)
            last = next
            return next
        }
    }

    /// Closes the runs whose console died while they ran (killed, crashed, the machine went
    /// down): every `started` record on `host` with no `finished` or `interrupted` record gets
    /// an `interrupted` one, unless the process that started it is still alive. Call it when a
    /// console or command line starts: a run recorded with this process's own pid that this
    /// log did not start came from an earlier process that had the same pid. Runs started on
    /// another host are left alone, since their console may still be running there. Returns
    /// the records it appended.
    public func markInterrupted(now: Date = Date(), host: String = AuditOperator.hostName()) throws(AuditError) -> [AuditRecord] {
        try withLockedFile { fd throws(AuditError) in
            var unfinished: [UUID: AuditRecord] = [:]
            for record in try readLines().compactMap(AuditLog.record) {
                unfinished[record.runID] = record.kind == .started ? record : nil
            }
            let ours = openHere.withLock { $0 }
            var appended: [AuditRecord] = []
            for started in unfinished.values.sorted(by: { $0.seq < $1.seq }) where started.host == host {
                let mine = started.pid == getpid()
                if mine ? ours.contains(started.runID) : AuditLog.isAlive(started.pid) { continue }
                let reason = "interrupted: the process that ran it (pid \(started.pid)) ended before the step did"
                appended.append(try append(started.interrupted(at: now, reason: reason), to: fd))
            }
            return appended
        }
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

    /// `record` with `seq`, `prevHash` and `hash` set to follow `last` (nil: the first record).
    private static func chain(_ record: AuditRecord, after last: AuditRecord?) -> AuditRecord {
        var chained = record
        chained.seq = (last?.seq ?? 0) + 1
        chained.prevHash = last?.hash ?? AuditLog.firstPreviousHash
        chained.hash = ""
        chained.hash = AuditLog.hash(of: chained.json)
        return chained
    }

    /// Appends to the locked file `fd`; on failure cuts the file back to where it ended.
    private func append(_ record: AuditRecord, to fd: Int32) throws(AuditError) -> AuditRecord {
        let (last, endsMidLine) = try lastRecord(in: fd)
        let chained = AuditLog.chain(record, after: last)
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
            if chained.kind == .started { runs.insert(chained.runID) } else { runs.remove(chained.runID) }
        }
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
