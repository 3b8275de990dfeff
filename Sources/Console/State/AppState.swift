import Foundation
import Monitoring
import TUI

/// Everything the screen shows, and nothing about how it is drawn. `update` changes it;
/// `ConsoleView.render` draws it.
public struct AppState: Sendable {
    public enum Screen: Hashable, Sendable {
        case overview
        case details
        case timeline
        case runbooks
        case help
    }

    /// A short message shown in the footer until `until`.
    public struct Flash: Hashable, Sendable {
        public var text: String
        public var until: Date
    }

    public var environment: String
    /// Changed only through `update` (which keeps `statusCounts` in step).
    public internal(set) var services: [ServiceState]
    /// How many services are in each status, kept as results arrive, so that a frame does
    /// not walk the whole fleet to count.
    public private(set) var statusCounts: [CheckStatus: Int] = [:]
    /// The widest service name, in cells (measured again when the config is reloaded).
    public private(set) var widestName = 0
    /// Positions of the services with a startup source.
    private(set) var startupWatched: [Int] = []
    /// Each service's position in `services` by id, so that a result finds its service
    /// without a search through thousands.
    private var positions: [String: Int] = [:]
    public var goldenPath: GoldenPathState?
    public var rules: [ImpactRule]
    /// Raised banners, worst first; cleared ones leave.
    public var banners: [ImpactBanner] = []
    /// Banners cleared in the last day, newest first, for the report.
    public var resolved: [ImpactBanner] = []
    /// Newest last; at most `timelineLimit` kept in memory (the store keeps more).
    public var timeline: [TimelineEvent] = []
    public var runbooks: [Runbook]
    /// Every step run of this session, oldest first (at most `runLimit`).
    public var runs: [StepRun] = []
    public var runbookMenu = RunbookMenu()
    /// When set, nothing runs from this console: run keys only say so.
    public var readOnly: Bool
    /// Set on a wallboard: pages rotate, and no key but quit does anything.
    public var wall: WallState?
    /// Who acknowledges banners from this console (`$USER`).
    public var operatorName: String
    /// What the store is doing, for the footer and help (nil when there is none).
    public var store: StoreNotice?
    /// How far the timeline view is scrolled (rows from the newest).
    public var timelineScroll = 0
    /// How far the help screen is scrolled (lines from its top).
    public var helpScroll = 0
    public var selected = 0
    public var screen: Screen = .overview
    public var now: Date
    /// When this console started watching (for checks that have no result yet).
    public let startedAt: Date
    public var lastResultAt: Date?
    public var flash: Flash?
    public var redactor: SecretRedactor
    /// Where the config came from, for the help screen.
    public var source: String
    /// The config file `L` and SIGUSR1 read again; nil when the config is built in (the demo),
    /// and then there is nothing to reload.
    public var configFile: String?
    /// When the config in use was read: at start, or at the last reload that succeeded.
    public var configLoadedAt: Date
    /// Why the last reload was refused; stays on screen until a reload succeeds.
    public var configRejection: ConfigRejection?

    public static let timelineLimit = 500
    public static let runLimit = 200

    public init(config: WarroomConfig, now: Date, operatorName: String = "operator", restored: RestoredHistory? = nil, readOnly: Bool = false) {
        runbooks = config.runbooks
        self.readOnly = readOnly
        environment = config.environment
        services = config.services.map { ServiceState(config: $0, history: restored?.histories[$0.id]) }
        goldenPath = config.goldenPath.map(GoldenPathState.init(spec:))
        rules = config.impact
        self.operatorName = operatorName
        if let restored {
            timeline = Array(restored.timeline.suffix(AppState.timelineLimit))
            goldenPath?.restore(from: restored.timeline)
            banners = restored.banners.compactMap { record in
                guard record.isActive, let rule = config.impact.first(where: { $0.id == record.ruleID }),
                      now.timeIntervalSince(record.lastHeldAt) <= max(rule.clearAfter.value, AppState.resumeWindow) else { return nil }
                var banner = ImpactBanner(rule: rule, record: record, values: [:], holding: false)
                banner.restored = true
                return banner
            }.sorted(by: AppState.bannerOrder)
            resolved = restored.banners.compactMap { record in
                guard let cleared = record.clearedAt, now.timeIntervalSince(cleared) <= AppState.resolvedWindow,
                      let rule = config.impact.first(where: { $0.id == record.ruleID }) else { return nil }
                return ImpactBanner(rule: rule, record: record, values: [:], holding: false)
            }.sorted { $0.record.clearedAt! > $1.record.clearedAt! }
        }
        self.now = now
        startedAt = now
        redactor = config.redactor
        source = config.source
        configLoadedAt = now
        reindex()
    }

