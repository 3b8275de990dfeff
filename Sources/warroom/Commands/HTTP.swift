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
                if attempt > 1 { print("after \(attempt) attempts") }
                print(report)
                if code != 0 { throw ExitCode(code) }
                return
            }
            Thread.sleep(forTimeInterval: 1)
        }
    }

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
            data = try await response.body.collect(upTo: 1 << 20)
        } catch {
            return (2, "\(method.uppercased()) \(url): no answer: \(SafeText.sanitize(String(describing: error)))")
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
