import ArgumentParser
import Console
import Foundation
import Monitoring
import TUI

/// `warroom check`: poll once; exit 0 when all is well, 1 when anything is degraded or failing.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Poll once and report; the exit status says whether all is well.",
        discussion: "The poll is kept in the store like any poll of the console (results, transitions, banners), so a check "
            + "run from cron leaves its history. Exit status: 0 all ok, 1 something degraded or failing, "
            + "2 a P0 banner holds or the golden path fails (1 while banners still wait to clear), 78 config error."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var source: ConfigSourceOptions
    @OptionGroup var history: StoreOptions

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        let state = try OneShot.poll(source, store: history, recording: true)
        let report = CheckReport(state: state)
        switch format {
        case .json: Output.line(try report.json())
        case .text: Output.line(report.text(glyphs: OneShot.localeIsUTF8 ? .unicode : .ascii))
        }
        if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
    }
}
