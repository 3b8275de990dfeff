import Foundation
import Simulator
import Synchronization
import Testing
import TestSupport
@testable import Monitoring

/// Every fault the simulated staging can play, against the real probes over loopback: each
/// ends in a failing (or warning) check with a reason that names what went wrong, within the
/// timeout, with nothing from the server reaching the reason or detail unsanitized.
@Suite(.serialized) struct FaultInjectionTests {
    static let factory = ProbeFactory()
    let timeout = Seconds(3)

    /// A simulated staging, healthy but for `fault` on `path`.
    func staging(_ fault: Fault, on path: String = "/auth/health", tls: SimulatedCertificate.Validity? = nil) async throws -> SimulatedStaging {
        try await SimulatedStaging.start(SimulatorOptions(scenario: .healthy, faults: [path: fault], tls: tls))
    }

    func http(_ url: String, tls: HTTPTLSOptions = HTTPTLSOptions()) -> any Probe {
        FaultInjectionTests.factory.probe(for: CheckSpec(probe: .http(HTTPCheckSpec(url: url, tls: tls))))
    }

    /// Runs `probe` as the scheduler would (cut off at the timeout plus grace) and checks it
    /// came back in time.
    func run(_ probe: any Probe) async -> ProbeOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = await CheckScheduler.runGuarded(probe, timeout: timeout, grace: .milliseconds(250))
        #expect(clock.now - start < timeout.duration + .seconds(1), "the probe took \(clock.now - start)")
        return outcome
    }

    func expectSafe(_ outcome: ProbeOutcome, sourceLocation: SourceLocation = #_sourceLocation) {
        for text in [outcome.reason, outcome.detail ?? ""] {
            #expect(!text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) },
                    "control characters survived: \(text.debugDescription)", sourceLocation: sourceLocation)
        }
    }

    @Test func hangTimesOutWithoutHoldingTheCheck() async throws {
        let sim = try await staging(.hang)
        let o = await run(http("\(sim.baseURL)/auth/health"))
        #expect(o.status == .fail)
        #expect(o.reason == "timed out after 3.0 s", "\(o.reason)")
        try sim.faults.set(nil, on: "/auth/health")
        #expect(await run(http("\(sim.baseURL)/auth/health")).status == .ok, "clearing the fault lets the endpoint answer again")
        await sim.stop()
    }

    @Test func trickleSaysTheBodyStalledAndHowMuchCame() async throws {
        let sim = try await staging(.trickle)
        let o = await run(http("\(sim.baseURL)/auth/health"))
        #expect(o.status == .fail)
        #expect(o.code == 200)
        #expect(o.reason.hasPrefix("HTTP 200 but the body stalled: "), "\(o.reason)")
        #expect(o.reason.hasSuffix(" of 600 B in 3.0 s"), "\(o.reason)")
        await sim.stop()
    }

    @Test func resetIsAConnectionReset() async throws {
        let sim = try await staging(.reset)
        let o = await run(http("\(sim.baseURL)/auth/health"))
        #expect(o.status == .fail)
        #expect(o.reason == "connection reset by peer", "\(o.reason)")
        await sim.stop()
    }

    @Test func closeAfterHeadersSaysTheBodyWasCutShort() async throws {
        let sim = try await staging(.closeAfterHeaders)
        let o = await run(http("\(sim.baseURL)/auth/health"))
        #expect(o.status == .fail)
        #expect(o.reason == "HTTP 200 but the connection closed after 0 B of 600 B", "\(o.reason)")
        await sim.stop()
    }

    @Test func fiftyMegabyteBodyIsRefusedUnreadAndMemoryStaysFlat() async throws {
        let sim = try await staging(.hugeBody)
        let probe = http("\(sim.baseURL)/auth/health")
        _ = await run(probe)
        let before = try #require(ResidentMemory.megabytes())
        for _ in 0..<5 {
            let o = await run(probe)
            #expect(o.status == .fail)
            #expect(o.reason == "HTTP 200 announcing a 50.0 MB body (over the 1.0 MB limit)", "\(o.reason)")
        }
        let after = try #require(ResidentMemory.megabytes())
        #expect(after - before < 20, "resident memory grew by \(after - before) MB over five 50 MB answers")
        await sim.stop()
    }

    @Test func bodyWithoutALengthIsCutAtTheLimit() async throws {
        let server = try CannedHTTPServer(headers: ["Content-Type": "text/plain"], body: String(repeating: "x", count: 3 << 20), lengthless: true)
        defer { server.stop() }
        let o = await run(http(server.url))
        #expect(o.status == .fail)
        #expect(o.reason == "HTTP 200 with a body over 1.0 MB", "\(o.reason)")
    }

    @Test func invalidUTF8SaysWhereTheBytesGoWrong() async throws {
        let sim = try await staging(.invalidUTF8)
        let o = await run(http("\(sim.baseURL)/auth/health"))
        #expect(o.status == .fail)
        #expect(o.reason == "HTTP 200 but body is not valid UTF-8 (byte 0xFF at offset 35)", "\(o.reason)")
        expectSafe(o)
        await sim.stop()
    }

    @Test func jsonNestedTenThousandDeepFailsWithTheDepth() async throws {
        let sim = try await staging(.deepJSON)
        let o = await run(http("\(sim.baseURL)/auth/health"))
        #expect(o.status == .fail)
        #expect(o.reason == "HTTP 200 but body is invalid JSON (nested 10000 levels deep)", "\(o.reason)")
        await sim.stop()
    }

    @Test func escapeSequencesInABodyNeverReachTheReason() async throws {
        let sim = try await staging(.escapes)
        let o = await run(http("\(sim.baseURL)/auth/health"))
        #expect(o.status == .fail)
        #expect(o.reason.hasPrefix("HTTP 503 in "), "\(o.reason)")
        #expect(o.reason.contains("· backend down"), "the readable part of the detail stays: \(o.reason)")
        #expect(o.reason.hasSuffix("PWNED-DETAIL · retry after 30"), "\(o.reason)")
        expectSafe(o)
        #expect(!o.reason.contains("PWNED-TITLE"), "an OSC 0 title survived: \(o.reason.debugDescription)")
        #expect(!o.reason.contains("cHduZWQ="), "an OSC 52 clipboard write survived: \(o.reason.debugDescription)")
        #expect(!o.reason.contains("[2J") && !o.reason.contains("[5;5H"), "a CSI survived: \(o.reason.debugDescription)")
        // The body excerpt shows the JSON as written: its escapes are printable text (\u001b).
        #expect(o.detail?.contains(#"\u001b]52;c;"#) == true, "\(o.detail ?? "no detail")")
        await sim.stop()
    }

    @Test func escapeSequencesInHeadersAreARefusedResponse() async throws {
        let sim = try await staging(.escapeHeaders)
        let o = await run(http("\(sim.baseURL)/auth/health"))
        #expect(o.status == .fail)
        #expect(o.reason == "invalid HTTP response: invalid character in header", "\(o.reason)")
        expectSafe(o)
        await sim.stop()
    }

    @Test func twoHundredThatSaysUnhealthyFails() async throws {
        let sim = try await staging(.unhealthy200)
        let o = await run(http("\(sim.baseURL)/auth/health"))
        #expect(o.status == .fail)
        #expect(o.reason == "HTTP 200 but body says status \"unhealthy\" · database pool exhausted (10 of 10 in use) · database: timeout", "\(o.reason)")
        let trusting = FaultInjectionTests.factory.probe(for: CheckSpec(probe: .http(HTTPCheckSpec(url: "\(sim.baseURL)/auth/health", judgeBody: false))))
        #expect(await run(trusting).status == .ok, "body_health: false judges the status code alone")
        await sim.stop()
    }

    @Test func tenMegabyteWebSocketFrameIsRefusedAndMemoryStaysFlat() async throws {
        let sim = try await staging(.hugeFrame, on: "/ws/chat")
        let url = sim.baseURL.replacingOccurrences(of: "http://", with: "ws://") + "/ws/chat"
        let probe = FaultInjectionTests.factory.probe(for: CheckSpec(probe: .websocket(WebSocketCheckSpec(url: url, expectEvents: ["agent_started"]))))
        _ = await run(probe)
        let before = try #require(ResidentMemory.megabytes())
        for _ in 0..<3 {
            let o = await run(probe)
            #expect(o.status == .fail)
            #expect(o.reason == "the server sent a frame over the 1.0 MB limit", "\(o.reason)")
        }
        let after = try #require(ResidentMemory.megabytes())
        #expect(after - before < 20, "resident memory grew by \(after - before) MB over three 10 MB frames")
        await sim.stop()
    }

    // MARK: TLS

    func caFile(_ sim: SimulatedStaging) throws -> String {
        let path = TempFiles.folder("warroom-ca").appendingPathComponent("ca.pem").path
        try Data(try #require(sim.certificate).certificatePEM.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func selfSignedCertificateIsNamedAndTrustedThroughACAFile() async throws {
        let sim = try await SimulatedStaging.start(SimulatorOptions(scenario: .healthy, tls: .selfSigned))
        #expect(sim.baseURL.hasPrefix("https://"))
        let untrusted = await run(http("\(sim.baseURL)/auth/health"))
        #expect(untrusted.status == .fail)
        #expect(untrusted.reason.hasPrefix("TLS certificate is self-signed and not trusted (") && untrusted.reason.hasSuffix("); trust it with tls.ca_file"),
                "\(untrusted.reason)")
        #expect(untrusted.reason.contains("warroom simulated staging"), "\(untrusted.reason)")

        let ca = try caFile(sim)
        defer { try? FileManager.default.removeItem(atPath: ca) }
        let trusted = await run(http("\(sim.baseURL)/auth/health", tls: HTTPTLSOptions(caFile: ca)))
        #expect(trusted.status == .ok, "\(trusted.reason)")
        #expect(trusted.detail?.contains("expires in 90 d") == true, "\(trusted.detail ?? "no detail")")

        let insecure = await run(http("\(sim.baseURL)/auth/health", tls: HTTPTLSOptions(insecure: true)))
        #expect(insecure.status == .ok, "\(insecure.reason)")
        await sim.stop()
    }

    @Test func expiredCertificateSaysWhenItEnded() async throws {
        let sim = try await SimulatedStaging.start(SimulatorOptions(scenario: .healthy, tls: .expired))
        let ca = try caFile(sim)
        defer { try? FileManager.default.removeItem(atPath: ca) }
        let day = ServerCertificate.day(try #require(sim.certificate).notValidAfter)
        for options in [HTTPTLSOptions(), HTTPTLSOptions(caFile: ca)] {
            let o = await run(http("\(sim.baseURL)/auth/health", tls: options))
            #expect(o.status == .fail)
            #expect(o.reason.hasPrefix("TLS certificate expired 2 d ago (\(day)): "), "\(o.reason)")
        }
        let insecure = await run(http("\(sim.baseURL)/auth/health", tls: HTTPTLSOptions(insecure: true)))
        #expect(insecure.status == .fail, "an expired certificate fails even when verification is off")
        #expect(insecure.reason.hasSuffix("· certificate expired 2 d ago (\(day))"), "\(insecure.reason)")
        await sim.stop()
    }

    @Test func certificateEndingSoonWarns() async throws {
        let sim = try await SimulatedStaging.start(SimulatorOptions(scenario: .healthy, tls: .expiringSoon))
        let ca = try caFile(sim)
        defer { try? FileManager.default.removeItem(atPath: ca) }
        let o = await run(http("\(sim.baseURL)/auth/health", tls: HTTPTLSOptions(caFile: ca)))
        #expect(o.status == .warn, "\(o.reason)")
        #expect(o.reason.hasPrefix("HTTP 200 in ") && o.reason.contains("· certificate expires in 5 d ("), "\(o.reason)")
        let relaxed = await run(http("\(sim.baseURL)/auth/health", tls: HTTPTLSOptions(caFile: ca, expiryWarning: Seconds(86_400))))
        #expect(relaxed.status == .ok, "a one-day warning window does not warn five days out: \(relaxed.reason)")
        await sim.stop()
    }

    // MARK: Everything at once

    /// Every fault at once, each on its own path, and an expired certificate, beside one
    /// healthy check polled every 500 ms: the healthy check keeps its cadence while the others
    /// hang, trickle and flood.
    @Test func otherChecksKeepTheirCadenceWhileEveryFaultPlays() async throws {
        let httpFaults = Fault.allCases.filter { !$0.isWebSocket }
        var faults = Dictionary(uniqueKeysWithValues: httpFaults.map { ("/fault/\($0.rawValue)", $0) })
        faults["/ws/chat"] = .hugeFrame
        let sim = try await SimulatedStaging.start(SimulatorOptions(scenario: .healthy, faults: faults))
        let expired = try await SimulatedStaging.start(SimulatorOptions(scenario: .healthy, tls: .expired))
        defer { Task { await sim.stop(); await expired.stop() } }
        let factory = ProbeFactory(expectedConcurrency: 16)
        var jobs = httpFaults.map { fault in
            CheckScheduler.Job(id: fault.rawValue, interval: Seconds(1), timeout: Seconds(2),
                               probe: factory.probe(for: CheckSpec(probe: .http(HTTPCheckSpec(url: "\(sim.baseURL)/fault/\(fault.rawValue)")))))
        }
        let ws = sim.baseURL.replacingOccurrences(of: "http://", with: "ws://") + "/ws/chat"
        jobs.append(CheckScheduler.Job(id: "huge-frame", interval: Seconds(1), timeout: Seconds(2),
                                       probe: factory.probe(for: CheckSpec(probe: .websocket(WebSocketCheckSpec(url: ws, expectEvents: ["x"]))))))
        jobs.append(CheckScheduler.Job(id: "expired-certificate", interval: Seconds(1), timeout: Seconds(2),
                                       probe: factory.probe(for: CheckSpec(probe: .http(HTTPCheckSpec(url: "\(expired.baseURL)/auth/health"))))))
        jobs.append(CheckScheduler.Job(id: "healthy", interval: Seconds(0.5), timeout: Seconds(2),
                                       probe: factory.probe(for: CheckSpec(probe: .http(HTTPCheckSpec(url: "\(sim.baseURL)/auth/health"))))))
        let results = ResultLog()
        let scheduler = CheckScheduler(jobs: jobs) { results.add($0) }
        scheduler.start()
        try await Task.sleep(for: .seconds(8))
        await scheduler.stop()
        await factory.shutdown()

        let healthy = results.all.filter { $0.checkID == "healthy" }
        #expect(healthy.allSatisfy { $0.outcome.status == .ok }, "\(healthy.map(\.outcome.reason))")
        #expect(healthy.count >= 13, "the healthy check ran \(healthy.count) times in 8 s at a 500 ms interval")
        let starts = healthy.map(\.startedAt)
        let widest = zip(starts, starts.dropFirst()).map { $1.timeIntervalSince($0) }.max() ?? 0
        #expect(widest < 1.2, "the healthy check waited \(widest) s between runs")
        for id in (httpFaults + [.hugeFrame]).map(\.rawValue) + ["expired-certificate"] {
            let mine = results.all.filter { $0.checkID == id }
            #expect(!mine.isEmpty, "\(id) never reported")
            #expect(mine.allSatisfy { $0.outcome.status == .fail }, "\(id): \(mine.map(\.outcome.reason))")
            mine.forEach { expectSafe($0.outcome) }
        }
    }
}

/// Results gathered from the scheduler's threads.
final class ResultLog: Sendable {
    private let results = Mutex<[CheckResult]>([])
    func add(_ r: CheckResult) { results.withLock { $0.append(r) } }
    var all: [CheckResult] { results.withLock { $0 } }
}
