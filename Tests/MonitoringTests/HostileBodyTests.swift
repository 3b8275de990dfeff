import Foundation
import Testing
import TestSupport
@testable import Monitoring

/// Answers a real server can give that are meant to hurt: JSON nested 10,000 deep, bytes that
/// are not UTF-8, escape sequences aimed at the terminal. Each is a failing check with a
/// reason, never a crash, and nothing unsafe reaches the reason or the detail.
@Suite(.serialized) struct HostileBodyTests {
    var factory: ProbeFactory { ProbeTests.sharedFactory }
    let wantsHealthy = [JSONCondition(path: JSONPath("status")!, test: .equals(.string("healthy")))]

    func probe(_ url: String) -> any Probe {
        factory.probe(for: CheckSpec(probe: .http(HTTPCheckSpec(url: url, jsonConditions: wantsHealthy))))
    }

    @Test func jsonNestedTenThousandDeepIsRefusedWithAReason() async throws {
        let body = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let server = try CannedHTTPServer(body: body)
        defer { server.stop() }
        let o = await probe(server.url).run(timeout: Seconds(5))
        #expect(o.status == .fail)
        #expect(o.reason == "HTTP 200 but body is invalid JSON (nested 10000 levels deep)", "\(o.reason)")
    }

    @Test func bytesThatAreNotUTF8AreShownSafely() async throws {
        let server = try CannedHTTPServer(body: "{\"status\":\"\u{FFFD}\u{1B}[2J\u{1B}]52;c;ZXZpbA==\u{07}bad\"}")
        defer { server.stop() }
        let o = await probe(server.url).run(timeout: Seconds(5))
        #expect(o.status == .fail)
        for text in [o.reason, o.detail ?? ""] {
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) }, "\(text.debugDescription)")
            #expect(!text.contains("52;c;"), "an OSC 52 clipboard write survived: \(text.debugDescription)")
        }
    }
}
