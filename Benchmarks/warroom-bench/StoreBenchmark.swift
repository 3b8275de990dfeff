import Foundation
import Monitoring
import Store

/// The store benchmark: `SQLiteStore` with 1,000 services polled every second.
///
/// (a) Write throughput: one batch of 1,000 results per simulated second through
///     `SQLiteStore.record`, timed batch by batch once the sample rings are full.
/// (b) File size after a simulated day at that rate, with the default retention. Time is
///     compressed: each of the first 1,438 minutes is written as the per-minute rows that
///     minute leaves (60 results' counts per service, upserted by the store's own statement),
///     then the last 120 seconds go through `record` result by result, which leaves the
///     sample ring, the per-check state and the last two minutes exactly as a real run would.
///     Nothing in a day is old enough for the default retention to prune.
func runStoreBenchmark() throws {
    let services = 1000
    let seconds = 120
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-store-bench-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let start = Date(timeIntervalSince1970: 1_795_625_220)
    let clock = ContinuousClock()

    // (a) Throughput. The first 120 s fill each service's sample ring; from then on every
    // result also evicts its service's oldest sample, as in a long run: that steady state
    // is what is reported.
    let path = folder.appendingPathComponent("throughput.sqlite").path
    let store = try SQLiteStore(path: path)
    let warmUp = ServiceHistory.sampleLimit
    var times: [Double] = []
    var written: Int?
    for second in 0..<(warmUp + seconds) {
        if second == warmUp { written = StoreBench.bytesWritten() }
        let batch = (0..<services).map { StoreBench.result($0, second: second, start: start) }
        let t0 = clock.now
        try store.record(batch)
        if second >= warmUp { times.append(StoreBench.milliseconds(clock.now - t0)) }
    }
    let writtenBytes = StoreBench.bytesWritten().flatMap { end in written.map { end - $0 } }
    let total = times.reduce(0, +)
    let sorted = times.sorted()
    let p99 = sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
    let perSecond = Double(services * seconds) / (total / 1000)
    let keepsUp = p99 < 1000 && perSecond >= Double(services)
    print(String(format: "store   write: %d services × 1 result/s through SQLiteStore.record, one transaction per 1,000-result batch; "
                 + "%d simulated s measured after %d s that fill the sample rings", services, seconds, warmUp))
    print(String(format: "store   write: %.0f results/s sustained; batch mean %.2f ms, p50 %.2f ms, p99 %.2f ms, max %.2f ms; keeps up with %d/s: %@",
                 perSecond, total / Double(times.count), sorted[sorted.count / 2], p99, sorted.last!, services, keepsUp ? "yes" : "NO"))
    if let writtenBytes {
        print(String(format: "store   write: %.2f MB handed to write(2) per simulated second (WAL frames and checkpoints)",
                     Double(writtenBytes) / Double(seconds) / 1_000_000))
    }
    store.close()
    // Four minutes in: the rings, states and a few minutes, with no day of rollups yet.
    let baseBytes = StoreBench.size(path)

    // (b) Size after a simulated day.
    let dayPath = folder.appendingPathComponent("day.sqlite").path
    let day = try SQLiteStore(path: dayPath)
    let minutes = 1440
    let realSeconds = 120
    let firstMinute = Int64(start.timeIntervalSince1970 / 60)
    let t0 = clock.now
    for m in 0..<(minutes - realSeconds / 60) {
        var counts: [ResultBatch.MinuteKey: ResultBatch.Counts] = [:]
        for i in 0..<services {
            counts[ResultBatch.MinuteKey(checkID: "svc-\(i)", minute: firstMinute + Int64(m))] = StoreBench.minuteCounts(i, minute: m)
        }
        try day.record(batch: ResultBatch(minuteCounts: counts))
    }
    let lastSecond = (minutes - realSeconds / 60) * 60
    for second in lastSecond..<(lastSecond + realSeconds) {
        try day.record((0..<services).map { StoreBench.result($0, second: second, start: start) })
    }
    let buildTime = StoreBench.milliseconds(clock.now - t0) / 1000
    try day.checkpoint()
    let fileBytes = StoreBench.size(dayPath)
    let walBytes = StoreBench.size(dayPath + "-wal")
    let now = start.addingTimeInterval(Double(minutes * 60))
    let r0 = clock.now
    let restored = try day.history(for: (0..<services).map { "svc-\($0)" }, now: now)
    let restoreTime = StoreBench.milliseconds(clock.now - r0)
    let p0 = clock.now
    try day.prune(now: now)
    let pruneTime = StoreBench.milliseconds(clock.now - p0)
    let minuteRows = restored.values.reduce(0) { $0 + $1.minutes.count }
    let sampleRows = restored.values.reduce(0) { $0 + $1.samples.count }
    day.close()
    let mb = Double(fileBytes + walBytes) / 1_000_000
    print("store   size: simulated 24 h of \(services) services at 1 result/s, default retention (rollups 7 d, timeline 90 d); built in "
          + String(format: "%.1f s", buildTime))
    print("store   size: method: 1,438 minutes written as their per-minute rows (60 results' counts per service), then the last 120 s "
          + "recorded result by result (sample ring, state, last minutes): the same rows a real day leaves")
    print(String(format: "store   size: %d minute rows, %d samples, %d checks: file %.1f MB + WAL %d B after checkpoint = %.1f KB per service",
                 minuteRows, sampleRows, restored.count, Double(fileBytes) / 1_000_000, walBytes, Double(fileBytes + walBytes) / Double(services) / 1000))
    let perDay = Double(fileBytes + walBytes - baseBytes)
    print(String(format: "store   size: %.1f MB total, of which a day of minute rows ≈ %.1f MB; at the full 7-day retention ≈ %.0f MB "
                 + "(extrapolated: the %.1f MB of rings and states after 4 minutes, plus 7 days of minute rows)",
                 mb, perDay / 1_000_000, (Double(baseBytes) + 7 * perDay) / 1_000_000, Double(baseBytes) / 1_000_000))
    print(String(format: "store   read: history of %d services with a day of minutes: %.0f ms; prune on it: %.1f ms", services, restoreTime, pruneTime))
}

