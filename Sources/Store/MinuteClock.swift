import Foundation

/// Minutes as the stores count them: whole minutes since 1970, UTC.
enum MinuteClock {
    /// The minute `date` falls in.
    static func index(of date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / 60).rounded(.down))
    }

    /// The start of minute `index`.
    static func start(of index: Int64) -> Date {
        Date(timeIntervalSince1970: Double(index) * 60)
    }
}
