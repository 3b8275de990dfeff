/// Display width of text in terminal cells, independent of the process locale.
///
/// Contract: East Asian wide and fullwidth characters and emoji-presentation characters take
/// two cells; combining marks, format characters and variation selectors take none; every
/// other printable character takes one. Controls take none (sanitize before drawing).
public enum TextWidth {
    public static func of(_ c: Character) -> Int {
        guard let first = c.unicodeScalars.first else { return 0 }
        let w = of(first)
        if w == 1, c.unicodeScalars.contains(where: { $0.value == 0xFE0F }), first.properties.isEmoji {
            return 2
        }
        if w == 0 {
            // A cluster led by a zero-width scalar still occupies the cell it is drawn in.
            return c.unicodeScalars.count > 1 ? 1 : 0
        }
        return w
    }

    public static func of(_ s: String) -> Int {
        if let n = widthOfLoneScalars(s) { return n }
        var total = 0
        for c in s { total += of(c) }
        return total
    }

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        scalar.value < 0x10000 ? Int(bmp[Int(scalar.value)] & 3) : measure(scalar)
    }

    /// The width of `s` when each of its scalars is a character of its own and takes a cell
    /// or two (all of a frame's usual text: ASCII, symbols, block and box characters), found
    /// by table without walking characters; nil otherwise.
    public static func widthOfLoneScalars(_ s: String) -> Int? {
        var s = s
        if let n = s.withUTF8({ bytes in bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F } ? bytes.count : nil }) { return n }
        var total = 0
        for scalar in s.unicodeScalars {
            guard scalar.value < 0x10000 else { return nil }
            let entry = bmp[Int(scalar.value)]
            guard entry & 4 != 0 else { return nil }
            total += Int(entry & 3)
        }
        return total
    }

    /// For every scalar below U+10000: bits 0–1 its width, bit 2 set when it always stands as
    /// a character of its own (no mark, joiner, jamo or prepended letter joins it to a
    /// neighbour) and takes at least one cell. Built once, on first use.
    private static let bmp: [UInt8] = (0..<0x10000).map { v in
        guard let scalar = Unicode.Scalar(UInt32(v)) else { return 0 }
        let width = measure(scalar)
        let p = scalar.properties
        let jamo = (0x1100...0x11FF).contains(v) || (0xA960...0xA97F).contains(v) || (0xD7B0...0xD7FF).contains(v)
        // Spacing marks (with Thai and Lao SARA AM) join what precedes them, MALAYALAM LETTER
        // DOT REPH what follows it.
        let spacingMark = p.generalCategory == .spacingMark || v == 0x0E33 || v == 0x0EB3
        let alone = width > 0 && !p.isGraphemeExtend && !spacingMark && !jamo && v != 0x0D4E
        return UInt8(width) | (alone ? 4 : 0)
    }

    private static func measure(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x7F { return v >= 0x20 ? 1 : 0 }
        if v < 0xA0 { return 0 }
        if v < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0xFE00...0xFE0F).contains(v) || v == 0x200B { return 0 }
        if isWide(v) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// `text` cut to at most `width` cells; when cut, the last cell(s) show `ellipsis`.
    public static func truncate(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        let ellipsisWidth = of(ellipsis)
        guard width > ellipsisWidth else { return String(repeating: ".", count: width) }
        var out = ""
        var used = 0
        for c in text {
            let w = of(c)
            if used + w > width - ellipsisWidth { break }
            out.append(c)
            used += w
        }
        return out + ellipsis
    }

    /// `text` padded with spaces (or cut) to exactly `width` cells.
    public static func pad(_ text: String, to width: Int, alignment: Alignment = .left, ellipsis: String = "…") -> String {
        let t = truncate(text, to: width, ellipsis: ellipsis)
        let gap = max(0, width - of(t))
        switch alignment {
        case .left: return t + String(repeating: " ", count: gap)
        case .right: return String(repeating: " ", count: gap) + t
        case .center:
            let l = gap / 2
            return String(repeating: " ", count: l) + t + String(repeating: " ", count: gap - l)
        }
    }

    /// Splits `text` into lines of at most `width` cells, breaking at spaces where it can.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                var w = String(word)
                var ww = of(w)
                let sep = line.isEmpty ? 0 : 1
                if lineWidth + sep + ww <= width {
                    if sep == 1 { line += " " }
                    line += w
                    lineWidth += sep + ww
                    continue
                }
                if !line.isEmpty { lines.append(line) }
                line = ""
                lineWidth = 0
                while ww > width {
                    var head = ""
                    var hw = 0
                    var rest = Substring(w)
                    while let c = rest.first, hw + of(c) <= width {
                        head.append(c)
                        hw += of(c)
                        rest = rest.dropFirst()
                    }
                    if head.isEmpty { rest = rest.dropFirst() }  // a glyph wider than the line
                    lines.append(head)
                    w = String(rest)
                    ww = of(w)
                }
                line = w
                lineWidth = ww
            }
            lines.append(line)
        }
        return lines
    }
}

/// Horizontal placement of text in a cell range.
public enum Alignment: Sendable, Hashable {
    case left, right, center
}
