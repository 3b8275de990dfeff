import AsyncHTTPClient
import Foundation
import Monitoring
import NIOCore
import NIOPosix

/// The baseline: the scale fleet's requests from a plain async-http-client loop, with no
/// scheduler, console or store. One shared `HTTPClient` with the connection pool Warroom's
/// probes use (one connection per check allowed, HTTP/1.1, no decompression); one task per
/// check, each sleeping until its next due time, sending a GET, reading the body. First runs
/// are spread over the first second, and due times follow a fixed grid whose wholly missed
/// slots are given up, as Warroom's scheduler does, so lag (start − the time first due)
/// means the same in both.
enum BaselineWorkload {
    static func run(_ run: ScaleRun) -> ScaleFigures {
        var pool = HTTPClient.Configuration.ConnectionPool(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: max(16, run.checks))
        pool.retryConnectionEstablishment = false
        var configuration = HTTPClient.Configuration(timeout: .init(), connectionPool: pool, decompression: .disabled)
        configuration.httpVersion = .http1Only
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)

        let log = CheckLog(expected: Int(run.offered * run.seconds * 1.1))
        let start = ContinuousClock.now
        let from = start + .milliseconds(Int64(run.warmUp * 1000))
        let until = from + .milliseconds(Int64(run.seconds * 1000))
        let window = MeasuringWindow(log: log, from: from, until: until, simulatorPID: run.simulatorPID)
        let interval = Duration.milliseconds(Int64(run.interval * 1000))
        let tasks = (0..<run.checks).map { i in
            let first = start + .milliseconds(Int64(min(1, run.interval) * 1000 * Double(i) / Double(run.checks)))
            let url = Fleet.url(i, baseURL: run.baseURL)
            return Task.detached {
                var due = first
                try? await Task.sleep(until: due, clock: .continuous)
                while !Task.isCancelled && ContinuousClock.now < until {
                    let started = ContinuousClock.now
                    let failure = await get(url, client: client)
                    log.record(lag: started > due ? started - due : .zero, failure: failure)
                    due = due + interval
                    let now = ContinuousClock.now
                    if now - due >= interval { due = due + interval * Int((now - due).seconds / interval.seconds) }
                    try? await Task.sleep(until: due, clock: .continuous)
                }
            }
        }
        let figures = window.figures(run, log: log)
        waitFor {
            for t in tasks { t.cancel() }
            for t in tasks { await t.value }
            try? await client.shutdown()
        }
        return figures
    }

    /// One GET with a 5 s deadline; nil when it answered 200, else why not.
    private static func get(_ url: String, client: HTTPClient) async -> String? {
        do {
            let response = try await client.execute(HTTPClientRequest(url: url), deadline: .now() + .seconds(5))
            _ = try await response.body.collect(upTo: 1 << 20)
            return response.status.code == 200 ? nil : "HTTP \(response.status.code)"
        } catch {
            return "\(error)"
        }
    }
}
