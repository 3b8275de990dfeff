/// The unit a foreign document writes a time in, and the reading of such times.
///
/// Contract: a number is taken in the unit; text is taken as a number in the unit
/// (`"20000"`) or as a Go-style duration whatever the unit (`"1.5s"`, `"1m30s"`, `"250ms"`,
/// `"90us"`). A result is finite, not negative, and below `TimeUnit.limit` (ten years), or nil.
public enum TimeUnit: String, Hashable, Sendable, CaseIterable {
    case ns, us, ms, s, m, h

    /// Seconds in one of this unit.
    public var seconds: Double {
        switch self {
        case .ns: return 1e-9
        case .us: return 1e-6
        case .ms: return 1e-3
        case .s: return 1
        case .m: return 60
        case .h: return 3600
        }
    }

    /// Times at or above this many seconds are refused: nothing in a startup lasts ten years,
    /// and a bound keeps every later conversion (to milliseconds, to a bar) in range.
    public static let limit: Double = 10 * 365 * 86_400

    /// `value` of this unit in seconds; nil when not finite, negative or out of range.
    public func seconds(_ value: Double) -> Double? {
        TimeUnit.checked(value * seconds)
    }

    /// Text as a time: a number in this unit, or a Go-style duration.
    public func seconds(text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let v = Double(t) { return seconds(v) }
        return TimeUnit.duration(t)
    }

    /// A Go-style duration (`1h2m3.5s`, `250ms`, `90µs`, `-` not allowed) in seconds.
    public static func duration(_ text: String) -> Double? {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces).lowercased())
        guard !rest.isEmpty else { return nil }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let letters = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(letters.count)
            let unit: TimeUnit?
            switch letters {
            case "µs", "μs": unit = .us
            default: unit = TimeUnit(rawValue: String(letters))
            }
            guard let unit else { return nil }
            total += value * unit.seconds
        }
        return checked(total)
    }

    static func checked(_ v: Double) -> Double? {
        v.isFinite && v >= 0 && v < limit ? v : nil
    }
}
