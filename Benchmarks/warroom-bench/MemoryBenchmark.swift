import Console
import Foundation
import Monitoring
import Store

/// Memory after a simulated day: `services` services fed `DayOfResults` through
/// `Update.update`, every result also recorded by a `StoreWriter` over a fresh SQLite file
/// with the default retention (flushed after each simulated minute, as its own thread would
/// keep up with in real time). Prints the resident memory before and after, the peak, what
/// the state holds, and what the feed cost.
func memoryBenchmark(services: Int) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-memory-bench-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("day.sqlite").path
    let start = ProcessGauge.now()
    let config = Fleet.config(count: services)
    let writer = StoreOpener.open(path: path)
    let now = Date()
    let snapshot = writer.restore(checkIDs: config.services.map(\.id), now: now, timelineLimit: AppState.timelineLimit)
    var state = AppState(config: config, now: now, restored: RestoredHistory(histories: snapshot.histories, timeline: snapshot.timeline, banners: snapshot.banners))
    let empty = ProcessGauge.now()

    let clock = ContinuousClock()
    var storeTime = Duration.zero
    let t0 = clock.now
    let fed = DayOfResults.feed(into: &state, end: now, record: { writer.record($0) }, minuteDone: {
        let f0 = clock.now
        writer.flush()
        storeTime += clock.now - f0
    })
    let total = clock.now - t0
    let day = ProcessGauge.now()
    writer.close()
    let file = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber

    let minutes = state.services.reduce(0) { $0 + $1.history.minutes.count }
    let samples = state.services.reduce(0) { $0 + $1.history.samples.count }
    let updateSeconds = (total - storeTime).seconds
    print("memory  \(services) services, a simulated day through Update.update and a StoreWriter (SQLite, default retention): \(fed) results, "
          + "one per check per simulated minute for 1,438 minutes, then one per check per second for the last 120 s")
    print(String(format: "memory  RSS %.1f MB at start, %.1f MB with the %d services and an empty history, %.1f MB after the day (peak %.1f MB)",
                 megabytes(start.residentBytes), megabytes(empty.residentBytes), services, megabytes(day.residentBytes), megabytes(day.peakResidentBytes)))
    print(String(format: "memory  the state holds %d minute counts (%.0f per service), %d samples, %d timeline events; store file %.1f MB",
                 minutes, Double(minutes) / Double(services), samples, state.timeline.count, Double(file?.intValue ?? 0) / 1_000_000))
    print(String(format: "memory  feed took %.1f s: Update.update %.1f s (%.2f µs per result), store %.1f s",
                 total.seconds, updateSeconds, updateSeconds / Double(fed) * 1e6, storeTime.seconds))
}
