import Foundation
import Monitoring
import Testing
import TestSupport
@testable import Runner

/// Parameters reaching a command: checked, and never read by a shell.
@Suite struct StepInvocationTests {
    static let hostile = [
        "; rm -rf /",
        "$(touch SIDE-EFFECT)",
        "`touch SIDE-EFFECT`",
        "\"double\" 'single' \\ back",
        "line one\nline two\n",
        "$HOME ${PATH} * ? [a] ~ & | > SIDE-EFFECT",
        "{value}",
        "--help",
    ]

    static let runbook = Runbook(id: "staging-backend", steps: [])

    /// Runs `step` with `value` in a fresh folder; returns the output and whether anything
    /// appeared in the folder besides the output.
    func run(_ step: RunbookStep, value: String) throws -> (output: String, sideEffects: [String]) {
        let folder = TempFiles.folder("warroom-hostile")
        var step = step
        step.workingDirectory = folder.path
        let invocation = try StepInvocation.resolve(step: step, runbook: StepInvocationTests.runbook, values: ["value": value], redactor: .none)
        let output = folder.appendingPathComponent("out").appendingPathComponent("output.log").path
        try FileManager.default.createDirectory(atPath: PathText.folder(of: output), withIntermediateDirectories: true)
        let outcome = StepProcess.start(invocation, outputPath: output).wait()
        #expect(outcome.status == .ok, "\(outcome.reason)")
        let text = try String(contentsOfFile: output, encoding: .utf8)
        let others = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "out" }
        return (text, others)
    }

    @Test(arguments: hostile)
    func hostileValuesArriveByteExactAsArguments(_ value: String) throws {
        // After `--`, a value starting with `-` is an argument like any other.
        let step = RunbookStep(id: "echo", command: .argv(["printf", "--", "%s", "{value}"]), parameters: [RunbookParameter(name: "value")])
        let (output, sideEffects) = try run(step, value: value)
        #expect(output == value)
        #expect(sideEffects.isEmpty)
    }

    @Test(arguments: hostile)
    func hostileValuesArriveByteExactInTheEnvironment(_ value: String) throws {
        let step = RunbookStep(id: "echo", command: .shell(#"printf %s "$WARROOM_PARAM_VALUE""#), parameters: [RunbookParameter(name: "value")])
        let (output, sideEffects) = try run(step, value: value)
        #expect(output == value)
        #expect(sideEffects.isEmpty)
    }

    /// `run: [sort, "{file}"]` with `file=--output=pwned` wrote the file `pwned`.
    @Test func aValueThatWouldBeAnOptionIsRefusedUnlessAllowed() throws {
        let sort = RunbookStep(id: "sort", command: .argv(["sort", "{file}"]), parameters: [RunbookParameter(name: "file")])
        #expect(throws: ParameterRefusal.self) {
            try StepInvocation.resolve(step: sort, runbook: StepInvocationTests.runbook, values: ["file": "--output=pwned"], redactor: .none)
        }
        do {
            _ = try StepInvocation.resolve(step: sort, runbook: StepInvocationTests.runbook, values: ["file": "-o"], redactor: .none)
        } catch {
            #expect(error.reason.contains("write \"--\" before \"{file}\""), "\(error)")
        }
        let folder = TempFiles.folder("warroom-option")
        var written = sort
        written.workingDirectory = folder.path
        _ = try? StepInvocation.resolve(step: written, runbook: StepInvocationTests.runbook, values: ["file": "--output=pwned"], redactor: .none)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("pwned").path))
        // After `--` the program reads it as a file name; a parameter may also allow it.
        let guarded = RunbookStep(id: "sort", command: .argv(["sort", "--", "{file}"]), parameters: [RunbookParameter(name: "file")])
        #expect(try StepInvocation.resolve(step: guarded, runbook: StepInvocationTests.runbook, values: ["file": "--output=pwned"], redactor: .none).argv == ["sort", "--", "--output=pwned"])
        let allowed = RunbookStep(id: "head", command: .argv(["head", "{count}"]), parameters: [RunbookParameter(name: "count", kind: .number, allowsLeadingDash: true)])
        #expect(try StepInvocation.resolve(step: allowed, runbook: StepInvocationTests.runbook, values: ["count": "-5"], redactor: .none).argv == ["head", "-5"])
        // In the environment it is only text.
        let shell = RunbookStep(id: "env", command: .shell("sort -- \"$WARROOM_PARAM_FILE\""), parameters: [RunbookParameter(name: "file")])
        #expect(try StepInvocation.resolve(step: shell, runbook: StepInvocationTests.runbook, values: ["file": "--output=pwned"], redactor: .none).environment["WARROOM_PARAM_FILE"] == "--output=pwned")
    }

    @Test func placeholdersAreWholeArgumentsOnly() throws {
        let step = RunbookStep(id: "s", command: .argv(["deploy", "{rev}", "--to={rev}", "{other}", "{}"]), parameters: [RunbookParameter(name: "rev")])
        let i = try StepInvocation.resolve(step: step, runbook: StepInvocationTests.runbook, values: ["rev": "r 1; id"], redactor: .none, inheritedEnvironment: [:])
        #expect(i.argv == ["deploy", "r 1; id", "--to={rev}", "{other}", "{}"])
        #expect(i.environment == ["WARROOM_PARAM_REV": "r 1; id"])
    }

    @Test func aShellLineIsRunBySh() throws {
        let step = RunbookStep(id: "s", command: .shell("echo \"$WARROOM_PARAM_REV\" {rev}"), parameters: [RunbookParameter(name: "rev")])
        let i = try StepInvocation.resolve(step: step, runbook: StepInvocationTests.runbook, values: ["rev": "$(id)"], redactor: .none, inheritedEnvironment: [:])
        #expect(i.argv == ["/bin/sh", "-c", "echo \"$WARROOM_PARAM_REV\" {rev}"])
        #expect(i.environment["WARROOM_PARAM_REV"] == "$(id)")
    }

    @Test func environmentLayersInheritedThenStepThenParameters() throws {
        let step = RunbookStep(id: "s", command: .argv(["env"]), environment: ["REGION": "europe-west1", "HOME": "/srv"], parameters: [RunbookParameter(name: "count", kind: .number, defaultValue: "2")])
        let inherited = ["HOME": "/home/maria", "PATH": "/usr/bin", "WARROOM_PARAM_STALE": "x"]
        let i = try StepInvocation.resolve(step: step, runbook: StepInvocationTests.runbook, values: [:], redactor: .none, inheritedEnvironment: inherited)
        #expect(i.environment == ["HOME": "/srv", "PATH": "/usr/bin", "REGION": "europe-west1", "WARROOM_PARAM_COUNT": "2"])
        #expect(i.shownParameters == ["count": "2"])
        #expect(i.runbookID == "staging-backend")
        #expect(i.stepID == "s")
    }

    @Test func refusalsNameTheParameterAndTheReason() {
        let step = RunbookStep(id: "s", command: .argv(["deploy", "{rev}"]), parameters: [
            RunbookParameter(name: "rev", pattern: LogPattern("^[a-z-]+$")),
            RunbookParameter(name: "count", kind: .number, defaultValue: "1"),
        ])
        func refusal(_ values: [String: String]) -> ParameterRefusal? {
            do throws(ParameterRefusal) {
                _ = try StepInvocation.resolve(step: step, runbook: StepInvocationTests.runbook, values: values, redactor: .none)
                return nil
            } catch {
                return error
            }
        }
        #expect(refusal(["rev": "x;y"]) == ParameterRefusal(parameter: "rev", reason: "'x;y' does not match ^[a-z-]+$"))
        #expect(refusal(["rev": "ok\nrm"]) == ParameterRefusal(parameter: "rev", reason: "'ok\\nrm' does not match ^[a-z-]+$"))
        #expect(refusal([:]) == ParameterRefusal(parameter: "rev", reason: "a value is required"))
        #expect(refusal(["rev": ""]) == ParameterRefusal(parameter: "rev", reason: "a value is required"))
        #expect(refusal(["rev": "ok", "count": "many"]) == ParameterRefusal(parameter: "count", reason: "'many' is not a number"))
        #expect(refusal(["rev": "ok", "force": "yes"]) == ParameterRefusal(parameter: "force", reason: "step 's' has no parameter 'force'"))
        #expect(refusal(["rev": "ok"]) == nil)
    }

    @Test func secretsAreHiddenInEveryShownForm() throws {
        let step = RunbookStep(id: "s", command: .argv(["login", "{token}", "--project", "acme-prod-1234", "{user}"]), parameters: [
            RunbookParameter(name: "token", secret: true),
            RunbookParameter(name: "user"),
        ])
        let config = SecretRedactor(["acme-prod-1234"])
        let i = try StepInvocation.resolve(step: step, runbook: StepInvocationTests.runbook, values: ["token": "s3cr3t-t0ken", "user": "maria"], redactor: config)
        #expect(i.argv == ["login", "s3cr3t-t0ken", "--project", "acme-prod-1234", "maria"])
        #expect(i.shownArgv == ["login", "•••", "--project", "•••", "maria"])
        #expect(i.shownParameters == ["token": "•••", "user": "maria"])
        #expect(i.redactor.redact("auth s3cr3t-t0ken for acme-prod-1234") == "auth ••• for •••")
    }
}
