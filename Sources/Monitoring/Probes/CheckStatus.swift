/// How a check came out. `unknown` means no answer yet (or the probe could not decide).
public enum CheckStatus: String, Hashable, Sendable, CaseIterable, Codable {
    case ok, warn, fail, unknown

    /// Order of concern for an overall state: fail, then warn, then unknown, then ok.
    public var severity: Int {
        switch self {
        case .ok: return 0
        case .unknown: return 1
        case .warn: return 2
        case .fail: return 3
        }
    }

    /// The worst of several statuses; `ok` when there are none.
    public static func worst(_ statuses: some Sequence<CheckStatus>) -> CheckStatus {
        statuses.max { $0.severity < $1.severity } ?? .ok
    }
}
