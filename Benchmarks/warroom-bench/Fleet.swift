import Console
import Foundation
import Monitoring

/// A console state with `count` services and a full latency history, for benchmarks.
enum Fleet {
    static let start = Date(timeIntervalSince1970: 1_795_625_236)

    static func config(count: Int) -> WarroomConfig {
        var yaml = "environment: bench\nservices:\n"
        for i in 0..<count {
            yaml += "  - id: svc-\(i)\n    name: service-\(i)-\(["api", "auth", "web", "db", "queue"][i % 5])\n"
            yaml += "    check: { type: http, url: \"http://127.0.0.1:9/svc/\(i)/health\" }\n"
        }
        return try! WarroomConfig.parse(yaml, file: "bench", environment: [:])
    }

    /// The simulator's health endpoints the scale fleet spreads its checks over.
    static let healthPaths = ["/auth/health", "/frontend/health", "/backend/health"]

    /// The URL check i of the scale fleet polls.
    static func url(_ i: Int, baseURL: String) -> String { baseURL + healthPaths[i % healthPaths.count] }

    /// `count` HTTP checks against the simulator at `baseURL`, every `interval`, timeout 5 s.
    static func httpConfig(baseURL: String, count: Int, interval: Seconds) -> WarroomConfig {
        var yaml = "environment: scale-bench\ndefaults: { interval: \(interval), timeout: 5s }\nservices:\n"
        for i in 0..<count {
            yaml += "  - { id: svc-\(i), name: service-\(i), check: { type: http, url: \"\(url(i, baseURL: baseURL))\" } }\n"
        }
        return try! WarroomConfig.parse(yaml, file: "scale-bench", environment: [:])
    }

    static func result(_ i: Int, round: Int) -> CheckResult {
        let failing = i % 17 == 3
        let ms = Double(5 + (i * 31 + round * 7) % 90)
        let outcome = failing
            ? ProbeOutcome(status: .fail, latency: .milliseconds(Int64(ms)), code: 503, reason: "HTTP 503 in \(Int(ms)) ms · upstream unavailable")
            : ProbeOutcome(status: .ok, latency: .milliseconds(Int64(ms)), code: 200, reason: "HTTP 200 in \(Int(ms)) ms")
        let t = start.addingTimeInterval(Double(round * 5))
        return CheckResult(checkID: "svc-\(i)", outcome: outcome, startedAt: t, finishedAt: t)
    }

    static func state(count: Int, rounds: Int = ServiceState.sampleLimit) -> AppState {
        var state = AppState(config: config(count: count), now: start)
        for round in 0..<rounds {
            for i in 0..<count { _ = Update.update(&state, .monitor(.check(result(i, round: round)))) }
        }
        _ = Update.update(&state, .tick(start.addingTimeInterval(Double(rounds * 5))))
        return state
    }
}
