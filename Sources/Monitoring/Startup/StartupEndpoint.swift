import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Asks a startup endpoint once: `GET url`, a 2xx answer whose body is a startup report.
///
/// Contract: never runs past `spec.timeout` plus `grace`, even if the server trickles its
/// body. The problem, when there is one, reads `startup endpoint: REASON` (`HTTP 404 in 3 ms`,
/// `connect refused`, `timed out after 5.0 s`) or `startup JSON: REASON` (see `StartupSchema`).
struct StartupEndpoint: Sendable {
    let spec: StartupEndpointSpec
    let client: HTTPClient

    static let grace: Duration = .milliseconds(250)

    /// What one poll found: a report, or why there is none.
    enum Answer: Sendable {
        case report(StartupReport)
        case problem(String)
    }

    func poll() async -> Answer {
        let timeout = spec.timeout
        return await Race.run({ await ask() }, cutOffAfter: timeout.duration + StartupEndpoint.grace, wordsWithin: .zero) {
            .problem("startup endpoint: timed out after \(timeout.oneDecimal)")
        }
    }

    private func ask() async -> Answer {
        var request = HTTPClientRequest(url: spec.url)
        request.method = .GET
        request.headers.add(name: "Accept", value: "application/json")
        for h in spec.headers { request.headers.replaceOrAdd(name: h.name, value: h.value) }
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let response = try await client.execute(request, deadline: .now() + .milliseconds(Int64(spec.timeout.milliseconds)))
            let code = Int(response.status.code)
            let body: ByteBuffer
            do {
                body = try await response.body.collect(upTo: StartupEndpointSpec.maxBodyBytes)
            } catch is NIOTooManyBytesError {
                return .problem("startup endpoint: HTTP \(code) with a body over \(ByteCount.format(StartupEndpointSpec.maxBodyBytes))")
            }
            let data = Data(body.readableBytesView)
            guard (200...299).contains(code) else {
                var reason = "startup endpoint: HTTP \(code) in \(LatencyText.format(clock.now - start))"
                if let hint = (try? JSONValue.parse(data)).flatMap(BodyStatement.init)?.text() { reason += " · \(Sanitize.line(hint, limit: 200))" }
                return .problem(reason)
            }
            do throws(StartupSchema.Failure) {
                return .report(try StartupSchema.report(from: data, mapping: spec.mapping))
            } catch {
                return .problem("startup JSON: \(error.reason)")
            }
        } catch {
            return .problem("startup endpoint: \(NetworkFailure.reason(for: error, timeout: spec.timeout, host: URL(string: spec.url)?.host))")
        }
    }
}
