/// Why the full screen cannot start here, in words that say what to do instead.
public enum TerminalRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    case notATerminal(stream: String)
    case terminalTypeUnset
    case unknownTerminalType(String)
    case cannotAddressCursor(String)
    case initializationFailed(String)

    public var description: String {
        let alternatives = "Use `warroom snapshot` to print one frame as text, or `warroom check` for a pass/fail summary."
        switch self {
        case .notATerminal(let stream):
            return "warroom: \(stream) is not a terminal, so the full-screen console cannot start. \(alternatives)"
        case .terminalTypeUnset:
            return "warroom: TERM is not set, so the terminal's abilities are unknown. Set TERM (e.g. TERM=xterm-256color). \(alternatives)"
        case .unknownTerminalType(let t):
            return "warroom: terminal type '\(t)' is unknown to this system's terminfo. Try TERM=xterm-256color or TERM=xterm. \(alternatives)"
        case .cannotAddressCursor(let t):
            return "warroom: terminal type '\(t)' cannot move the cursor, so a full-screen view is impossible. \(alternatives)"
        case .initializationFailed(let t):
            return "warroom: the terminal (\(t)) could not be initialized. \(alternatives)"
        }
    }
}
