import Testing
@testable import TUI

@Suite struct WidgetTests {
    let columns = [Table.Column("NAME", .length(8)), Table.Column("MS", .length(4), .right), Table.Column("NOTE", .fill(1))]

    func rows(_ n: Int) -> [Table.Row] {
        (0..<n).map { Table.Row([Line("svc-\($0)"), Line("\($0 * 10)"), Line("note number \($0)")]) }
    }

    @Test func tableRendersHeaderRowsAndClipsCells() {
        var b = Buffer(size: Size(width: 24, height: 4))
        Table(columns: columns, rows: rows(2), selected: nil, headerStyle: .plain, selectionStyle: .plain, glyphs: .unicode)
            .render(in: b.area, buffer: &b)
        #expect(b.lines == [
            "NAME       MS NOTE",
            "svc-0       0 note numb…",
            "svc-1      10 note numb…",
            "",
        ])
    }

    @Test func tableScrollsToKeepSelectionVisible() {
        var b = Buffer(size: Size(width: 24, height: 3))
        Table(columns: columns, rows: rows(10), selected: 7, headerStyle: .plain, selectionStyle: Style(attributes: .reverse), glyphs: .ascii)
            .render(in: b.area, buffer: &b)
        #expect(b.lines == [
            "NAME       MS NOTE",
            "svc-6      60 note numb~",
            "svc-7      70 note numb~",
        ])
        #expect(b[0, 2].style.attributes.contains(.reverse))
        #expect(!b[0, 1].style.attributes.contains(.reverse))
    }

    @Test func sparklineScalesToMaximumAndShowsGaps() {
        let s = Sparkline(values: [0, 50, 100, nil, 25], glyphs: .unicode)
        #expect(s.text(width: 5) == "▁▅█ ▃")
        #expect(s.text(width: 2) == " █")
        let ascii = Sparkline(values: [0, 100], glyphs: .ascii)
        #expect(ascii.text(width: 2) == "_#")
    }

    @Test func bannerFillsTheRowAndPlacesRightText() {
        var b = Buffer(size: Size(width: 30, height: 1))
        BannerLine(left: Line("P0 · Chat offline"), right: Line("2h13m"), style: Style(background: .red)).render(in: b.area, buffer: &b)
        #expect(b.lines == [" P0 · Chat offline      2h13m"])
        #expect(b.cells.allSatisfy { $0.style.background == .red })
    }

    @Test func keyHintsDropWholeHintsThatDoNotFit() {
        var b = Buffer(size: Size(width: 22, height: 1))
        KeyHintFooter(hints: [.init("q", "quit"), .init("r", "re-poll"), .init("?", "help")], keyStyle: .plain, labelStyle: .plain)
            .render(in: b.area, buffer: &b)
        #expect(b.lines == [" q quit  r re-poll"])
    }

    @Test func gaugeFillsByRatio() {
        var b = Buffer(size: Size(width: 10, height: 1))
        Gauge(ratio: 0.5, filledStyle: .plain, glyphs: .ascii).render(in: b.area, buffer: &b)
        #expect(b.lines == ["#####....."])
        Gauge(ratio: 7, filledStyle: .plain, glyphs: .ascii).render(in: b.area, buffer: &b)
        #expect(b.lines == ["##########"])
    }

    @Test func blockDrawsBorderAndTitle() {
        var b = Buffer(size: Size(width: 12, height: 3))
        Block(title: Line("Phases"), glyphs: .unicode).render(in: b.area, buffer: &b)
        #expect(b.lines == ["┌ Phases ──┐", "│          │", "└──────────┘"])
    }

    @Test func layoutSplitsWithoutOverlap() {
        let r = Rect(x: 0, y: 0, width: 100, height: 10)
        let cols = Layout.columns(r, [.length(10), .fill(1), .percentage(20), .fill(2)], spacing: 1)
        #expect(cols.map(\.width) == [10, 22, 19, 46])
        #expect(cols.map(\.x) == [0, 11, 34, 54])
        let tight = Layout.rows(Rect(x: 0, y: 0, width: 5, height: 3), [.length(2), .length(5), .fill(1)])
        #expect(tight.map(\.height) == [2, 1, 0])
    }

    @Test func widgetsSurviveZeroAndTinyAreas() {
        var b = Buffer(size: Size(width: 3, height: 1))
        let area = Rect(x: 0, y: 0, width: 0, height: 0)
        Table(columns: columns, rows: rows(3), selected: 1, headerStyle: .plain, selectionStyle: .plain, glyphs: .unicode).render(in: area, buffer: &b)
        Table(columns: columns, rows: rows(3), selected: 1, headerStyle: .plain, selectionStyle: .plain, glyphs: .unicode).render(in: b.area, buffer: &b)
        Block(title: "x", glyphs: .unicode).render(in: b.area, buffer: &b)
        Sparkline(values: [1, 2], glyphs: .unicode).render(in: area, buffer: &b)
        #expect(b.width == 3)
    }

    @Test func colorsMapDownToSmallerPalettes() {
        #expect(Color.rgb(255, 0, 0).approximated(for: .sixteen) == .ansi(9))
        #expect(Color.rgb(200, 0, 0).approximated(for: .eight) == .ansi(1))
        #expect(Color.indexed(196).approximated(for: .palette256) == .indexed(196))
        #expect(Color.indexed(196).approximated(for: .sixteen) == .ansi(9))
        #expect(Color.rgb(0x87, 0xaf, 0xff).approximated(for: .palette256) == .indexed(111))
        #expect(Color.red.approximated(for: .none) == nil)
        #expect(Color.default.approximated(for: .eight) == .default)
        #expect(Color(parsing: "#5fd75f") == .rgb(0x5f, 0xd7, 0x5f))
        #expect(Color(parsing: "bright-blue") == .ansi(12))
        #expect(Color(parsing: "not-a-colour") == nil)
    }
}