/// The benchmark's fleet: service i fails when i % 17 == 3, flaps every 30 s when
/// i % 50 == 0, and is ok otherwise; latencies vary.
private enum StoreBench {
    static func status(_ i: Int, second: Int) -> CheckStatus {
        if i % 17 == 3 { return .fail }
        if i % 50 == 0 { return (second / 30) % 2 == 0 ? .ok : .warn }
        return .ok
    }

    static func result(_ i: Int, second: Int, start: Date) -> CheckResult {
        let ms = Int64(5 + (i * 31 + second * 7) % 90)
        let status = status(i, second: second)
        let outcome = status == .fail
            ? ProbeOutcome(status: .fail, latency: .milliseconds(ms), code: 503, reason: "HTTP 503 in \(ms) ms")
            : ProbeOutcome(status: status, latency: .milliseconds(ms), code: 200, reason: "HTTP 200 in \(ms) ms")
        let t = start.addingTimeInterval(Double(second))
        return CheckResult(checkID: "svc-\(i)", outcome: outcome, startedAt: t, finishedAt: t)
    }

    /// What one minute of `result` adds up to for service i.
    static func minuteCounts(_ i: Int, minute: Int) -> ResultBatch.Counts {
        var c = ResultBatch.Counts()
        for s in (minute * 60)..<(minute * 60 + 60) {
            switch status(i, second: s) {
            case .ok: c.ok += 1
            case .warn: c.warn += 1
            case .fail: c.fail += 1
            case .unknown: break
            }
        }
        return c
    }

    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// Bytes this process has passed to write(2) and friends, where the system tells.
    static func bytesWritten() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/io", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("wchar:") {
            return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}
