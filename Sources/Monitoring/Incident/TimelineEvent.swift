import Foundation

/// One thing that happened during an incident, with a sentence an operator can read aloud:
/// "backend-staging went down: HTTP 503 in 12 ms".
public struct TimelineEvent: Hashable, Sendable, Codable, Identifiable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case serviceDown = "service_down"
        case serviceDegraded = "service_degraded"
        case serviceRecovered = "service_recovered"
        case startupFailed = "startup_failed"
        case startupCompleted = "startup_completed"
        case goldenPathBroken = "golden_path_broken"
        case goldenPathRecovered = "golden_path_recovered"
        case bannerRaised = "banner_raised"
        case bannerAcknowledged = "banner_acknowledged"
        case bannerCleared = "banner_cleared"
        case runbookStarted = "runbook_started"
        case runbookFinished = "runbook_finished"
        /// The config file was read again and is now in use.
        case configReloaded = "config_reloaded"
        /// The config file was read again and refused; the one before stays in use.
        case configRejected = "config_rejected"
        case note
    }

    /// Unique within a store; assigned when the event is made.
    public var id: UUID
    public var at: Date
    public var kind: Kind
    /// What it is about: a service id, a banner rule id, a runbook step.
    public var subject: String
    public var sentence: String

    public init(id: UUID = UUID(), at: Date, kind: Kind, subject: String, sentence: String) {
        self.id = id
        self.at = at
        self.kind = kind
        self.subject = subject
        self.sentence = sentence
    }

    /// Whether the event is bad news (drawn in the failure colour).
    public var isBad: Bool {
        switch kind {
        case .serviceDown, .startupFailed, .goldenPathBroken, .bannerRaised: return true
        default: return false
        }
    }
}
