/// How many colours a terminal can show.
public enum ColorDepth: Int, Sendable, Comparable {
    case none = 0
    case eight = 8
    case sixteen = 16
    case palette256 = 256
    case trueColor = 16_777_216

    public static func < (a: ColorDepth, b: ColorDepth) -> Bool { a.rawValue < b.rawValue }

    /// The depth for a terminal reporting `colors` colours (ncurses' `COLORS`).
    public init(colors: Int) {
        switch colors {
        case ..<8: self = .none
        case 8..<16: self = .eight
        case 16..<256: self = .sixteen
        case 256..<16_777_216: self = .palette256
        default: self = .trueColor
        }
    }
}

extension Color {
    /// The nearest colour this depth can show; nil when the terminal has no colour at all
    /// (then only attributes carry meaning). `.default` stays `.default` at every depth.
    public func approximated(for depth: ColorDepth) -> Color? {
        if depth == .none { return nil }
        switch self {
        case .default: return .default
        case .ansi(let i):
            return depth == .eight ? .ansi(i % 8) : self
        case .indexed(let i):
            if depth >= .palette256 { return self }
            if i < 16 { return depth == .eight ? .ansi(i % 8) : .ansi(i) }
            return Color.nearestANSI(to: Color.xtermRGB(Int(i)), count: depth == .eight ? 8 : 16)
        case .rgb(let r, let g, let b):
            if depth == .trueColor { return self }
            if depth == .palette256 { return .indexed(Color.nearestIndex256(r, g, b)) }
            return Color.nearestANSI(to: (r, g, b), count: depth == .eight ? 8 : 16)
        }
    }

    static func nearestANSI(to c: (r: UInt8, g: UInt8, b: UInt8), count: Int) -> Color {
        var best = 0
        var bestDistance = Int.max
        for i in 0..<count {
            let p = xtermRGB(i)
            let d = distance(c, p)
            if d < bestDistance { bestDistance = d; best = i }
        }
        return .ansi(UInt8(best))
    }

    static func nearestIndex256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        func cube(_ v: UInt8) -> Int { v < 48 ? 0 : v < 115 ? 1 : (Int(v) - 35) / 40 }
        let ci = 16 + 36 * cube(r) + 6 * cube(g) + cube(b)
        let avg = (Int(r) + Int(g) + Int(b)) / 3
        let gi = avg > 238 ? 255 : 232 + max(0, (avg - 3) / 10)
        let cd = distance((r, g, b), xtermRGB(ci))
        let gd = distance((r, g, b), xtermRGB(gi))
        return UInt8(gd < cd ? gi : ci)
    }

    static func distance(_ a: (r: UInt8, g: UInt8, b: UInt8), _ b: (r: UInt8, g: UInt8, b: UInt8)) -> Int {
        let dr = Int(a.r) - Int(b.r), dg = Int(a.g) - Int(b.g), db = Int(a.b) - Int(b.b)
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }
}
