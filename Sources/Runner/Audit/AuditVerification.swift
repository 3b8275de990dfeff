/// What `AuditLog.verify` found.
public enum AuditVerification: Hashable, Sendable, CustomStringConvertible {
    /// Every record is as written, and each follows the one before it.
    case intact(records: Int)
    /// The first line that was changed, lost a record before it, or is not a record.
    case broken(line: Int, reason: String)

    /// `12 records, chain intact` or the reason (`line 3 was edited: its hash does not match`).
    public var description: String {
        switch self {
        case .intact(let n): return "\(n) record\(n == 1 ? "" : "s"), chain intact"
        case .broken(_, let reason): return reason
        }
    }
}
