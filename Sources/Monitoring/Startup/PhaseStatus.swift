/// Where one startup phase stands, in the words of the Warroom startup schema.
public enum PhaseStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case pending
    case running
    case ok
    case failed
    case timeout
    case skipped

    /// The phase is over, well or badly.
    public var isFinished: Bool {
        switch self {
        case .ok, .failed, .timeout: return true
        case .pending, .running, .skipped: return false
        }
    }

    /// The phase ended the startup: it failed or ran out of time.
    public var isFailure: Bool { self == .failed || self == .timeout }

    /// The values, as error messages list them: `pending, running, ok, failed, timeout, skipped`.
    static var spelled: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Our value for `text`, case-insensitive.
    init?(matching text: String) {
        self.init(rawValue: text.lowercased())
    }
}
