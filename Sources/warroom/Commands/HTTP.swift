import ArgumentParser
import AsyncHTTPClient
import Foundation
import Monitoring
import NIOCore
import NIOHTTP1
import SafeText

/// `warroom http`: one HTTP request with expectations, for runbook steps that must not need
/// curl or jq. Prints the status, the body, and one line per expectation:
/// `OK initialization_s = 75.0` or `REGRESSION initialization_s: live 20.0, known-good 75.0`.
struct HTTP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http",
        abstract: "Send one HTTP request and check the answer (for runbook steps).",
        discussion: "Exit status: 0 every expectation holds, 1 one does not, 2 no answer (refused, timed out)."
    )

    @Argument(help: "The method: GET, POST, PUT, DELETE.")
    var method: String

    @Argument(help: "The URL.")
    var url: String

    @Option(help: "A request body (sent as JSON).")
    var body: String?

    @Option(name: .customLong("expect-status"), help: "The status the answer must have.")
    var expectStatus: Int?

    @Option(name: .customLong("expect-json"), help: "PATH=VALUE that the JSON body must hold (repeatable), e.g. initialization_s=75.0.")
    var expectJSON: [String] = []

    @Option(name: .customLong("wait-for"), help: "Retry until the expectations hold or this many seconds pass (e.g. 60).")
    var waitFor: Double = 0

    @Option(help: "Seconds to wait for one answer.")
    var timeout: Double = 10

    func validate() throws {
        if let problem = EndpointURL.problem(url, schemes: ["http", "https"]) { throw ValidationError("URL: \(problem)") }
        guard !method.isEmpty, method.unicodeScalars.allSatisfy(HTTPCheckSpec.Header.isTokenCharacter) else {
            throw ValidationError("the method must be a word such as GET or POST, found '\(SafeText.sanitize(method))'")
        }
        guard timeout.isFinite, timeout > 0, timeout <= 600 else { throw ValidationError("--timeout must be above 0 and at most 600 seconds") }
        guard waitFor.isFinite, waitFor >= 0, waitFor <= 86_400 else { throw ValidationError("--wait-for must be 0 to 86400 seconds") }
        if let expectStatus, !(100...599).contains(expectStatus) { throw ValidationError("--expect-status must be an HTTP status, 100-599") }
        for e in expectJSON where e.split(separator: "=", maxSplits: 1).count != 2 || JSONPath(String(e.split(separator: "=")[0])) == nil {
            throw ValidationError("--expect-json needs PATH=VALUE, found '\(e)'")
        }
    }

    func run() throws {
        let deadline = Date().addingTimeInterval(waitFor)
        var attempt = 0
        while true {
            attempt += 1
            let (code, report) = try Blocking.run { await once() }
            if code == 0 || Date() >= deadline {
                if attempt > 1 { Output.line("after \(attempt) attempts") }
                Output.line(report)
                if code != 0 { throw ExitCode(code) }
                return
            }
            Thread.sleep(forTimeInterval: 1)
        }
    }

    /// The most of a body that is read.
    static let bodyLimit = 1 << 20

    /// One request: the exit status and what to print.
    func once() async -> (Int32, String) {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method.uppercased())
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response: HTTPClientResponse
        let data: ByteBuffer
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
        } catch {
            return (2, "\(method.uppercased()) \(url): no answer: \(NetworkFailure.reason(for: error, timeout: Seconds(timeout), host: URLComponents(string: url)?.host))")
        }
        do {
            data = try await response.body.collect(upTo: HTTP.bodyLimit)
        } catch is NIOTooManyBytesError {
            return (2, "\(method.uppercased()) \(url) → HTTP \(response.status.code) with a body over \(ByteCount.format(HTTP.bodyLimit)): not read")
        } catch {
            return (2, "\(method.uppercased()) \(url) → HTTP \(response.status.code) but reading the body failed: \(NetworkFailure.reason(for: error, timeout: Seconds(timeout)))")
        }
        let text = String(buffer: data)
        var lines = ["\(method.uppercased()) \(url) → HTTP \(response.status.code)", SafeText.sanitize(text, keepNewlines: true)]
        var ok = true
        if let expectStatus {
            let holds = Int(response.status.code) == expectStatus
            ok = ok && holds
            lines.append(holds ? "OK status \(expectStatus)" : "FAILED status: live \(response.status.code), expected \(expectStatus)")
        }
        if !expectJSON.isEmpty {
            let json = try? JSONValue.parse(text)
            for e in expectJSON {
                let parts = e.split(separator: "=", maxSplits: 1).map(String.init)
                let path = JSONPath(parts[0])!
                let expected = (try? JSONValue.parse(parts[1])) ?? .string(parts[1])
                guard let live = json?.value(at: path) else {
                    ok = false
                    lines.append("REGRESSION \(parts[0]): missing, known-good \(parts[1])")
                    continue
                }
                let shown = Self.shown(live, like: parts[1])
                if live.matches(expected) {
                    lines.append("OK \(parts[0]) = \(shown)")
                } else {
                    ok = false
                    lines.append("REGRESSION \(parts[0]): live \(shown), known-good \(parts[1])")
                }
            }
        }
        return (ok ? 0 : 1, lines.joined(separator: "\n"))
    }

    /// A live number written with as many decimals as the expected value (`20.0` next to `75.0`).
    static func shown(_ value: JSONValue, like expected: String) -> String {
        guard case .number(let n) = value, let dot = expected.firstIndex(of: ".") else { return value.description }
        return String(format: "%.\(expected[expected.index(after: dot)...].count)f", n)
    }
}
