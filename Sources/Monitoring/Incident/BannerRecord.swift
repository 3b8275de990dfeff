import Foundation

/// The lasting state of one impact banner, kept in the store so that an outage that began
/// before a restart keeps its original start time.
public struct BannerRecord: Hashable, Sendable, Codable {
    /// The impact rule's id.
    public var ruleID: String
    /// When the rule's condition first held (the outage's start as far as this banner goes).
    public var raisedAt: Date
    /// The last time the condition was seen holding.
    public var lastHeldAt: Date
    /// Set once the condition has stopped holding for the rule's `clear_after`.
    public var clearedAt: Date?
    public var acknowledgedBy: String?
    public var acknowledgedAt: Date?

    public init(ruleID: String, raisedAt: Date, lastHeldAt: Date, clearedAt: Date? = nil, acknowledgedBy: String? = nil, acknowledgedAt: Date? = nil) {
        self.ruleID = ruleID
        self.raisedAt = raisedAt
        self.lastHeldAt = lastHeldAt
        self.clearedAt = clearedAt
        self.acknowledgedBy = acknowledgedBy
        self.acknowledgedAt = acknowledgedAt
    }

    public var isActive: Bool { clearedAt == nil }
}
