import ArgumentParser
import Console
import Foundation

/// `warroom report`: poll once, read the history, and write the incident status update.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the incident status update (Markdown) from a fresh poll and the stored history.",
        discussion: "Prints to stdout unless --out names a file. The store is only read. "
            + "Exit status: 0 written, 78 config error, 1 the file could not be written."
    )

    @OptionGroup var source: ConfigSourceOptions
    @OptionGroup var history: StoreOptions

    @Option(name: .shortAndLong, help: "Write the report to this file instead of stdout.")
    var out: String?

    func run() throws {
        let state = try OneShot.poll(source, store: history)
        let markdown = IncidentReport(state: state).markdown()
        guard let out else {
            Output.text(markdown)
            return
        }
        do {
            try markdown.write(toFile: out, atomically: true, encoding: .utf8)
            Output.error("warroom: report written to \(out)")
        } catch {
            Output.error("warroom: cannot write \(out): \(error.localizedDescription)")
            throw ExitCode(1)
        }
    }
}
