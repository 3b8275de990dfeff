import Foundation

/// What a server's certificate says about itself, for expiry reports and for saying why a
/// handshake failed.
public struct ServerCertificate: Hashable, Sendable {
    /// The subject, as `CN=…,O=…`.
    public var subject: String
    public var notValidBefore: Date
    public var notValidAfter: Date
    /// Issued by itself: nobody else vouches for it.
    public var selfSigned: Bool

    public init(subject: String, notValidBefore: Date, notValidAfter: Date, selfSigned: Bool) {
        self.subject = subject
        self.notValidBefore = notValidBefore
        self.notValidAfter = notValidAfter
        self.selfSigned = selfSigned
    }

    /// Days from `now` until it ends, to the nearest day (negative once ended).
    public func daysLeft(now: Date) -> Int {
        Int((notValidAfter.timeIntervalSince(now) / 86_400).rounded())
    }

    /// `expires in 89 d (2027-02-26)`, `expired 2 d ago (2026-11-27)`, `expires today (…)`.
    public func expirySentence(now: Date) -> String {
        let date = ServerCertificate.day(notValidAfter)
        let seconds = notValidAfter.timeIntervalSince(now)
        let days = daysLeft(now: now)
        if seconds < 0 {
            return days == 0 ? "expired today (\(date))" : "expired \(-days) d ago (\(date))"
        }
        return days == 0 ? "expires today (\(date))" : "expires in \(days) d (\(date))"
    }

    static func day(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!).year().month().day())
    }
}
