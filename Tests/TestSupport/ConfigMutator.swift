import Foundation

/// Mangles config text the ways a half-finished edit, a bad paste or a hostile file would:
/// deleted, duplicated, swapped and cut lines, values replaced by wrong types, huge numbers,
/// aliases, tags and escape bytes, random code points, broken indentation.
///
/// Deterministic: the same seed gives the same cases, so a failure names a case that can be
/// run again.
public struct ConfigMutator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }

    static let replacements = ["", "~", "null", "[]", "{}", "-1", "0", "1e309", "99999999999999999999", "-99999999999999999999",
                               "\"\"", "true", "[a, [b, {c: d}]]", "{a: 1}", "\"\\u0000\"", "'\u{1B}]0;x\u{07}'", "9999999h", "-5s",
                               "0.0000001ms", "NaN", ".inf", "&a x", "*nowhere", "!!binary aGVsbG8=", "!!float 1", "\"${MISSING}\"",
                               "\"${A:-${B}}\"", String(repeating: "x", count: 10_000), "- - - -", "? complex : key"]

    /// `text` with one to four mutations.
    public mutating func mutate(_ text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        for _ in 0..<(1 + below(4)) {
            guard !lines.isEmpty else { break }
            let i = below(lines.count)
            switch below(9) {
            case 0: lines.remove(at: i)
            case 1: lines.insert(lines[below(lines.count)], at: i)
            case 2:
                // Replace the value after a colon.
                if let colon = lines[i].firstIndex(of: ":") {
                    lines[i] = String(lines[i][...colon]) + " " + Self.replacements[below(Self.replacements.count)]
                }
            case 3:
                // Random code points somewhere in the line.
                var scalars = Array(lines[i].unicodeScalars)
                let at = below(scalars.count + 1)
                let junk = (0..<(1 + below(6))).compactMap { _ in UnicodeScalar(UInt32(below(0x2FF))) }
                scalars.insert(contentsOf: junk, at: min(at, scalars.count))
                lines[i] = String(String.UnicodeScalarView(scalars))
            case 4: lines[i] = String(repeating: " ", count: below(9)) + lines[i].trimmingCharacters(in: .whitespaces)
            case 5: lines[i] = String(lines[i].prefix(below(lines[i].count + 1)))
            case 6: lines.swapAt(i, below(lines.count))
            case 7: lines[i] = lines[i].replacingOccurrences(of: "-", with: "")
            default:
                // A port out of range, or not a number, in a URL or a port key.
                let ports = ["0", "65536", "99999", "99999999999999999999", "-1", "abc", "", "1e3", "0x50"]
                let port = ports[below(ports.count)]
                if let r = lines[i].range(of: #":[0-9]+(?=/|"|$)"#, options: .regularExpression) {
                    lines[i].replaceSubrange(r, with: ":" + port)
                } else if let r = lines[i].range(of: #"port: [0-9]+"#, options: .regularExpression) {
                    lines[i].replaceSubrange(r, with: "port: " + port)
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}
