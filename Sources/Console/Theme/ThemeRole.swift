/// What a piece of the screen means; themes give each role a style.
public enum ThemeRole: String, CaseIterable, Sendable {
    case text, muted, title, border
    case header, headerAccent = "header-accent"
    case selection, footer, key
    case ok, warn, fail, unknown, blocked
    case bannerP0 = "banner-p0", bannerP1 = "banner-p1", bannerP2 = "banner-p2", bannerP3 = "banner-p3", bannerAcked = "banner-acked"
    case sparkline, flash
}
