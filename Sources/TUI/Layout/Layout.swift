/// How much room one part of a split gets.
public enum Constraint: Hashable, Sendable {
    /// Exactly this many cells (less if there is not enough room).
    case length(Int)
    /// A share of the whole, in percent.
    case percentage(Int)
    /// At least this many cells, then a share of what is left like `fill(1)`.
    case min(Int)
    /// A weighted share of what is left after fixed parts.
    case fill(Int)
}

/// Splits a rectangle into rows or columns.
///
/// Contract: parts are laid out in order without overlap and never exceed the rectangle;
/// fixed parts (`length`, `percentage`, `min`'s minimum) are served first, front to back,
/// and the rest is shared among `fill` and `min` parts by weight (remainders go to the last).
public enum Layout {
    public enum Direction: Sendable { case vertical, horizontal }

    public static func split(_ rect: Rect, _ direction: Direction, _ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        let total = direction == .vertical ? rect.height : rect.width
        let available = max(0, total - spacing * max(0, constraints.count - 1))
        var sizes = Array(repeating: 0, count: constraints.count)
        var left = available
        for (i, c) in constraints.enumerated() {
            let want: Int
            switch c {
            case .length(let n): want = n
            case .percentage(let p): want = available * p / 100
            case .min(let n): want = n
            case .fill: want = 0
            }
            sizes[i] = Swift.min(Swift.max(0, want), left)
            left -= sizes[i]
        }
        let weights = constraints.map { c -> Int in
            switch c {
            case .fill(let w): return Swift.max(0, w)
            case .min: return 1
            default: return 0
            }
        }
        let weightSum = weights.reduce(0, +)
        if weightSum > 0 && left > 0 {
            var given = 0
            let lastWeighted = weights.lastIndex(where: { $0 > 0 })!
            for i in weights.indices where weights[i] > 0 {
                let share = i == lastWeighted ? left - given : left * weights[i] / weightSum
                sizes[i] += share
                given += share
            }
        }
        var rects: [Rect] = []
        var offset = direction == .vertical ? rect.y : rect.x
        for s in sizes {
            if direction == .vertical {
                rects.append(Rect(x: rect.x, y: offset, width: rect.width, height: s))
            } else {
                rects.append(Rect(x: offset, y: rect.y, width: s, height: rect.height))
            }
            offset += s + spacing
        }
        return rects
    }

    /// Shorthand for a vertical split.
    public static func rows(_ rect: Rect, _ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        split(rect, .vertical, constraints, spacing: spacing)
    }

    /// Shorthand for a horizontal split.
    public static func columns(_ rect: Rect, _ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        split(rect, .horizontal, constraints, spacing: spacing)
    }
}
