import Foundation
import Testing
import TUI
@testable import Console

@Suite struct CheckReportTests {
    @Test func jsonHasTheDocumentedFields() throws {
        let report = CheckReport(state: Fixtures.outageState())
        let data = Data(try report.json().utf8)
        let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(doc["environment"] as? String == "staging")
        #expect(doc["status"] as? String == "fail")
        #expect(doc["checked_at"] as? String == "2026-11-25T16:49:14Z")
        let services = try #require(doc["services"] as? [[String: Any]])
        #expect(services.count == 5)
        #expect(services[0]["id"] as? String == "backend")
        #expect(services[0]["status"] as? String == "fail")
        #expect(services[0]["code"] as? Int == 503)
        #expect(services[0]["latency_ms"] as? Double == 13)
        #expect((services[0]["reason"] as? String)?.hasPrefix("HTTP 503 in 13 ms") == true)
        #expect(services[2]["status"] as? String == "ok")
        let phases = try #require(doc["phases"] as? [[String: Any]])
        #expect(phases.count == 7)
        #expect(phases[2]["service"] as? String == "backend")
        #expect(phases[2]["name"] as? String == "DATABASE")
        #expect(phases[2]["status"] as? String == "running")
        #expect(phases[2]["elapsed_s"] as? Double == 12.5)
        #expect(phases[2]["timeout_s"] as? Double == 20)
        let path = try #require(doc["golden_path"] as? [String: Any])
        #expect(path["status"] as? String == "fail")
        let steps = try #require(path["steps"] as? [[String: Any]])
        #expect(steps.map { $0["status"] as? String } == ["fail", "blocked", "blocked"])
        #expect(steps[0]["code"] as? Int == 503)
        #expect(report.exitStatus == 2)
    }

    @Test func textListsEveryService() {
        let text = CheckReport(state: Fixtures.outageState()).text(glyphs: .ascii)
        var lines = text.split(separator: "\n")
        #expect(lines.first == "P0 · Chat offline · $500K+ ARR pipeline blocked · User login fails · down 28s")
        #expect(lines[1].hasPrefix("P1 · Backend crash-looping"))
        lines.removeFirst(2)
        #expect(lines.first == "staging: FAIL — 3 of 5 need attention")
        #expect(lines.count == 11)
        #expect(lines[6].hasPrefix("backend-staging startup (attempt 8): INIT ok 0.4s, DEPENDENCIES ok 0.6s, DATABASE running 12.5s"))
        #expect(lines[7] == "Chat: FAIL")
        #expect(lines[1].hasPrefix("x FAIL  backend-staging"))
    }
}
