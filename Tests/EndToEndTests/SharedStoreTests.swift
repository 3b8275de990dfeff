import Foundation
import Testing
import TestSupport

/// Consoles on one PostgreSQL store (the server `scripts/test` starts, described by
/// `WARROOM_TEST_POSTGRES`), as operators on two bastions would run them: one writes, the
/// other says it only reads, and what the first did is in the shared history afterwards.
@Suite(.serialized) struct SharedStoreTests {
    let bin = WarroomBinary.path

    init() throws {
        try #require(FileManager.default.isExecutableFile(atPath: bin), "build warroom first (swift build): \(bin)")
        try #require(Tmux.isAvailable, "tmux is needed; scripts/test installs it")
    }

    /// A database of this test's own, made with `psql` (dropped when the server goes).
    static func freshStore() throws -> (url: String, password: String) {
        let s = try TestPostgres.fields()
        let name = "warroom_e2e_\(UUID().uuidString.prefix(8).lowercased())"
        let made = try Shell.run("/usr/bin/env", ["psql", "-h", s["host"]!, "-p", s["port"]!, "-U", s["user"]!, "-d", "postgres", "-qc", "CREATE DATABASE \(name)"],
                                 environment: ["PGPASSWORD": s["password"]!, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        try #require(made.status == 0, "\(made.error)")
        return ("postgres://\(s["user"]!)@\(s["host"]!):\(s["port"]!)/\(name)?sslmode=disable", s["password"]!)
    }

    @Test func twoConsolesOneWritesTheOtherReadsAndTheAckIsShared() throws {
        let (url, password) = try Self.freshStore()
        let first = Tmux()
        try first.start(width: 120, height: 40)
        try first.type("PGPASSWORD=\(password) \(bin) demo --store '\(url)'", enter: true)
        let raised = try first.waitFor(timeout: 15) { IncidentHistoryTests.p0Banner($0) != nil && $0.contains("a ack") }
        #expect(raised.ok, "\(raised.screen)")
        #expect(!raised.screen.contains("memory only"), "the first console does not write the database:\n\(raised.screen)")

        let second = Tmux()
        try second.start(width: 120, height: 40)
        try second.type("PGPASSWORD=\(password) \(bin) demo --store '\(url)'", enter: true)
        // The footer gives way at 120 columns; the sentence names the environment and the server.
        let reading = try second.waitFor(timeout: 15) { $0.contains("read-only: another console writes staging (simulated) in postgres://") }
        #expect(reading.ok, "the second console did not say who writes:\n\(reading.screen)")
        #expect(!reading.screen.contains(password), "the password reached the screen")

        try first.press("a")
        #expect(try first.waitFor(timeout: 5) { $0.contains("acked by oncall") }.ok)
        Thread.sleep(forTimeInterval: 2)  // the writer flushes every second
        try second.press("q")
        try first.press("q")
        #expect(try first.waitFor(timeout: 10) { !$0.contains("a ack") && !$0.contains("acked by") }.ok)

        // What the writer kept is the team's: a report from anywhere reads it.
        let out = TempFiles.folder("warroom-shared").appendingPathComponent("report.md").path
        let r = try Shell.run(bin, ["report", "--demo", "--store", url, "--out", out], environment: ["PGPASSWORD": password, "USER": "oncall"])
        #expect(r.status == 0, "\(r.error)")
        let report = try String(contentsOfFile: out, encoding: .utf8)
        #expect(report.contains("oncall"), "the acknowledgement is not in the shared history:\n\(report)")
    }

    @Test func aBadStoreURLIsAUsageErrorThatNamesWhereItCameFrom() throws {
        let r = try Shell.run(bin, ["check", "--demo", "--store", "postgres://u:secret@db:99999/x"])
        #expect(r.status == 64, "\(r.status) \(r.error)")
        #expect(r.error.contains("--store: the store URL has port 99999, outside 1–65535"), "\(r.error)")
        #expect(!r.error.contains("secret"))
        let env = try Shell.run(bin, ["check", "--demo"], environment: ["WARROOM_STORE": "postgres://db/x?sslmode=sometimes", "USER": "u"])
        #expect(env.status == 64)
        #expect(env.error.contains("WARROOM_STORE: the store URL has sslmode=sometimes"), "\(env.error)")
    }

    @Test func anUnreachableServerIsAReasonNotAHang() throws {
        let port = try LoopbackServers.refusedPort()
        let r = try Shell.run(bin, ["check", "--demo", "--store", "postgres://u@127.0.0.1:\(port)/x?sslmode=disable"])
        #expect(r.error.contains("this poll is not kept: history kept in memory only: cannot reach PostgreSQL at 127.0.0.1:\(port)"), "\(r.error)")
    }
}