    /// Counts, widths and positions derived from `services`, worked out again after the list
    /// itself changes (at start and on a reload).
    mutating func reindex() {
        statusCounts = [:]
        for s in services { statusCounts[s.status, default: 0] += 1 }
        widestName = services.map(\.nameWidth).max() ?? 0
        startupWatched = services.indices.filter { services[$0].config.startup != nil }
        positions = [:]
        for (i, s) in services.enumerated() where positions[s.id] == nil { positions[s.id] = i }
    }

    /// A banner whose condition was seen holding this recently before a restart is resumed
    /// with its original start; older ones are not (nobody watched in between).
    public static let resumeWindow: TimeInterval = 15 * 60

    /// How long a cleared banner stays in the report's "resolved" list.
    public static let resolvedWindow: TimeInterval = 24 * 3600

    /// Worst first, then oldest first.
    static func bannerOrder(_ a: ImpactBanner, _ b: ImpactBanner) -> Bool {
        if a.rule.severity != b.rule.severity { return a.rule.severity < b.rule.severity }
        return a.record.raisedAt < b.record.raisedAt
    }

    public var selectedService: ServiceState? {
        services.indices.contains(selected) ? services[selected] : nil
    }

    /// The worst status across services and the golden path (a failing path is `fail`).
    public var overall: CheckStatus {
        var statuses = statusCounts.filter { $0.value > 0 }.map(\.key)
        if let passing = goldenPath?.passing { statuses.append(passing ? .ok : .fail) }
        return CheckStatus.worst(statuses)
    }

    /// The service whose startup the overview shows: the selected one if it has a startup
    /// source, else the first whose startup is failing, else the first with a source.
    public var startupFocus: ServiceState? {
        if let s = selectedService, s.config.startup != nil { return s }
        let failing = startupWatched.first { services[$0].lastFailure != nil || services[$0].startup?.problem != nil }
        return (failing ?? startupWatched.first).map { services[$0] }
    }

    public func count(_ status: CheckStatus) -> Int { statusCounts[status] ?? 0 }

    /// Where the service with `id` is in `services` (the first, should ids repeat): found
    /// through `positions`, or by a search should `services` ever be reordered.
    func position(of id: String) -> Int? {
        if let i = positions[id], services.indices.contains(i), services[i].id == id { return i }
        return services.firstIndex { $0.id == id }
    }

    /// Failing first, then degraded, waiting and ok; config order within each.
    public var servicesWorstFirst: [ServiceState] {
        services.enumerated().sorted { a, b in
            a.element.status.severity != b.element.status.severity
                ? a.element.status.severity > b.element.status.severity : a.offset < b.offset
        }.map(\.element)
    }

    /// Keeps `statusCounts` in step when a service's status changes.
    mutating func statusChanged(from old: CheckStatus, to new: CheckStatus) {
        guard old != new else { return }
        statusCounts[old, default: 0] -= 1
        statusCounts[new, default: 0] += 1
    }
}

extension AppState {
    /// Runbooks for the menu: those that remedy something failing right now first, each with
    /// what it remedies ("backend-staging failing", "P0 Chat offline"); then the rest, in
    /// config order.
    public var orderedRunbooks: [(runbook: Runbook, because: [String])] {
        let failingServices = services.filter { $0.status == .fail || $0.status == .warn }
        let failingPhases = Set(services.compactMap { $0.lastFailure?.phase.name.uppercased() })
        let failingSteps = Set(goldenPath?.lastRun.map { run in run.steps.filter { $0.status == .fail }.map(\.id) } ?? [])
        let up = Set(banners.map(\.rule.id))
        let linked = runbooks.map { book -> (Runbook, [String]) in
            var because: [String] = []
            let r = book.remedies
            for s in failingServices where r.services.contains(s.id) { because.append("\(s.name) \(s.status == .fail ? "failing" : "degraded")") }
            for p in r.phases where failingPhases.contains(p.uppercased()) { because.append("phase \(p) failed") }
            for step in r.goldenPathSteps where failingSteps.contains(step) {
                because.append("golden path: \(goldenPath?.spec.steps.first { $0.id == step }?.name ?? step) failing")
            }
            for b in banners where r.banners.contains(b.rule.id) && up.contains(b.rule.id) { because.append("\(b.rule.severity.rawValue) \(b.rule.title)") }
            return (book, because)
        }
        return linked.filter { !$0.1.isEmpty } + linked.filter { $0.1.isEmpty }
    }

    /// The runbook whose steps are open.
    public var openRunbook: Runbook? {
        runbookMenu.openRunbook.flatMap { id in runbooks.first { $0.id == id } }
    }

    /// The newest run of a step.
    public func lastRun(_ runbookID: String, _ stepID: String) -> StepRun? {
        runs.last { $0.runbookID == runbookID && $0.stepID == stepID }
    }

    /// Runs this console started that are still going (a step a killed console left running
    /// is not this console's to stop when it quits).
    public var runningCount: Int { runs.filter { $0.isRunning && $0.orphan == nil }.count }
}
