import Foundation
import SafeText

/// Every line a command prints, to standard output or standard error.
///
/// Contract: the text is passed through the console's sanitizer first (line breaks kept), so
/// that nothing a config, a parameter, a response body, a step's output or a tampered audit
/// log holds can move the cursor, clear the screen, set the title or write the clipboard of
/// the terminal it is printed on. Nothing in `warroom` prints any other way, but help, the
/// version and completion scripts, which are the program's own text (`Warroom.main`).
enum Output {
    /// Prints `text` and a line break on standard output.
    static func line(_ text: String) {
        write(text + "\n", to: .standardOutput)
    }

    /// Prints `text` as it is (no line break added) on standard output.
    static func text(_ text: String) {
        write(text, to: .standardOutput)
    }

    /// Prints `text` and a line break on standard error.
    static func error(_ text: String) {
        write(text + "\n", to: .standardError)
    }

    /// Prints `text` as it is on standard error (a question waiting for its answer).
    static func prompt(_ text: String) {
        write(text, to: .standardError)
    }

    enum Stream {
        case standardOutput, standardError
    }

    static func write(_ text: String, to stream: Stream) {
        let clean = SafeText.sanitize(text, keepNewlines: true)
        let handle = stream == .standardOutput ? FileHandle.standardOutput : FileHandle.standardError
        handle.write(Data(clean.utf8))
    }
}
