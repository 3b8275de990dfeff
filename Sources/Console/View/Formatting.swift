import Foundation
import Monitoring
import TUI

/// How the console writes times, durations and statuses.
public enum Formatting {
    /// A compact duration, as precise as a reader needs: to the second in its first ten
    /// seconds (`7s`), to five seconds in the rest of its first minute (`45s`), to the minute
    /// once it is older (`13m`, `1h02m`), to the hour after a day (`3d04h`) — so that a screen
    /// where nothing happens changes a few cells a minute.
    public static func duration(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds.rounded(.down)))
        if s < 10 { return "\(s)s" }
        if s < 60 { return "\(s / 5 * 5)s" }
        if s < 3600 { return "\(s / 60)m" }
        if s < 86_400 { return "\(s / 3600)h\(String(format: "%02d", (s % 3600) / 60))m" }
        return "\(s / 86_400)d\(String(format: "%02d", (s % 86_400) / 3600))h"
    }

    /// A compact duration to the second below an hour (`45s`, `2m13s`, `1h02m`, `3d04h`): for
    /// texts written once (timeline sentences, reports), which never tick.
    public static func exactDuration(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds.rounded(.down)))
        if s < 60 { return "\(s)s" }
        if s >= 3600 { return duration(seconds) }
        return "\(s / 60)m\(String(format: "%02d", s % 60))s"
    }

    /// When `duration` of the time since `start` next reads differently, after `now`.
    public static func nextChange(ofDurationSince start: Date, now: Date) -> Date {
        let s = max(0, now.timeIntervalSince(start)).rounded(.down)
        if s < 10 { return start.addingTimeInterval(s + 1) }
        if s < 60 { return start.addingTimeInterval(((s / 5).rounded(.down) + 1) * 5) }
        if s < 86_400 { return start.addingTimeInterval(((s / 60).rounded(.down) + 1) * 60) }
        return start.addingTimeInterval(((s / 3600).rounded(.down) + 1) * 3600)
    }

    /// How long ago, to the minute: `just now`, `3m ago`, `1h05m ago`.
    public static func ago(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds.rounded(.down)))
        if s < 60 { return "just now" }
        if s < 3600 { return "\(s / 60)m ago" }
        return duration(seconds) + " ago"
    }

    /// When `ago` of the time since `start` next reads differently, after `now`.
    public static func nextChange(ofAgoSince start: Date, now: Date) -> Date {
        let s = max(0, now.timeIntervalSince(start)).rounded(.down)
        if s < 86_400 { return start.addingTimeInterval(((s / 60).rounded(.down) + 1) * 60) }
        return start.addingTimeInterval(((s / 3600).rounded(.down) + 1) * 3600)
    }

    /// The start of the next minute after `date`, when a clock showing minutes turns.
    public static func nextMinute(after date: Date) -> Date {
        Date(timeIntervalSince1970: ((date.timeIntervalSince1970 / 60).rounded(.down) + 1) * 60)
    }

    /// Wall-clock time in UTC to the minute: `16:47`.
    public static func minuteClock(_ date: Date) -> String { String(clock(date).prefix(5)) }

    /// Wall-clock time in UTC: `16:47:18`.
    public static func clock(_ date: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let c = cal.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// The glyph and word for a status: `✖ FAIL` (`x FAIL` in ASCII).
    public static func status(_ s: CheckStatus, _ glyphs: GlyphSet) -> String {
        "\(glyph(s, glyphs)) \(word(s))"
    }

    public static func glyph(_ s: CheckStatus, _ glyphs: GlyphSet) -> String {
        switch s {
        case .ok: return glyphs.isASCII ? "+" : "✔"
        case .warn: return glyphs.isASCII ? "!" : "▲"
        case .fail: return glyphs.isASCII ? "x" : "✖"
        case .unknown: return "?"
        }
    }

    public static func word(_ s: CheckStatus) -> String {
        switch s {
        case .ok: return "OK"
        case .warn: return "WARN"
        case .fail: return "FAIL"
        case .unknown: return "WAIT"
        }
    }

    /// A share as a percentage: `99.95%`, `87.1%`, `100%`, `0%`; never rounds a miss up to 100%.
    public static func percent(_ share: Double) -> String {
        if share >= 1 { return "100%" }
        if share <= 0 { return "0%" }
        let p = share * 100
        if p >= 99 { return String(format: "%.2f%%", (p * 100).rounded(.down) / 100) }
        return String(format: "%.1f%%", (p * 10).rounded(.down) / 10)
    }

    public static func latency(_ ms: Double?) -> String {
        ms.map { LatencyText.format(milliseconds: $0) } ?? "—"
    }
}
