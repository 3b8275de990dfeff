import Foundation
import Monitoring
import TUI

/// The wallboard, for a reader across the room: the worst banner across the full width with
/// how long it has lasted in block digits, the golden path chain, a grid of every service
/// sized to the screen, and the failing startup phase. Other pages show the timeline and the
/// details of each service in trouble. The only key hint is quit. A refused reload (SIGUSR1)
/// stays in view above the footer until a reload succeeds.
struct WallView {
    let state: AppState
    let wall: WallState
    let theme: Theme
    let glyphs: GlyphSet

    func render(in area: Rect, buffer: inout Buffer) {
        let notice = ConfigNoticeBar(state: state, theme: theme, glyphs: glyphs)
        let rows = Layout.rows(area, [.length(1), .fill(1), .length(notice.height(width: area.width)), .length(1)])
        HeaderBar(state: state, theme: theme, glyphs: glyphs).render(in: rows[0], buffer: &buffer)
        notice.render(in: rows[2], buffer: &buffer)
        footer(in: rows[3], buffer: &buffer)
        let body = rows[1]
        switch wall.page {
        case .overview:
            overview(in: body, buffer: &buffer)
        case .timeline:
            let parts = Layout.rows(body, [.length(min(1, state.banners.count)), .length(1), .fill(1)])
            BannerStack(state: state, theme: theme, glyphs: glyphs, showsKeyHint: false).render(in: parts[0], buffer: &buffer)
            let timeline = TimelinePanel(state: state, theme: theme, glyphs: glyphs)
            SectionTitle("Timeline", right: timeline.summary, theme: theme, glyphs: glyphs).render(in: parts[1], buffer: &buffer)
            timeline.render(in: parts[2], buffer: &buffer, wrap: true)
        case .details(let id):
            guard let service = state.services.first(where: { $0.id == id }) else { return }
            let parts = Layout.rows(body, [.length(min(1, state.banners.count)), .fill(1)])
            BannerStack(state: state, theme: theme, glyphs: glyphs, showsKeyHint: false).render(in: parts[0], buffer: &buffer)
            var rest = parts[1]
            if service.config.startup != nil {
                let phases = PhasesPanel(service: service, state: state, theme: theme, glyphs: glyphs)
                let wanted = phases.lines(width: rest.width - 2).count
                let split = Layout.rows(rest, [.length(1), .length(min(wanted, rest.height / 2)), .fill(1)])
                SectionTitle(phases.title, right: phases.summary, theme: theme, glyphs: glyphs).render(in: split[0], buffer: &buffer)
                phases.render(in: split[1], buffer: &buffer, compact: split[1].height < wanted)
                rest = split[2]
            }
            let split = Layout.rows(rest, [.length(1), .fill(1)])
            SectionTitle(service.name, right: Formatting.status(service.status, glyphs), theme: theme, glyphs: glyphs).render(in: split[0], buffer: &buffer)
            DetailsPanel(service: service, state: state, theme: theme, glyphs: glyphs).render(in: split[1], buffer: &buffer)
        }
    }

    // MARK: Overview

    func overview(in area: Rect, buffer: inout Buffer) {
        let heroHeight = area.height >= 20 ? BlockFont.height + 2 : 1
        let others = Array(state.banners.dropFirst().prefix(max(0, (area.height - heroHeight) / 4)))
        let phase = failingPhase
        var constraints: [Constraint] = [.length(heroHeight), .length(others.count)]
        if state.goldenPath != nil { constraints += [.length(1), .length(2)] }
        constraints += [.length(1), .fill(1), .length(phase == nil ? 0 : 1)]
        let parts = Layout.rows(area, constraints)
        hero(in: parts[0], buffer: &buffer)
        for (i, banner) in others.enumerated() {
            var one = state
            one.banners = [banner]
            BannerStack(state: one, theme: theme, glyphs: glyphs, showsKeyHint: false).render(in: parts[1].row(i), buffer: &buffer)
        }
        var next = 2
        if let path = state.goldenPath {
            let panel = GoldenPathPanel(path: path, state: state, theme: theme, glyphs: glyphs)
            SectionTitle("Golden path · \(path.spec.name)", right: panel.summary, theme: theme, glyphs: glyphs).render(in: parts[2], buffer: &buffer)
            Paragraph(Array(panel.lines(width: area.width - 2).prefix(2))).render(in: parts[3].insetHorizontally(by: 1), buffer: &buffer)
            next = 4
        }
        let failing = state.count(.fail) + state.count(.warn)
        SectionTitle("Services", right: failing > 0 ? "\(failing) of \(state.services.count) need attention" : "\(state.services.count) ok",
                     theme: theme, glyphs: glyphs).render(in: parts[next], buffer: &buffer)
        grid(in: parts[next + 1], buffer: &buffer)
        if let phase { Paragraph([phase]).render(in: parts[next + 2].insetHorizontally(by: 1), buffer: &buffer) }
    }

