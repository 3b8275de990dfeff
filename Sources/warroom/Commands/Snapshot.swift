import ArgumentParser
import Console
import Foundation
import TUI

/// `warroom snapshot`: poll once and print the console's frame as plain text.
struct Snapshot: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Poll once and print the screen as text (for chat, tickets, or a terminal without a full screen)."
    )

    @OptionGroup var source: ConfigSourceOptions
    @OptionGroup var history: StoreOptions
    @OptionGroup var look: LookOptions

    @Option(help: "Frame size as WIDTHxHEIGHT.")
    var size: String = "120x40"

    func validate() throws {
        guard Size(parsing: size) != nil else { throw ValidationError("--size must look like 120x40") }
    }

    func run() throws {
        let theme = try look.loadTheme()
        let state = try OneShot.poll(source, store: history)
        let glyphs: GlyphSet = (look.ascii || !OneShot.localeIsUTF8) ? .ascii : .unicode
        let frame = ConsoleView.render(state, theme: theme, size: Size(parsing: size)!, glyphs: glyphs)
        Output.line(frame.text)
    }
}
