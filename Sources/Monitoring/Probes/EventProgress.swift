/// How far a stream of named events has come through an expected sequence.
///
/// Contract: the expected names must appear in order; other names in between are ignored;
/// once every expected name has appeared, `isComplete` stays true. Only the most recent
/// names are kept (`recentLimit`), so a chatty socket cannot grow it without bound.
struct EventProgress: Hashable, Sendable {
    let expected: [String]
    /// How many of `expected` have appeared, in order.
    private(set) var matched = 0
    /// The names seen most recently, oldest first.
    private(set) var recent: [String] = []
    /// How many names have been seen in all.
    private(set) var seenCount = 0

    static let recentLimit = 8

    init(expected: [String]) { self.expected = expected }

    var isComplete: Bool { matched == expected.count }

    /// The next expected name, when not complete.
    var missing: String? { isComplete ? nil : expected[matched] }

    mutating func observe(_ name: String) {
        seenCount += 1
        recent.append(name)
        if recent.count > EventProgress.recentLimit { recent.removeFirst() }
        if !isComplete && name == expected[matched] { matched += 1 }
    }

    /// The names seen, for a reason: `a, b, c`, `…, f, g, h` when some were dropped, or `nothing`.
    var seenList: String {
        if recent.isEmpty { return "nothing" }
        return (seenCount > recent.count ? "…, " : "") + recent.joined(separator: ", ")
    }
}
