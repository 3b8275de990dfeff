import SafeText
import Testing
@testable import TUI

@Suite struct TextTests {
    @Test(arguments: [
        ("a", 1), ("日", 2), ("é", 1), ("e\u{301}", 1), ("✔", 1), ("✖", 1), ("❌", 2), ("👍", 2), ("─", 1), ("\u{200B}", 0),
    ])
    func widths(_ text: String, _ width: Int) {
        #expect(TextWidth.of(text) == width)
    }

    /// Measuring by scalar, the fast way, agrees with measuring character by character,
    /// including where scalars join: marks, spacing marks, jamo, joiners, variation selectors,
    /// regional indicators, skin tones.
    @Test func theFastWayAgreesWithCharacterByCharacter() {
        func slow(_ s: String) -> Int { s.reduce(0) { $0 + TextWidth.of($1) } }
        let joining = ["कि", "\u{1100}\u{1161}\u{11A8}", "가\u{11A8}", "\u{0D4E}മ", "ｶﾞ", "👍🏽", "🇩🇪", "👩\u{200D}💻", "✔\u{FE0F}", "a\u{0308}",
                       "●▲✔ ▁▂▃▄▅▆▇█ │─ · — … → 日本 ok"]
        for s in joining {
            #expect(TextWidth.of(s) == slow(s), "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        // Every scalar below U+10000 between letters of several scripts.
        let bases: [Unicode.Scalar] = ["a", "가", "क", "ก", "ກ", "日", "●"]
        var disagreeing: [String] = []
        for v in UInt32(0x20)..<0x10000 {
            guard let scalar = Unicode.Scalar(v) else { continue }
            for base in bases {
                var s = String.UnicodeScalarView()
                s.append(contentsOf: [base, scalar, base])
                let text = String(s)
                if TextWidth.of(text) != slow(text) { disagreeing.append(String(v, radix: 16) + " after " + String(base.value, radix: 16)) }
            }
        }
        #expect(disagreeing.isEmpty, "\(disagreeing.prefix(20))")
        var random = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            var s = ""
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let v = Bool.random(using: &random) ? UInt32.random(in: 0x20...0x3000, using: &random) : UInt32.random(in: 0x20...0xFFFF, using: &random)
                if let scalar = Unicode.Scalar(v) { s.unicodeScalars.append(scalar) }
            }
            #expect(TextWidth.of(s) == slow(s), "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func truncatesWithEllipsis() {
        #expect(TextWidth.truncate("backend-staging", to: 8) == "backend…")
        #expect(TextWidth.truncate("short", to: 8) == "short")
        #expect(TextWidth.truncate("日本語テキスト", to: 5) == "日本…")
        #expect(TextWidth.truncate("abcdef", to: 4, ellipsis: "~") == "abc~")
    }

    @Test func padsToWidth() {
        #expect(TextWidth.pad("ab", to: 4) == "ab  ")
        #expect(TextWidth.pad("ab", to: 4, alignment: .right) == "  ab")
        #expect(TextWidth.pad("日", to: 3, alignment: .center) == "日 ")
    }

    @Test func wrapsAtSpacesAndSplitsLongWords() {
        #expect(TextWidth.wrap("the quick brown fox", width: 9) == ["the quick", "brown fox"])
        #expect(TextWidth.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(TextWidth.wrap("", width: 4) == [""])
    }

    @Test func sanitizeRemovesWholeEscapeSequences() {
        #expect(SafeText.sanitize("\u{1B}]0;title\u{07}after") == "after")
        #expect(SafeText.sanitize("\u{1B}]52;c;Y2xpcGJvYXJk\u{1B}\\x") == "x")
        #expect(SafeText.sanitize("\u{1B}[2J\u{1B}[1;1Hclear") == "clear")
        #expect(SafeText.sanitize("a\u{1B}Pdcs payload\u{1B}\\b") == "ab")
        #expect(SafeText.sanitize("tab\there") == "tab here")
        #expect(SafeText.sanitize("line\r\nnext") == "line next")
        #expect(SafeText.sanitize("keep\nlines", keepNewlines: true) == "keep\nlines")
        #expect(SafeText.sanitize("bidi\u{202E}gnp.exe") == "bidignp.exe")
        #expect(SafeText.sanitize("c1\u{9B}31mred") == "c1red")
        #expect(SafeText.sanitize("unterminated \u{1B}]0;title") == "unterminated ")
        #expect(SafeText.sanitize("plain ✔ 日本") == "plain ✔ 日本")
    }
}
