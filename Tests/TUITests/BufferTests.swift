import Testing
@testable import TUI

@Suite struct BufferTests {
    @Test func writesAndClipsText() {
        var b = Buffer(size: Size(width: 10, height: 2))
        let end = b.set(7, 0, "overflowing")
        #expect(end == 10)
        #expect(b.lines == ["       ove", ""])
    }

    @Test func wideCharactersTakeTwoCells() {
        var b = Buffer(size: Size(width: 8, height: 1))
        let end = b.set(0, 0, "日本x")
        #expect(end == 5)
        #expect(b[1, 0].isContinuation)
        #expect(b.lines == ["日本x"])
    }

    @Test func wideCharacterAtRightEdgeBecomesSpace() {
        var b = Buffer(size: Size(width: 3, height: 1))
        b.set(0, 0, "ab日")
        #expect(b.lines == ["ab"])
        #expect(!b[2, 0].isContinuation)
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var b = Buffer(size: Size(width: 4, height: 1))
        b.set(0, 0, "日本")
        b.set(1, 0, "x")
        #expect(b.lines == [" x本"])
        b.set(2, 0, "y")
        #expect(b.lines == [" xy"])
        #expect(!b[3, 0].isContinuation)
    }

    @Test func escapeSequencesNeverReachACell() {
        var b = Buffer(size: Size(width: 30, height: 1))
        b.set(0, 0, "ok\u{1B}]0;pwned\u{07}\u{1B}[2J\u{1B}[31mred\u{9B}1;1H!")
        #expect(b.lines == ["okred!"])
        #expect(b.cells.allSatisfy { c in c.symbol.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F } })
    }

    @Test func stylesLayerOverWhatIsUnderneath() {
        var b = Buffer(size: Size(width: 4, height: 1))
        b.fill(b.area, style: Style(background: .blue))
        b.set(0, 0, "ab", Style(foreground: .red, attributes: .bold))
        #expect(b[0, 0].style == Style(foreground: .red, background: .blue, attributes: .bold))
        #expect(b[3, 0].style == Style(background: .blue))
    }

    @Test func diffReportsOnlyChangedRuns() {
        var a = Buffer(size: Size(width: 20, height: 3))
        a.set(0, 0, "header")
        a.set(0, 1, "row one")
        var b = a
        b.set(4, 1, "ONE")
        let runs = b.changes(from: a)
        #expect(runs.count == 1)
        #expect(runs[0].y == 1 && runs[0].x == 4 && runs[0].cells.count == 3)
        #expect(a.changes(from: a).isEmpty)
    }

    @Test func diffAfterResizeSendsEverything() {
        let a = Buffer(size: Size(width: 5, height: 2))
        let b = Buffer(size: Size(width: 6, height: 2))
        #expect(b.changes(from: a).reduce(0) { $0 + $1.cells.count } == 12)
    }

    @Test func diffKeepsWideCharactersWhole() {
        var a = Buffer(size: Size(width: 6, height: 1))
        a.set(0, 0, "ab日")
        var b = a
        b.set(2, 0, "本")
        let runs = b.changes(from: a)
        #expect(runs.count == 1)
        #expect(runs[0].x == 2)
        #expect(runs[0].cells.map(\.isContinuation) == [false, true])
    }
}
