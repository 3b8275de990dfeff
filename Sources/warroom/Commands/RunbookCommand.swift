import ArgumentParser
import Console
import Foundation
import Monitoring
import Runner
import SafeText

/// `warroom runbook`: list runbooks, or run one step from a shell with the console's checks
/// and audit records.
struct RunbookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runbook",
        abstract: "List runbooks, or run one step from a shell.",
        subcommands: [ListRunbooks.self, RunStep.self]
    )
}

/// `warroom runbook list`.
struct ListRunbooks: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The runbooks of a config and their steps.")

    @OptionGroup var source: ConfigSourceOptions

    func run() throws {
        let (config, sim) = try source.load()
        defer { if let sim { try? Blocking.run { await sim.stop() } } }
        guard !config.runbooks.isEmpty else {
            print("no runbooks in \(config.source)")
            return
        }
        for book in config.runbooks {
            print("\(book.id)  \(book.title)")
            for (i, step) in book.steps.enumerated() {
                var flags: [String] = []
                switch step.safety {
                case .none: break
                case .confirm: flags.append("confirm")
                case .dangerous(let phrase): flags.append("dangerous: type '\(phrase)'")
                }
                if !step.parameters.isEmpty { flags.append("params: " + step.parameters.map(\.name).joined(separator: ", ")) }
                print("  \(i + 1). \(step.id)  \(step.title)" + (flags.isEmpty ? "" : "  [\(flags.joined(separator: "; "))]"))
            }
        }
    }
}

/// `warroom runbook run RUNBOOK STEP`.
struct RunStep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one step, with its checks and audit records.",
        discussion: "A confirm step needs --yes or a y typed on the terminal; a dangerous step needs --confirm PHRASE, "
            + "or --yes and the phrase typed on the terminal. Exit status: 0 OK, 1 FAILED or REGRESSION, "
            + "2 timed out, cancelled or not started, 64 a wrong runbook, step or parameter, 78 config error."
    )

    @OptionGroup var source: ConfigSourceOptions
    @OptionGroup var history: StoreOptions

    @Argument(help: "The runbook's id.")
    var runbook: String

    @Argument(help: "The step's id.")
    var step: String

    @Option(name: .customLong("param"), help: "A parameter as NAME=VALUE (repeatable).")
    var params: [String] = []

    @Flag(help: "Go ahead with a step that asks for confirmation.")
    var yes = false

    @Option(help: "The phrase a dangerous step wants typed.")
    var confirm: String?

    func run() throws {
        let (config, sim) = try source.load()
        defer { if let sim { try? Blocking.run { await sim.stop() } } }
        guard let book = config.runbooks.first(where: { $0.id == runbook }) else {
            throw usage("no runbook '\(runbook)'; there are: \(config.runbooks.map(\.id).joined(separator: ", "))")
        }
        guard let step = book.steps.first(where: { $0.id == self.step }) else {
            throw usage("runbook '\(runbook)' has no step '\(self.step)'; it has: \(book.steps.map(\.id).joined(separator: ", "))")
        }
        var values: [String: String] = [:]
        for p in params {
            let kv = p.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard kv.count == 2, let parameter = step.parameters.first(where: { $0.name == kv[0] }) else {
                throw usage("--param \(SafeText.sanitize(p)): the step takes \(step.parameters.isEmpty ? "no parameters" : step.parameters.map(\.name).joined(separator: ", "))")
            }
            switch parameter.validate(kv[1]) {
            case .success(let v): values[parameter.name] = v
            case .failure(let refusal): throw usage("refused: \(refusal)")
            }
        }
        for parameter in step.parameters where values[parameter.name] == nil {
            guard let d = parameter.defaultValue else { throw usage("step '\(step.id)' needs --param \(parameter.name)=…") }
            values[parameter.name] = d
        }
        try confirmSafety(step)

        let store = History(path: history.path(for: config))
        defer { store.close() }
        let desk = RunbookDesk(config: config, history: store) { _ in }
        if store.writer.status.mode == .file {
            _ = desk.markInterrupted()
            if let news = desk.reconcile() { FileHandle.standardError.write(Data("warroom: \(news)\n".utf8)) }
        }
        let invocation: StepInvocation
        do throws(ParameterRefusal) {
            invocation = try StepInvocation.resolve(step: step, runbook: book, values: values, redactor: config.redactor)
        } catch {
            throw usage("refused: \(error)")
        }
        let started: (runID: UUID, process: StepProcess)
        do throws(AuditError) {
            started = try desk.runner.start(invocation, progress: { progress in
                for line in progress.newLines {
                    let text = line.text + "\n"
                    (line.stream == .standardError ? FileHandle.standardError : FileHandle.standardOutput).write(Data(text.utf8))
                }
            })
        } catch {
            FileHandle.standardError.write(Data("warroom: not run: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT)
        signal(SIGINT, SIG_IGN)
        interrupt.setEventHandler { desk.runner.cancel(started.runID) }
        interrupt.resume()
        let outcome = started.process.wait()
        interrupt.cancel()
        // The finished record is written just before the outcome is delivered to waiters.
        while desk.runner.runs[started.runID] != nil { Thread.sleep(forTimeInterval: 0.01) }
        if let unwritten = desk.close() { FileHandle.standardError.write(Data(unwritten.utf8)) }
        let verdict = RunbookDesk.verdict(outcome.status)
        FileHandle.standardError.write(Data("\(verdict.phrase(outcome.reason))\noutput: \(outcome.outputPath)\n".utf8))
        switch outcome.status {
        case .ok: return
        case .failed, .regression: throw ExitCode(1)
        case .timedOut, .cancelled, .couldNotStart: throw ExitCode(2)
        }
    }

    /// Asks for, or checks, what the step's safety flag wants.
    func confirmSafety(_ step: RunbookStep) throws {
        let tty = isatty(STDIN_FILENO) == 1
        switch step.safety {
        case .none:
            return
        case .confirm:
            if yes { return }
            guard tty else { throw refused("'\(step.id)' asks for confirmation: give --yes") }
            if ask("Run \(step.title)? [y/N] ").lowercased() == "y" { return }
            throw refused("not run")
        case .dangerous(let phrase):
            if let confirm {
                if confirm == phrase { return }
                throw refused("the phrase did not match: not run")
            }
            guard yes, tty else { throw refused("'\(step.id)' is dangerous: give --confirm '\(phrase)' (or --yes and type it on a terminal)") }
            if ask("\(step.title) is dangerous. Type '\(phrase)' to go ahead: ") == phrase { return }
            throw refused("the phrase did not match: not run")
        }
    }

    func ask(_ question: String) -> String {
        FileHandle.standardError.write(Data(question.utf8))
        return readLine(strippingNewline: true) ?? ""
    }

    func refused(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("warroom: \(message)\n".utf8))
        return ExitCode(1)
    }

    func usage(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("warroom: \(message)\n".utf8))
        return ExitCode(64)
    }
}
