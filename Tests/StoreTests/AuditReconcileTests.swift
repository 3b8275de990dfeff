import Foundation
import Monitoring
import Store
import Testing
import TestSupport

/// The store's audit copies against the audit file: what either lacks, and the copies a
/// writer imports at start.
@Suite struct AuditReconcileTests {
    /// A run's records as the audit file chains them: `count` lines, `started` and `finished`
    /// in turn, two per run.
    static func records(_ count: Int, step: String = "restart") -> [AuditEntry] {
        var previous = String(repeating: "0", count: 64)
        var runID = UUID()
        return (1...count).map { seq in
            if seq % 2 == 1 { runID = UUID() }
            let kind = seq % 2 == 1 ? "started" : "finished"
            let entry = entry(seq: seq, runID: runID, kind: kind, step: step, previous: previous)
            previous = entry.hash
            return entry
        }
    }

    static func entry(seq: Int, runID: UUID, kind: String, step: String, previous: String) -> AuditEntry {
        let hash = UUID().uuidString.lowercased() + String(seq)
        let line = #"{"at":"2027-01-15T08:00:0\#(seq % 10).000Z","hash":"\#(hash)","kind":"\#(kind)","prev_hash":"\#(previous)","run_id":"\#(runID.uuidString.lowercased())","runbook":"staging","seq":\#(seq),"step":"\#(step)"}"#
        return AuditEntry(seq: seq, runID: runID, kind: kind, at: Fixture.at(Double(seq)), hash: hash, line: line)
    }

    /// `entry` as the file has it after other records took its place: a new seq and hashes,
    /// the same content.
    static func rechained(_ entry: AuditEntry, seq: Int) -> AuditEntry {
        let hash = UUID().uuidString.lowercased()
        let line = entry.line
            .replacingOccurrences(of: #""seq":\#(entry.seq)"#, with: #""seq":\#(seq)"#)
            .replacingOccurrences(of: entry.hash, with: hash)
        return AuditEntry(seq: seq, runID: entry.runID, kind: entry.kind, at: entry.at, hash: hash, line: line)
    }

    static func writer() -> (StoreWriter, String) {
        let path = TempFiles.folder("warroom-store").appendingPathComponent("store.sqlite").path
        return (StoreOpener.open(path: path, options: .init(flushInterval: .seconds(3600))), path)
    }

    @Test func aWriterImportsTheRecordsItsStoreLacks() throws {
        let (writer, path) = Self.writer()
        defer { writer.close() }
        let file = Self.records(6)
        writer.keep(Array(file.prefix(2)))
        let check = try #require(writer.reconcile(audit: file))
        #expect(check.matching == 2)
        #expect(check.missingFromStore == Array(file.suffix(4)))
        #expect(check.missingFromFile == [])
        #expect(writer.reconcile(audit: file) == AuditCrossCheck(file: file, store: file), "imported once")
        writer.close()
        let store = try SQLiteStore(path: path, readOnly: true)
        defer { store.close() }
        #expect(Set(try store.auditEntries(limit: 100)) == Set(file))
    }

    @Test func aCutTailShowsAsCopiesTheFileLacks() {
        let store = Self.records(6)
        let check = AuditCrossCheck(file: Array(store.prefix(4)), store: store.shuffled())
        #expect(check.matching == 4)
        #expect(check.missingFromFile == Array(store.suffix(2)), "oldest first")
        #expect(check.missingFromStore == [])
    }

    @Test func aRecordWrittenLateInANewPlaceStillMatchesItsCopy() {
        // The store got the finished record under the hash it would have had as line 2;
        // another console's record took line 2 first, so the file has it as line 3.
        let ours = Self.records(2)
        let theirs = Self.entry(seq: 2, runID: UUID(), kind: "started", step: "elsewhere", previous: ours[0].hash)
        let late = Self.rechained(ours[1], seq: 3)
        let check = AuditCrossCheck(file: [ours[0], theirs, late], store: ours + [theirs])
        #expect(check.matching == 3)
        #expect(check.missingFromFile == [])
        #expect(check.missingFromStore == [])
    }

    @Test func aRewrittenRecordShowsBothWays() {
        let store = Self.records(2, step: "restart")
        var forged = Self.rechained(store[1], seq: 2)
        forged.line = forged.line.replacingOccurrences(of: #""step":"restart""#, with: #""step":"describe""#)
        let check = AuditCrossCheck(file: [store[0], forged], store: store)
        #expect(check.matching == 1)
        #expect(check.missingFromFile == [store[1]])
        #expect(check.missingFromStore == [forged])
    }

    @Test func onlyAWriterOfTheFileImports() throws {
        let (first, path) = Self.writer()
        defer { first.close() }
        let viewer = StoreOpener.open(path: path)
        defer { viewer.close() }
        #expect(viewer.status.mode == .readOnly)
        #expect(viewer.reconcile(audit: Self.records(2)) == nil)
        let memory = StoreOpener.inMemory(because: "--no-store")
        defer { memory.close() }
        #expect(memory.reconcile(audit: Self.records(2)) == nil)
    }
}
