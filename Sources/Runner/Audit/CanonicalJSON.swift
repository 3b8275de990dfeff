import Monitoring

extension JSONValue {
    /// The one way the audit log writes a JSON value, so a record's hash can be computed again
    /// from the line that holds it.
    ///
    /// Contract: no whitespace; object keys sorted by their UTF-8 bytes; strings escape only `"`
    /// and `\` (as `\"` and `\\`), characters below U+0020 (`\b \t \n \f \r`, the others as
    /// `\u00xx` in lowercase hex), and the characters a terminal would act on or that turn text
    /// around — U+007F to U+009F, U+202A to U+202E, U+2066 to U+2069 — as `\uxxxx`, so that a
    /// line printed to a terminal is only text; everything else is written as UTF-8; integral numbers are
    /// written as integers (`12`, never `12.0`); `true`, `false`, `null` as themselves.
    var canonicalText: String {
        var out = ""
        writeCanonical(to: &out)
        return out
    }

    private func writeCanonical(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n == n.rounded() && abs(n) < 9e15 ? String(Int64(n)) : String(n)
        case .string(let s): JSONValue.writeQuoted(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.writeCanonical(to: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (i, key) in fields.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                if i > 0 { out += "," }
                JSONValue.writeQuoted(key, to: &out)
                out += ":"
                fields[key]!.writeCanonical(to: &out)
            }
            out += "}"
        }
    }

    private static func writeQuoted(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\u{0C}": out += "\\f"
            case "\r": out += "\\r"
            case "\u{00}"..."\u{1F}", "\u{7F}"..."\u{9F}", "\u{202A}"..."\u{202E}", "\u{2066}"..."\u{2069}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
