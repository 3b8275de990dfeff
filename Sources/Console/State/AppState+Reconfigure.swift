import Foundation
import Monitoring
import SafeText

/// Taking in a config read again while the console runs (`L`, SIGUSR1).
///
/// Contract: pure. A good config replaces everything the config decides — services, golden
/// path, impact rules, runbooks, the environment's name, the secrets to redact — and keeps
/// what the console has seen: a service whose `id` is still there keeps its status, history
/// and time in state under its new settings; a new one waits for its first check; a removed
/// one leaves. A banner whose rule `id` is still there keeps its start and acknowledgement;
/// one whose rule is gone is withdrawn (recorded as cleared). The golden path keeps its last
/// walk while its steps are the same. Runs go on; an open run prompt is closed, because the
/// step it asks about may have changed. The selection stays on the same service when it is
/// still there. A bad config changes nothing but the notice that says why, which stays until
/// a reload succeeds. Both are timeline events.
extension AppState {
    mutating func reconfigure(with config: WarroomConfig) -> [Effect] {
        let selectedID = selectedService?.id
        let before = services
        let kept = Dictionary(before.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let ids = Set(config.services.map(\.id))
        services = config.services.map { service in
            guard var state = kept[service.id] else { return ServiceState(config: service) }
            state.adopt(service)
            return state
        }
        reindex()
        let added = services.filter { kept[$0.id] == nil }
        let removed = before.filter { !ids.contains($0.id) }
        selected = selectedID.flatMap { id in services.firstIndex { $0.id == id } } ?? max(0, min(selected, services.count - 1))

        environment = config.environment
        redactor = config.redactor
        source = config.source
        runbooks = config.runbooks
        if var path = goldenPath, let spec = config.goldenPath, path.spec.steps.map(\.id) == spec.steps.map(\.id) {
            path.spec = spec
            path.walking = false
            goldenPath = path
        } else {
            goldenPath = config.goldenPath.map(GoldenPathState.init(spec:))
        }

        rules = config.impact
        var effects: [Effect] = []
        var events: [TimelineEvent] = []
        let newRules = Dictionary(config.impact.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var staying: [ImpactBanner] = []
        for var banner in banners {
            if let rule = newRules[banner.rule.id] {
                banner.rule = rule
                staying.append(banner)
                continue
            }
            banner.record.clearedAt = now
            effects.append(.persistBanner(banner.record))
            events.append(TimelineEvent(at: now, kind: .bannerCleared, subject: banner.rule.id,
                                        sentence: "\(banner.rule.severity.rawValue) · \(banner.rule.title) withdrawn: its rule is no longer in the config"))
        }
        banners = staying.sorted(by: AppState.bannerOrder)

        let closedPrompt = reopenRunbookMenu()
        if let wall, case .details(let id) = wall.page, !ids.contains(id) {
            self.wall?.page = .overview
            self.wall?.pageSince = now
        }
        configLoadedAt = now
        configRejection = nil

        let counts = "\(services.count) \(services.count == 1 ? "service" : "services") (+\(added.count) −\(removed.count))"
        var sentence = "Config reloaded from \(SafeText.sanitize(source)): \(counts)"
        if !added.isEmpty { sentence += " · added " + added.map { SafeText.sanitize($0.name) }.joined(separator: ", ") }
        if !removed.isEmpty { sentence += " · removed " + removed.map { SafeText.sanitize($0.name) }.joined(separator: ", ") }
        events.insert(TimelineEvent(at: now, kind: .configReloaded, subject: "config", sentence: sentence), at: 0)
        Transitions.append(events, to: &self)
        flash = Flash(text: "config reloaded: \(counts)" + (closedPrompt ? " · run prompt closed: ask again" : ""),
                      until: now.addingTimeInterval(6))
        return [.persistEvents(events)] + effects
    }

    mutating func refuse(_ errors: ConfigErrors) -> [Effect] {
        let rejection = ConfigRejection(errors, redactor: redactor)
        configRejection = rejection
        let event = TimelineEvent(at: now, kind: .configRejected, subject: "config",
                                  sentence: "Config not reloaded: \(rejection.problem); still watching with the config loaded at \(Formatting.clock(configLoadedAt)) UTC")
        Transitions.append([event], to: &self)
        return [.persistEvents([event])]
    }

    /// Keeps the runbook menu pointing at things that exist; returns true when a prompt about
    /// a step was closed (quitting with runs going keeps its prompt).
    private mutating func reopenRunbookMenu() -> Bool {
        var closed = false
        if let prompt = runbookMenu.prompt {
            if case .quitWhileRunning = prompt {} else {
                runbookMenu.prompt = nil
                closed = true
            }
        }
        runbookMenu.chain = []
        runbookMenu.chainPausedAt = nil
        if let open = runbookMenu.openRunbook {
            if let book = runbooks.first(where: { $0.id == open }) {
                runbookMenu.selectedStep = min(runbookMenu.selectedStep, max(0, book.steps.count - 1))
            } else {
                runbookMenu.openRunbook = nil
                runbookMenu.selectedStep = 0
                runbookMenu.outputScroll = 0
            }
        }
        runbookMenu.selectedRunbook = min(runbookMenu.selectedRunbook, max(0, runbooks.count - 1))
        if screen == .runbooks && runbooks.isEmpty { screen = .overview }
        return closed
    }
}
