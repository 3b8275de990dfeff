/// What the console says about where its history goes: "history in ~/.local/state/…",
/// or, when something is wrong, "history kept in memory only: … is not a database".
public struct StoreNotice: Hashable, Sendable {
    public var text: String
    /// True when history is not being kept as configured (read-only, memory only).
    public var isProblem: Bool

    public init(_ text: String, isProblem: Bool) {
        self.text = text
        self.isProblem = isProblem
    }
}
