import Foundation

/// A span of time as config files write it (`500ms`, `10s`, `2m`, `1h`).
public struct Seconds: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var value: Double

    public init(_ value: Double) { self.value = value }

    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            let number = t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)
            if let v = Double(number), v.isFinite, v >= 0 { self.value = v * factor; return }
            return nil
        }
        guard let v = Double(t), v.isFinite, v >= 0 else { return nil }
        self.value = v
    }

    /// As a `Duration`; a value beyond what one can hold (configs bound theirs far below)
    /// is held at a hundred years rather than trapping.
    public var duration: Duration {
        let ms = (value * 1000).rounded()
        return .milliseconds(ms.isFinite && ms >= 0 && ms < 3.2e12 ? Int64(ms) : (ms < 0 ? 0 : 3_200_000_000_000))
    }
    public var milliseconds: Double { value * 1000 }

    public static func < (a: Seconds, b: Seconds) -> Bool { a.value < b.value }

    /// Compact, as a config would say it: `500ms`, `10s`, `1.5s`, `2m`, `1h30m`.
    public var description: String {
        if value < 1 && value > 0 { return "\(Int((value * 1000).rounded()))ms" }
        if value < 60 || value.truncatingRemainder(dividingBy: 60) != 0 {
            return value == value.rounded() ? "\(Int(value))s" : String(format: "%.1fs", value)
        }
        if value < 3600 || value.truncatingRemainder(dividingBy: 3600) != 0 {
            let m = Int(value) / 60
            return m >= 60 ? "\(m / 60)h\(m % 60)m" : "\(m)m"
        }
        return "\(Int(value) / 3600)h"
    }

    /// With one decimal, as reasons say it: `10.0 s`.
    public var oneDecimal: String { String(format: "%.1f s", value) }
}

extension Duration {
    /// The duration in seconds as a Double.
    public var seconds: Double {
        let c = components
        return Double(c.seconds) + Double(c.attoseconds) / 1e18
    }
}
