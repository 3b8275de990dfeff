/// Makes text from outside (response bodies, headers, log lines, command output) safe to draw.
///
/// Contract: the result contains no C0 or C1 control character, no DEL, no bidirectional
/// override, and nothing of any escape sequence — CSI (`ESC [ … final`), OSC (`ESC ] … BEL` or
/// `ESC ] … ESC \`), DCS/SOS/PM/APC strings, and two-character escapes are removed whole, so
/// `ESC]0;title BEL` leaves no `]0;title` behind. An unterminated string sequence swallows the
/// rest of the input, as a terminal would. Tabs become one space; line breaks become a space,
/// or are kept as `\n` when `keepNewlines` is set.
public enum SafeText {
    public static func sanitize(_ text: String, keepNewlines: Bool = false) -> String {
        if isPlain(text, keepNewlines: keepNewlines) { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            i += 1
            switch scalar.value {
            case 0x1B:
                guard i < scalars.count else { break }
                let introducer = scalars[i].value
                i += 1
                switch introducer {
                case 0x5B: i = endOfControlSequence(scalars, from: i)  // ESC [
                case 0x5D, 0x50, 0x58, 0x5E, 0x5F: i = endOfString(scalars, from: i)  // ] P X ^ _
                case 0x20...0x2F: i = endOfEscape(scalars, from: i)  // intermediates, then final
                default: break  // two-character escape: the introducer was its final byte
                }
            case 0x9B: i = endOfControlSequence(scalars, from: i)
            case 0x9D, 0x90, 0x98, 0x9E, 0x9F: i = endOfString(scalars, from: i)
            case 0x09: out.append(" ")
            case 0x0A, 0x0D:
                if keepNewlines {
                    if scalar.value == 0x0A { out.append("\n") }
                } else if out.last != " " {
                    out.append(" ")
                }
            case 0x00...0x1F, 0x7F...0x9F: continue
            case 0x202A...0x202E, 0x2066...0x2069: continue
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// True when `text` needs no change; the common case costs one pass and no allocation.
    static func isPlain(_ text: String, keepNewlines: Bool) -> Bool {
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x20 {
                if keepNewlines && v == 0x0A { continue }
                return false
            }
            if (v >= 0x7F && v <= 0x9F) || (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069) {
                return false
            }
        }
        return true
    }

    /// CSI: parameter and intermediate bytes, ended by a final byte in 0x40...0x7E.
    private static func endOfControlSequence(_ s: [Unicode.Scalar], from start: Int) -> Int {
        var i = start
        while i < s.count {
            let v = s[i].value
            i += 1
            if (0x40...0x7E).contains(v) { return i }
        }
        return i
    }

    /// nF escape: intermediates 0x20...0x2F, then one final byte.
    private static func endOfEscape(_ s: [Unicode.Scalar], from start: Int) -> Int {
        var i = start
        while i < s.count {
            let v = s[i].value
            i += 1
            if !(0x20...0x2F).contains(v) { return i }
        }
        return i
    }

    /// OSC/DCS/SOS/PM/APC: everything up to BEL, ST (`ESC \`) or the C1 ST (0x9C).
    private static func endOfString(_ s: [Unicode.Scalar], from start: Int) -> Int {
        var i = start
        while i < s.count {
            let v = s[i].value
            i += 1
            if v == 0x07 || v == 0x9C { return i }
            if v == 0x1B {
                if i < s.count && s[i].value == 0x5C { return i + 1 }
                return i - 1  // a new escape aborts the string; let the caller read it
            }
        }
        return i
    }
}
