/// One line of a step's output as the pane draws it.
///
/// Contract: `text` holds no control character or escape sequence, hides secrets, and is at
/// most `OutputLine.longest` characters (a longer line ends in `…`). Of a line rewritten with
/// carriage returns (a progress bar), only the last version is kept.
public struct OutputLine: Hashable, Sendable {
    public enum Stream: String, Hashable, Sendable {
        case standardOutput
        case standardError
    }

    public var text: String
    public var stream: Stream

    public init(_ text: String, stream: Stream = .standardOutput) {
        self.text = text
        self.stream = stream
    }

    public static let longest = 2000
}
