import Foundation
import Testing
import TestSupport

/// The audit trail through store faults, in the real binary from a shell: copies a locked
/// store could not take are reconciled at the next start, `audit verify` compares the log
/// with the store's copies, and a record a full disk would not take is printed at exit.
@Suite(.serialized) struct AuditTrailTests {
    let bin = WarroomBinary.path

    init() throws {
        try #require(FileManager.default.isExecutableFile(atPath: bin), "build warroom first (swift build): \(bin)")
    }

    /// A config whose one runbook step runs `argv`.
    static func config(step argv: [String]) -> String {
        let run = argv.map { "'\($0.replacingOccurrences(of: "'", with: "''"))'" }.joined(separator: ", ")
        return TempFiles.write("""
        environment: audit-trail
        services:
          - { id: self, name: loopback, check: { type: command, run: [/bin/true], interval: 5s } }
        runbooks:
          - id: ops
            title: Operations
            steps:
              - { id: step, title: The step, run: [\(run)] }
        """)
    }

    func runStep(_ config: String, _ store: String) throws -> Shell.Result {
        try Shell.run(bin, ["runbook", "run", "--config", config, "--store", store, "ops", "step"])
    }

    func verify(_ store: String) throws -> Shell.Result {
        try Shell.run(bin, ["audit", "verify", "--store", store])
    }

    @Test func copiesALockedStoreMissedAreReconciledAndACutLogIsCaught() throws {
        let store = TempFiles.storePath()
        let audit = store.replacingOccurrences(of: ".sqlite", with: ".audit.jsonl")
        let config = Self.config(step: ["/bin/echo", "hello"])
        #expect(try runStep(config, store).status == 0)
        let first = try verify(store)
        #expect(first.status == 0, "\(first.output)\(first.error)")
        #expect(first.output == "\(audit): 3 records, chain intact, every record sealed\n\(store): holds copies of 3 of the log's 3 records\nproven\n", "\(first.output)")

        // Another process holds the store's write lock for the whole run: the step runs and
        // its records reach the log; their copies wait, then are given up at exit.
        let holder = try SQLiteLockHolder(store)
        let locked = try runStep(config, store)
        holder.release()
        #expect(locked.status == 0, "\(locked.error)")
        let behind = try verify(store)
        #expect(behind.status == 0, "\(behind.output)")
        #expect(behind.output.contains("\(audit): 6 records, chain intact, every record sealed\n\(store): holds copies of 3 of the log's 6 records\n"
                                       + "the store lacks 3 records of the log (the next console start copies them):\n"), "\(behind.output)")

        let next = try runStep(config, store)
        #expect(next.status == 0)
        #expect(next.error.contains("warroom: audit: 3 records the store lacked copied from the audit log\n"), "\(next.error)")
        let whole = try verify(store)
        #expect(whole.status == 0)
        #expect(whole.output == "\(audit): 9 records, chain intact, every record sealed\n\(store): holds copies of 9 of the log's 9 records\nproven\n", "\(whole.output)")

        // The log's end is cut: its chain is still intact; the sealed head and the store's copy show it.
        var lines = try String(contentsOfFile: audit, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
        lines.removeLast()
        try (lines.joined(separator: "\n") + "\n").write(toFile: audit, atomically: true, encoding: .utf8)
        let cut = try verify(store)
        #expect(cut.status == 1)
        #expect(cut.output.contains("\(audit): 8 records, chain intact, every record sealed\n"
                                    + "problem: the log ends at record 8, but record 9 was written: its end was cut\n"), "\(cut.output)")
        #expect(cut.output.contains("\(store): holds copies of 8 of the log's 8 records\n"
                                    + "the log lacks 1 record the store has (its end was cut, or they were removed, rewritten or never written):\n  seq 9 finished "),
                "\(cut.output)")
        #expect(cut.output.contains(" ops/step run "), "\(cut.output)")
    }

    @Test func aRecordAFullDiskWouldNotTakeIsPrintedAtExit() throws {
        guard let disk = try ScratchDisk.mount(bytes: 1 << 20) else { try Test.cancel("mounting a tmpfs needs root") }
        defer { disk.unmount() }
        let store = disk.path("history.sqlite")
        let audit = disk.path("history.audit.jsonl")
        // The step fills the disk the log is on, once its start is recorded (a moment's wait);
        // its argv (recorded) is longer than a page, so its finished record cannot slip into
        // what is left of the log's last page.
        let config = Self.config(step: ["/bin/sh", "-c", "sleep 1; cat /dev/zero > \(disk.path("filler")) 2>/dev/null; exit 0", String(repeating: "x", count: 5000)])
        let run = try runStep(config, store)
        #expect(run.status == 0, "\(run.error)")
        let intro = "warroom: 1 audit record could not be written to \(audit) (cannot write it: no space left on device); it belongs at its end, as this JSON line:\n"
        let printed = try #require(run.error.range(of: intro).map { run.error[$0.upperBound...] }, "\(run.error)")
        let line = try #require(printed.split(separator: "\n").first)
        #expect(line.contains(#""kind":"finished""#) && line.contains(#""seq":3"#), "\(line)")

        // With room again, the printed line is exactly what belongs at the log's end.
        disk.free()
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: audit))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((line + "\n").utf8))
        try handle.close()
        let whole = try verify(store)
        #expect(whole.status == 0, "\(whole.output)\(whole.error)")
        #expect(whole.output.hasPrefix("\(audit): 3 records, chain intact, every record sealed\n"), "\(whole.output)")
    }
}
