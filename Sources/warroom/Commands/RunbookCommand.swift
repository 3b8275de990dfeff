import ArgumentParser
import Console
import Foundation
import Monitoring
import Runner

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
    @OptionGroup var history: StoreOptions

    func run() throws {
        let (config, sim) = try source.load()
        defer { if let sim { try? Blocking.run { await sim.stop() } } }
        guard !config.runbooks.isEmpty else {
            Output.line("no runbooks in \(config.source)")
            return
        }
        // Each step's last run, from the audit log beside the store.
        let log = AuditLog(path: History.auditPath(forStore: try history.choice(for: config).path), seal: nil)
        var last: [String: AuditRecord] = [:]
        if FileManager.default.fileExists(atPath: log.path) {
            do throws(AuditError) {
                for record in try log.records() where record.kind == .finished || record.kind == .interrupted { last["\(record.runbook)/\(record.step)"] = record }
            } catch {
                Output.error("warroom: last runs not shown: \(error)")
            }
        }
        for book in config.runbooks {
            Output.line("\(book.id)  \(book.title)")
            for (i, step) in book.steps.enumerated() {
                var flags: [String] = []
                switch step.safety {
                case .none: break
                case .confirm: flags.append("confirm")
                case .dangerous(let phrase): flags.append("dangerous: type '\(phrase)'")
                }
                if !step.parameters.isEmpty { flags.append("params: " + step.parameters.map(\.name).joined(separator: ", ")) }
                if let run = last["\(book.id)/\(step.id)"] {
                    flags.append("last: \((run.status ?? run.kind.rawValue).uppercased()) \(IncidentReport.stamp(run.at)) by \(run.operatorName)")
                }
                Output.line("  \(i + 1). \(step.id)  \(step.title)" + (flags.isEmpty ? "" : "  [\(flags.joined(separator: "; "))]"))
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
            + "or --yes and the phrase typed on the terminal; without a terminal on standard input, --yes (and --confirm) "
            + "must be given. Exit status: 0 OK, 1 FAILED or REGRESSION, 2 timed out, cancelled (Ctrl-C) or could not start, "
            + "3 not run (declined, the phrase did not match, or not confirmed), 64 a wrong runbook, step or parameter, 78 config error."
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
        let takes = step.parameters.isEmpty ? "the step takes no parameters" : "the step takes " + step.parameters.map(\.name).joined(separator: ", ")
        for p in params {
            let kv = p.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard kv.count == 2 else { throw usage("--param needs NAME=VALUE, found '\(p)'; \(takes)") }
            guard let parameter = step.parameters.first(where: { $0.name == kv[0] }) else {
                throw usage("--param \(kv[0]): no such parameter; \(takes)")
            }
            guard values[parameter.name] == nil else { throw usage("--param \(parameter.name) is given twice; give each parameter once") }
            switch step.validate(parameter, kv[1]) {
            case .success(let v): values[parameter.name] = v
            case .failure(let refusal): throw usage("refused: \(refusal)")
            }
        }
        for parameter in step.parameters where values[parameter.name] == nil {
            guard let d = parameter.defaultValue else { throw usage("step '\(step.id)' needs --param \(parameter.name)=…") }
            values[parameter.name] = d
        }
        try confirmSafety(step)

        let store = History(try history.choice(for: config))
        defer { store.close() }
        let desk = RunbookDesk(config: config, history: store) { _ in }
        if store.writer.status.mode == .file {
            _ = desk.markInterrupted()
            if desk.orphanCount > 0 {
                Output.error("warroom: \(desk.orphanCount == 1 ? "1 step is" : "\(desk.orphanCount) steps are") still running, left by a console that was killed; the console offers to stop \(desk.orphanCount == 1 ? "it" : "them")")
            }
            if let news = desk.reconcile() { Output.error("warroom: \(news)") }
        } else {
            Output.error("warroom: history not kept: \(store.writer.status.sentence)")
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
                    Output.write(line.text + "\n", to: line.stream == .standardError ? .standardError : .standardOutput)
                }
            })
        } catch {
            Output.error("warroom: not run: \(error)")
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
        if let unwritten = desk.close() { Output.prompt(unwritten) }
        let verdict = RunbookDesk.verdict(outcome.status)
        Output.error("\(verdict.phrase(outcome.reason))\noutput: \(outcome.outputPath)")
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
        Output.prompt(question)
        return readLine(strippingNewline: true) ?? ""
    }

    func refused(_ message: String) -> ExitCode {
        Output.error("warroom: \(message)")
        return ExitCode(ExitStatus.notRun)
    }

    func usage(_ message: String) -> ExitCode {
        Output.error("warroom: \(message)")
        return ExitCode(ExitStatus.usage)
    }
}
