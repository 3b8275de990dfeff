import TUI

/// Draws the whole console: `render(state, theme, size) -> Buffer`.
///
/// Contract: pure — the same state, theme, size and glyphs give the same buffer; any size
/// works, and below `minimumSize` the frame is one line saying so.
public enum ConsoleView {
    public static let minimumSize = Size(width: 40, height: 12)
    /// Below this the overview is the one-column minimal view.
    public static let compactSize = Size(width: 80, height: 24)

    public static func render(_ state: AppState, theme: Theme, size: Size, glyphs: GlyphSet) -> Buffer {
        var buffer = Buffer(size: size, fill: Cell(" ", style: theme.style(.text)))
        let area = buffer.area
        if size.width < minimumSize.width || size.height < minimumSize.height {
            let need = "\(minimumSize.width)x\(minimumSize.height)"
            let long = "terminal too small (need \(need))"
            let msg = TextWidth.of(long) <= size.width ? long : "too small: need \(need)"
            buffer.set(0, 0, TextWidth.truncate(msg, to: size.width, ellipsis: glyphs.ellipsis), theme.style(.warn))
            return buffer
        }
        if let wall = state.wall {
            WallView(state: state, wall: wall, theme: theme, glyphs: glyphs).render(in: area, buffer: &buffer)
            if glyphs.isASCII { buffer.makeASCII() }
            return buffer
        }
        let banners = BannerStack(state: state, theme: theme, glyphs: glyphs)
        let minimal = size.width < compactSize.width || size.height < compactSize.height
        let bannerHeight = minimal ? min(banners.height, 1) : min(banners.height, max(1, (size.height - 2) / 4))
        let notice = ConfigNoticeBar(state: state, theme: theme, glyphs: glyphs)
        let noticeHeight = notice.height(width: size.width, limit: minimal ? 1 : ConfigNoticeBar.maximumLines)
        let rows = Layout.rows(area, [.length(1), .length(bannerHeight), .fill(1), .length(noticeHeight), .length(1)])
        HeaderBar(state: state, theme: theme, glyphs: glyphs).render(in: rows[0], buffer: &buffer)
        banners.render(in: rows[1], buffer: &buffer)
        notice.render(in: rows[3], buffer: &buffer)
        Footer(state: state, theme: theme, glyphs: glyphs).render(in: rows[4], buffer: &buffer)
        let body = rows[2]
        switch state.screen {
        case .help:
            HelpScreen(state: state, theme: theme, glyphs: glyphs).render(in: body, buffer: &buffer)
        case .details:
            guard let service = state.selectedService else { break }
            var area = body
            if service.config.startup != nil {
                let phases = PhasesPanel(service: service, state: state, theme: theme, glyphs: glyphs)
                let wanted = phases.lines(width: body.width - 2).count
                let parts = Layout.rows(body, [.length(1), .length(min(wanted, body.height / 2)), .fill(1)])
                SectionTitle(phases.title, right: phases.summary, theme: theme, glyphs: glyphs).render(in: parts[0], buffer: &buffer)
                phases.render(in: parts[1], buffer: &buffer)
                area = parts[2]
            }
            let parts = Layout.rows(area, [.length(1), .fill(1)])
            SectionTitle("\(service.name) · details", right: "\(state.selected + 1) of \(state.services.count)", theme: theme, glyphs: glyphs)
                .render(in: parts[0], buffer: &buffer)
            DetailsPanel(service: service, state: state, theme: theme, glyphs: glyphs).render(in: parts[1], buffer: &buffer)
        case .timeline:
            let timeline = TimelinePanel(state: state, theme: theme, glyphs: glyphs)
            let parts = Layout.rows(body, [.length(1), .fill(1)])
            let scrolled = state.timelineScroll > 0 ? "\(state.timelineScroll) newer above · " : ""
            SectionTitle("Timeline", right: scrolled + timeline.summary, theme: theme, glyphs: glyphs).render(in: parts[0], buffer: &buffer)
            timeline.render(in: parts[1], buffer: &buffer, skip: state.timelineScroll, wrap: true)
        case .runbooks:
            RunbookScreen(state: state, theme: theme, glyphs: glyphs).render(in: body, buffer: &buffer)
        case .overview:
            if minimal {
                MinimalView(state: state, theme: theme, glyphs: glyphs).render(in: body, buffer: &buffer)
            } else {
                renderOverview(state, theme: theme, glyphs: glyphs, in: body, buffer: &buffer)
            }
        }
        if let prompt = state.runbookMenu.prompt {
            PromptBox(prompt: prompt, state: state, theme: theme, glyphs: glyphs).render(in: body, buffer: &buffer)
        }
        if glyphs.isASCII { buffer.makeASCII() }
        return buffer
    }

