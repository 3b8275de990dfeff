import Foundation
import Monitoring
import TUI

/// Everything the screen shows, and nothing about how it is drawn. `update` changes it;
/// `ConsoleView.render` draws it.
public struct AppState: Sendable {
    public enum Screen: Hashable, Sendable {
        case overview
        case details
        case help
    }

    /// A short message shown in the footer until `until`.
    public struct Flash: Hashable, Sendable {
        public var text: String
        public var until: Date
    }

    public var environment: String
    public var services: [ServiceState]
    public var goldenPath: GoldenPathState?
    public var selected = 0
    public var screen: Screen = .overview
    public var now: Date
    public var lastResultAt: Date?
    public var flash: Flash?
    public var redactor: SecretRedactor
    /// Where the config came from, for the help screen.
    public var source: String

    public init(config: WarroomConfig, now: Date) {
        environment = config.environment
        services = config.services.map(ServiceState.init(config:))
        goldenPath = config.goldenPath.map(GoldenPathState.init(spec:))
        self.now = now
        redactor = config.redactor
        source = config.source
    }

    public var selectedService: ServiceState? {
        services.indices.contains(selected) ? services[selected] : nil
    }

    /// The worst status across services and the golden path (a failing path is `fail`).
    public var overall: CheckStatus {
        var statuses = services.map(\.status)
        if let passing = goldenPath?.passing { statuses.append(passing ? .ok : .fail) }
        return CheckStatus.worst(statuses)
    }

    /// The service whose startup the overview shows: the selected one if it has a startup
    /// source, else the first whose startup is failing, else the first with a source.
    public var startupFocus: ServiceState? {
        if let s = selectedService, s.config.startup != nil { return s }
        let watched = services.filter { $0.config.startup != nil }
        return watched.first { $0.lastFailure != nil || $0.startup?.problem != nil } ?? watched.first
    }

    public func count(_ status: CheckStatus) -> Int { services.filter { $0.status == status }.count }
}