    /// The worst banner, full width, with its duration in block digits; "OK" when none is up.
    func hero(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let block: Character = glyphs.isASCII ? "#" : "█"
        guard let banner = state.banners.first else {
            let style = theme.style(.ok).adding(.bold)
            buffer.fill(area, style: theme.style(.text))
            if area.height >= BlockFont.height + 2 {
                draw(BlockFont.rows("OK", glyph: block), centeredIn: Rect(x: area.x, y: area.y + 1, width: area.width, height: BlockFont.height), style: style, buffer: &buffer)
            } else {
                buffer.set(area.x + 1, area.y, Formatting.status(.ok, glyphs), style)
            }
            return
        }
        let style = banner.isAcknowledged ? theme.style(.bannerAcked) : theme.style(BannerStack.role(banner.rule.severity))
        buffer.fill(area, style: style)
        let title = "\(banner.rule.severity.rawValue) · \(state.redactor.redact(banner.rule.title))"
        guard area.height >= BlockFont.height + 2 else {
            buffer.set(area.x + 1, area.y, TextWidth.truncate(banner.line(now: state.now, redactor: state.redactor), to: area.width - 2, ellipsis: glyphs.ellipsis), style)
            return
        }
        buffer.set(area.x + 1, area.y, title, style.adding(.bold), limit: area.width - 2)
        if let by = banner.record.acknowledgedBy {
            let ack = "acked by \(by)"
            if TextWidth.of(title) + TextWidth.of(ack) + 4 < area.width { buffer.set(area.right - TextWidth.of(ack) - 1, area.y, ack, style) }
        }
        let duration = Formatting.duration(banner.duration(now: state.now))
        let digits = Rect(x: area.x, y: area.y + 1, width: area.width, height: BlockFont.height)
        if BlockFont.width(duration) + 2 <= area.width {
            draw(BlockFont.rows(duration, glyph: block), centeredIn: digits, style: style.adding(.bold), buffer: &buffer)
        } else {
            buffer.set(area.x + 1, digits.y + 2, "down " + duration, style.adding(.bold))
        }
        let text = banner.text(now: state.now, redactor: state.redactor)
        buffer.set(area.x + 1, area.bottom - 1, TextWidth.truncate(text, to: area.width - 2, ellipsis: glyphs.ellipsis), style)
    }

    func draw(_ rows: [String], centeredIn area: Rect, style: Style, buffer: inout Buffer) {
        let width = rows.map { TextWidth.of($0) }.max() ?? 0
        let x = area.x + max(0, (area.width - width) / 2)
        for (i, row) in rows.enumerated() where i < area.height {
            buffer.set(x, area.y + i, row, style, limit: area.width)
        }
    }

    /// Every service as a cell — glyph and name — in as many columns as fit, troubled first.
    func grid(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty, !state.services.isEmpty else { return }
        let ordered = state.servicesWorstFirst
        let cell = min(area.width - 2, max(state.widestName, 8) + 5)
        let columns = max(1, (area.width - 2) / max(1, cell))
        let rowsNeeded = (ordered.count + columns - 1) / columns
        for (i, s) in ordered.enumerated() {
            let row = i % max(1, rowsNeeded), column = i / max(1, rowsNeeded)
            guard row < area.height else { continue }
            let x = area.x + 1 + column * cell, y = area.y + row
            let x2 = buffer.set(x, y, Formatting.glyph(s.status, glyphs) + " ", theme.status(s.status))
            buffer.set(x2, y, TextWidth.truncate(s.name, to: cell - 3, ellipsis: glyphs.ellipsis), s.status == .ok ? theme.style(.text) : theme.status(s.status))
        }
        let hidden = max(0, rowsNeeded - area.height) * columns
        if hidden > 0 {
            let more = " +\(min(hidden, ordered.count)) more "
            buffer.set(area.right - TextWidth.of(more) - 1, area.bottom - 1, more, theme.style(.muted))
        }
    }

    var failingPhase: Line? {
        guard let s = state.services.first(where: { $0.lastFailure != nil }), let f = s.lastFailure else { return nil }
        var text = "\(s.name) startup: \(f.phase.name) \(f.phase.status.rawValue)"
        if let e = f.phase.elapsed { text += String(format: " after %.1fs", e) }
        if let t = f.phase.timeout { text += String(format: " of %.1fs", t) }
        if let code = f.exitCode { text += " · exit \(code)" }
        if let n = s.startup?.report?.restarts { text += " · \(n) restarts" }
        return Line([Span(PhasesPanel.glyph(.failed, glyphs) + " ", theme.style(.fail)), Span(text, theme.style(.text))])
    }

    func footer(in area: Rect, buffer: inout Buffer) {
        let pages = WallState.pages(state)
        let index = (pages.firstIndex(of: wall.page) ?? 0) + 1
        let name: String
        switch wall.page {
        case .overview: name = "overview"
        case .timeline: name = "timeline"
        case .details(let id): name = state.services.first { $0.id == id }?.name ?? id
        }
        // No countdown: the page turning is news enough, and a number ticking every second
        // would cost a wallboard's link bytes every second.
        var text = "WALL · \(name) (\(index)/\(pages.count))"
        if wall.rotateEvery > 0 && pages.count > 1 { text += " · every \(Seconds(wall.rotateEvery))" }
        KeyHintFooter(hints: [.init("q", "quit", essential: true)], keyStyle: theme.style(.key), labelStyle: theme.style(.footer)).render(in: area, buffer: &buffer)
        let w = TextWidth.of(text)
        if w + 12 < area.width { buffer.set(area.right - w - 1, area.y, text, theme.style(.footer)) }
    }
}