    static func renderOverview(_ state: AppState, theme: Theme, glyphs: GlyphSet, in full: Rect, buffer: inout Buffer) {
        var body = full
        if let path = state.goldenPath {
            let panel = GoldenPathPanel(path: path, state: state, theme: theme, glyphs: glyphs)
            let lines = panel.lines(width: body.width - 2)
            let height = min(lines.count, body.height >= 30 ? 4 : 2)
            let parts = Layout.rows(body, [.length(1), .length(height), .fill(1)])
            SectionTitle("Golden path · \(path.spec.name)", right: panel.summary, theme: theme, glyphs: glyphs).render(in: parts[0], buffer: &buffer)
            panel.render(in: parts[1], buffer: &buffer)
            body = parts[2]
        }
        let services = ServicesPanel(state: state, theme: theme, glyphs: glyphs)
        let phases = state.startupFocus.map { PhasesPanel(service: $0, state: state, theme: theme, glyphs: glyphs) }
        let sideBySide = body.width >= 160
        let phaseWidth = sideBySide ? body.width / 2 - 2 : body.width - 2
        let phaseLines = phases?.lines(width: phaseWidth).count ?? 0
        let lowerMinimum = max(body.height >= 20 ? 8 : 4, sideBySide ? phaseLines + 1 : 0)
        let tableHeight = min(services.wantedHeight, max(2, body.height - 1 - 1 - lowerMinimum))
        let parts = Layout.rows(body, [.length(1), .length(tableHeight), .fill(1)])
        let failing = state.count(.fail) + state.count(.warn)
        SectionTitle("Services", right: failing > 0 ? "\(failing) of \(state.services.count) need attention" : "\(state.services.count) watched", theme: theme, glyphs: glyphs)
            .render(in: parts[0], buffer: &buffer)
        services.render(in: parts[1], buffer: &buffer)
        var detailsArea = parts[2]
        if let phases {
            let phasesArea: Rect
            if sideBySide {
                let halves = Layout.columns(parts[2], [.fill(1), .fill(1)], spacing: 1)
                detailsArea = halves[0]
                phasesArea = halves[1]
            } else {
                let room = max(0, parts[2].height - 4)
                let wanted = phaseLines + 1 > room ? (phases.lines(width: phaseWidth, compact: true).count + 1) : phaseLines + 1
                let rows = Layout.rows(parts[2], [.length(min(wanted, room)), .fill(1)])
                phasesArea = rows[0]
                detailsArea = rows[1]
            }
            let split = Layout.rows(phasesArea, [.length(1), .fill(1)])
            SectionTitle(phases.title, right: phases.summary, theme: theme, glyphs: glyphs).render(in: split[0], buffer: &buffer)
            phases.render(in: split[1], buffer: &buffer, compact: split[1].height < phaseLines)
        }
        if detailsArea.height >= 10 || (state.selectedService == nil && detailsArea.height >= 2) {
            let timeline = TimelinePanel(state: state, theme: theme, glyphs: glyphs)
            let wanted = timeline.lines(width: detailsArea.width - 2, limit: detailsArea.height).count + 1
            let height = state.selectedService == nil ? detailsArea.height : min(wanted, max(3, detailsArea.height / 2 - 1))
            let split = Layout.rows(detailsArea, [.fill(1), .length(height)])
            detailsArea = split[0]
            let inner = Layout.rows(split[1], [.length(1), .fill(1)])
            SectionTitle("Timeline", right: "t for all · " + timeline.summary, theme: theme, glyphs: glyphs).render(in: inner[0], buffer: &buffer)
            timeline.render(in: inner[1], buffer: &buffer)
        }
        if let service = state.selectedService, !detailsArea.isEmpty {
            let split = Layout.rows(detailsArea, [.length(1), .fill(1)])
            SectionTitle("\(service.name)", right: "Enter for more", theme: theme, glyphs: glyphs).render(in: split[0], buffer: &buffer)
            DetailsPanel(service: service, state: state, theme: theme, glyphs: glyphs).render(in: split[1], buffer: &buffer)
        }
    }
}
