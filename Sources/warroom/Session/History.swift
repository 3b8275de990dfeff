import ArgumentParser
import Console
import Foundation
import Monitoring
import Store

/// `--store PATH|URL`: where the history is kept (else `WARROOM_STORE`, else the config's
/// `store`, else the XDG state directory).
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The history: a file (SQLite), or postgres://user@host:5432/database shared by a team. Default: $WARROOM_STORE, else the config's store, else $XDG_STATE_HOME/warroom/<environment>.sqlite.", valueName: "path|url"))
    var store: String?

    /// Where the store lives for `config`; a bad URL is a usage error naming where it came from.
    func choice(for config: WarroomConfig) throws -> StoreChoice {
        do {
            return try StoreChoice.choose(option: store, config: config)
        } catch {
            throw ValidationError(error.description)
        }
    }

    static func path(explicit: String?, environment: String) -> String {
        let env = ProcessInfo.processInfo.environment
        return StoreLocation.path(explicit: explicit, environmentName: environment, variables: env, home: env["HOME"] ?? NSHomeDirectory())
    }
}

/// The console's history for one run: the store it writes, what it restored, and the notice
/// the footer shows.
///
/// Contract: opening never fails — an unusable file means memory only, with a notice that says
/// why; every write returns at once (the writer flushes in the background); `close()` flushes.
final class History: Sendable {
    let writer: StoreWriter
    /// The store file, or for a shared store the local file its audit log and folders sit beside.
    let path: String

    /// `readOnly`: read what the store holds and never write it (one-shot commands).
    init(_ choice: StoreChoice, readOnly: Bool = false, onStatus: @escaping @Sendable (StoreStatus) -> Void = { _ in }) {
        path = choice.path
        switch choice.kind {
        case .file:
            writer = readOnly ? StoreOpener.reader(path: choice.path) : StoreOpener.open(path: choice.path, onStatus: onStatus)
        case .shared(let url):
            writer = readOnly ? StoreOpener.reader(url: url, environment: choice.environment)
                : StoreOpener.open(url: url, environment: choice.environment, onStatus: onStatus)
        }
    }

    var notice: StoreNotice { History.notice(writer.status) }

    static func notice(_ status: StoreStatus) -> StoreNotice {
        StoreNotice(status.sentence, isProblem: status.mode != .file)
    }

    /// What the store remembers for `config`'s checks.
    func restore(_ config: WarroomConfig, now: Date) -> RestoredHistory {
        let r = writer.restore(checkIDs: config.services.map(\.id), now: now, timelineLimit: AppState.timelineLimit)
        return RestoredHistory(histories: r.histories, timeline: r.timeline, banners: r.banners)
    }

    func record(_ result: CheckResult) { writer.record([result]) }
    func append(_ events: [TimelineEvent]) { writer.append(events) }
    func save(_ banner: BannerRecord) { writer.save(banner) }
    func close() { writer.close() }

    /// The runbook audit log: `<store name>.audit.jsonl` beside the store.
    var auditPath: String { History.auditPath(forStore: path) }

    static func auditPath(forStore path: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().path + ".audit.jsonl"
    }

    /// Where step output files go: a `runs` folder next to the store.
    var runsDirectory: String {
        URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("runs", isDirectory: true).path
    }

    /// Where `R` writes reports: a `reports` folder next to the store.
    var reportsDirectory: URL {
        URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("reports", isDirectory: true)
    }
}

/// Writes an incident report file and says where it went.
enum ReportFile {
    /// Writes `markdown` to `directory/<environment>-<UTC stamp>.md`; returns the path, or
    /// throws with the reason.
    static func write(_ markdown: String, environment: String, now: Date, directory: URL) throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd-HHmmss"
        let slug = StoreLocation.slug(environment)
        let file = directory.appendingPathComponent("\(slug)-\(f.string(from: now)).md")
        try markdown.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }
}
