import Foundation
import Monitoring
import TUI

/// How the console writes times, durations and statuses.
public enum Formatting {
    /// A compact duration: `45s`, `2m13s`, `1h02m`, `3d04h`.
    public static func duration(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds.rounded(.down)))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        if s < 86_400 { return "\(s / 3600)h\(String(format: "%02d", (s % 3600) / 60))m" }
        return "\(s / 86_400)d\(String(format: "%02d", (s % 86_400) / 3600))h"
    }

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
