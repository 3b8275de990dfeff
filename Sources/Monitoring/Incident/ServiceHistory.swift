import Foundation

/// What the store remembers of one check: recent samples for the sparkline, per-minute
/// counts for uptime, and when its status last changed.
public struct ServiceHistory: Hashable, Sendable {
    /// One stored check result, reduced to what the screen draws.
    public struct Sample: Hashable, Sendable {
        public var at: Date
        public var status: CheckStatus
        public var latencyMilliseconds: Double?
        public init(at: Date, status: CheckStatus, latencyMilliseconds: Double?) {
            self.at = at
            self.status = status
            self.latencyMilliseconds = latencyMilliseconds
        }
    }

    /// The results of one check within one minute — or, once older than `fineWindow`, within
    /// five — in 12 bytes: a console keeps 25 hours of them for every check.
    public struct Minute: Hashable, Sendable {
        /// Minutes since 1970.
        private(set) var index: Int32
        private var okCount: UInt16
        private var warnCount: UInt16
        private var failCount: UInt16
        /// How many minutes the counts cover.
        private var span: UInt16

        /// - Parameter at: the start of the minute (a time within it counts as its start).
        public init(at: Date, ok: Int, warn: Int, fail: Int) {
            self.init(index: Int32(clamping: Int((at.timeIntervalSince1970 / 60).rounded(.down))), span: 1, ok: ok, warn: warn, fail: fail)
        }

        init(index: Int32, span: UInt16, ok: Int, warn: Int, fail: Int) {
            self.index = index
            self.span = span
            okCount = UInt16(clamping: ok)
            warnCount = UInt16(clamping: warn)
            failCount = UInt16(clamping: fail)
        }

        /// The start of the minute.
        public var at: Date { Date(timeIntervalSince1970: Double(index) * 60) }
        /// The end of the minute, or of the five a coarse entry covers.
        public var end: Date { Date(timeIntervalSince1970: Double(Int(index) + Int(span)) * 60) }
        /// Counts stop at 65,535.
        public var ok: Int {
            get { Int(okCount) }
            set { okCount = UInt16(clamping: newValue) }
        }
        public var warn: Int {
            get { Int(warnCount) }
            set { warnCount = UInt16(clamping: newValue) }
        }
        public var fail: Int {
            get { Int(failCount) }
            set { failCount = UInt16(clamping: newValue) }
        }
        public var total: Int { ok + warn + fail }

        /// The five-minute entry this single minute belongs to, holding its counts.
        var coarse: Minute {
            Minute(index: Minute.fiveMinuteStart(index), span: 5, ok: ok, warn: warn, fail: fail)
        }

        var isCoarse: Bool { span > 1 }

        /// The first minute of the five that `index` falls in.
        static func fiveMinuteStart(_ index: Int32) -> Int32 { index - ((index % 5) + 5) % 5 }
    }

    public var checkID: String
    /// Newest last; at most `ServiceHistory.sampleLimit`.
    public var samples: [Sample]
    /// Oldest first, covering up to the store's rollup retention.
    public var minutes: [Minute]
    /// The status the check was last seen in, and since when.
    public var lastStatus: CheckStatus?
    public var since: Date?

    public static let sampleLimit = 120

    /// How far back a restored history reaches (enough for 24 h uptime).
    public static let restoreWindow: TimeInterval = 25 * 3600

    /// Minutes newer than this keep one entry each; older ones are counted in fives, so that
    /// 25 hours take about 360 entries instead of 1,500. Availability over windows up to an
    /// hour is exact; over longer ones its start is rounded to five minutes.
    public static let fineWindow: TimeInterval = 65 * 60

    /// Entries a history holds at most: fine minutes, five-minute ones, a few to spare.
    static let windowEntries = Int(fineWindow / 60) + 5 + Int(restoreWindow / 300) + 8

    public init(checkID: String, samples: [Sample] = [], minutes: [Minute] = [], lastStatus: CheckStatus? = nil, since: Date? = nil) {
        self.checkID = checkID
        self.samples = samples
        self.minutes = minutes
        self.lastStatus = lastStatus
        self.since = since
    }

    /// The share of answered-and-healthy results (ok or warn) in the window ending at `now`,
    /// or nil when there were no results in it.
    public func availability(over window: TimeInterval, now: Date) -> Double? {
        let from = now.addingTimeInterval(-window)
        let inWindow = minutes.filter { $0.end > from && $0.at <= now }
        let total = inWindow.reduce(0) { $0 + $1.total }
        guard total > 0 else { return nil }
        return Double(inWindow.reduce(0) { $0 + $1.ok + $1.warn }) / Double(total)
    }

    /// How many results, and how many failed, in the whole minutes of the window ending at
    /// the start of `now`'s minute: a count that moves once a minute, not with every result.
    public func completedCounts(over window: TimeInterval, now: Date) -> (total: Int, failed: Int) {
        let end = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 60).rounded(.down) * 60)
        let from = end.addingTimeInterval(-window)
        let inWindow = minutes.filter { $0.at >= from && $0.end <= end }
        return (inWindow.reduce(0) { $0 + $1.total }, inWindow.reduce(0) { $0 + $1.fail })
    }

    /// Adds one result to the minute it falls in (results arrive in time order); when a new
    /// minute begins, settles the history over `restoreWindow`.
    public mutating func count(_ status: CheckStatus, at: Date) {
        let minute = Date(timeIntervalSince1970: (at.timeIntervalSince1970 / 60).rounded(.down) * 60)
        if minutes.last?.at != minute {
            // Grown to the whole window at once rather than doubled past it.
            if minutes.count == minutes.capacity && minutes.count >= 128 { minutes.reserveCapacity(ServiceHistory.windowEntries) }
            minutes.append(Minute(at: minute, ok: 0, warn: 0, fail: 0))
            settle(window: ServiceHistory.restoreWindow, now: at)
        }
        switch status {
        case .ok: minutes[minutes.count - 1].ok += 1
        case .warn: minutes[minutes.count - 1].warn += 1
        case .fail: minutes[minutes.count - 1].fail += 1
        case .unknown: break
        }
    }

    /// Drops what is older than `window` before `now`, and counts minutes older than
    /// `fineWindow` in fives. Works in place.
    public mutating func settle(window: TimeInterval, now: Date) {
        let from = now.addingTimeInterval(-window)
        let fineFrom = Minute.fiveMinuteStart(Int32(clamping: Int((now.addingTimeInterval(-ServiceHistory.fineWindow).timeIntervalSince1970 / 60).rounded(.down))))
        var kept = 0
        for read in minutes.indices {
            let m = minutes[read]
            guard m.end > from else { continue }
            guard !m.isCoarse, m.index < fineFrom else {
                minutes[kept] = m
                kept += 1
                continue
            }
            let bucket = m.coarse
            if kept > 0, minutes[kept - 1].isCoarse, minutes[kept - 1].index == bucket.index {
                minutes[kept - 1].ok += m.ok
                minutes[kept - 1].warn += m.warn
                minutes[kept - 1].fail += m.fail
            } else {
                minutes[kept] = bucket
                kept += 1
            }
        }
        minutes.removeLast(minutes.count - kept)
    }
}
