import Foundation
import Testing
import TestSupport
@testable import Monitoring

/// Runbooks as config describes them: the model, the files they come from, the errors, and
/// the checking of parameter values.
@Suite struct RunbookConfigTests {
    static let staging = """
    environment: staging
    services:
      - id: backend
        check: { type: tcp, host: localhost, port: 8080 }
    golden_path:
      steps:
        - id: login
          check: { type: http, url: "http://localhost:8080/login" }
    impact:
      - id: chat-offline
        severity: P0
        title: Chat offline
        when: { golden_path: failing }
    runbooks:
      - id: staging-backend
        title: Staging backend does not start
        description: The steps of the staging outage, in order.
        remedies:
          services: [backend]
          phases: [DATABASE]
          golden_path_steps: [login]
          banners: [chat-offline]
        steps:
          - id: check-timeouts
            title: Check the timeout configuration
            run: [gcloud, run, services, describe, "{service}", --format=yaml, "{not-a-param}", "x{service}"]
            env: { CLOUDSDK_CORE_PROJECT: "${GCP_PROJECT}" }
            workdir: ops
            expect:
              exit: [0, 3]
              output_matches: 'state: RUNNABLE'
              output_not_matches: 'timeout: 20\\.0'
              on_mismatch: regression
            params:
              - { name: service, type: choice, choices: [backend-staging, auth-staging], default: backend-staging }
          - id: rollback
            shell: 'gcloud run services update-traffic backend-staging --to-revisions="${WARROOM_PARAM_REVISION}=100"'
            timeout: 10m
            safety: dangerous
            params:
              - name: revision
                pattern: 'backend-staging-[0-9]{5}-[a-z]{3}'
                description: The revision to roll back to
              - { name: minInstances, type: number, default: 1 }
              - { name: token, secret: true }
              - { name: dry-run, type: boolean, default: yes }
          - id: scale-down
            title: Scale to zero
            run: [gcloud, run, services, update, backend-staging, --min-instances=0]
            safety: dangerous
            confirm_phrase: scale staging to zero
          - id: restart
            run: [gcloud, run, services, update, backend-staging]
            safety: confirm
    """

    @Test func readsARunbookWithEveryKindOfStep() throws {
        let config = try WarroomConfig.parse(RunbookConfigTests.staging, file: "/etc/warroom/warroom.yaml", environment: ["GCP_PROJECT": "acme-staging"])
        let runbook = try #require(config.runbooks.first)
        #expect(config.runbooks.count == 1)
        #expect(runbook.id == "staging-backend")
        #expect(runbook.title == "Staging backend does not start")
        #expect(runbook.remedies == RunbookLink(services: ["backend"], phases: ["DATABASE"], goldenPathSteps: ["login"], banners: ["chat-offline"]))
        #expect(runbook.steps.map(\.id) == ["check-timeouts", "rollback", "scale-down", "restart"])

        let check = runbook.steps[0]
        #expect(check.command == .argv(["gcloud", "run", "services", "describe", "{service}", "--format=yaml", "{not-a-param}", "x{service}"]))
        #expect(check.environment == ["CLOUDSDK_CORE_PROJECT": "acme-staging"])
        #expect(check.workingDirectory == "/etc/warroom/ops")
        #expect(check.timeout == RunbookStep.defaultTimeout)
        #expect(check.expectation.exitCodes == [0, 3])
        #expect(check.expectation.outputMatches?.source == "state: RUNNABLE")
        #expect(check.expectation.outputNotMatches?.source == #"timeout: 20\.0"#)
        #expect(check.expectation.onMismatch == .regression)
        #expect(check.safety == .none)
        #expect(check.parameters == [RunbookParameter(name: "service", kind: .choice, defaultValue: "backend-staging", choices: ["backend-staging", "auth-staging"])])
        #expect(config.redactor.redact("project acme-staging") == "project •••")

        let rollback = runbook.steps[1]
        #expect(rollback.title == "rollback")
        #expect(rollback.command == .shell(#"gcloud run services update-traffic backend-staging --to-revisions="${WARROOM_PARAM_REVISION}=100""#))
        #expect(rollback.timeout == Seconds(600))
        #expect(rollback.expectation == StepExpectation())
        #expect(rollback.safety == .dangerous(phrase: "rollback"))
        #expect(rollback.parameters.map(\.kind) == [.string, .number, .string, .boolean])
        #expect(rollback.parameters.map(\.environmentName) == ["WARROOM_PARAM_REVISION", "WARROOM_PARAM_MIN_INSTANCES", "WARROOM_PARAM_TOKEN", "WARROOM_PARAM_DRY_RUN"])
        #expect(rollback.parameters[0].pattern?.source == "backend-staging-[0-9]{5}-[a-z]{3}")
        #expect(rollback.parameters[0].defaultValue == nil)
        #expect(rollback.parameters[1].defaultValue == "1")
        #expect(rollback.parameters[2].secret)
        #expect(rollback.parameters[3].defaultValue == "true")

        #expect(runbook.steps[2].safety == .dangerous(phrase: "scale staging to zero"))
        #expect(runbook.steps[3].safety == .confirm)
        #expect(runbook.step("restart")?.id == "restart")
    }

    @Test func aConfigWithoutRunbooksHasNone() throws {
        let config = try WarroomConfig.parse("environment: e\nservices:\n  - id: a\n    check: {type: tcp, host: h, port: 1}\n", file: "w.yaml", environment: [:])
        #expect(config.runbooks.isEmpty)
    }

    @Test func onlyWholeArgumentsArePlaceholders() {
        #expect(StepCommand.placeholder(in: "{service}") == "service")
        #expect(StepCommand.placeholder(in: "{dry-run}") == "dry-run")
        #expect(StepCommand.placeholder(in: "x{service}") == nil)
        #expect(StepCommand.placeholder(in: "{service}x") == nil)
        #expect(StepCommand.placeholder(in: "{}") == nil)
        #expect(StepCommand.placeholder(in: "{a b}") == nil)
        #expect(StepCommand.placeholder(in: "${service}") == nil)
    }

    @Test func pathsAreTakenFromTheConfigsFolder() {
        #expect(PathText.folder(of: "warroom.yaml") == "")
        #expect(PathText.folder(of: "configs/warroom.yaml") == "configs")
        #expect(PathText.folder(of: "/etc/warroom/warroom.yaml") == "/etc/warroom")
        #expect(PathText.folder(of: "/warroom.yaml") == "/")
        #expect(PathText.folder(of: "runbooks/") == "")
        #expect(PathText.join("", "runbooks/a.yaml") == "runbooks/a.yaml")
        #expect(PathText.join("configs", "runbooks") == "configs/runbooks")
        #expect(PathText.join("/", "runbooks") == "/runbooks")
        #expect(PathText.join("configs", "/srv/runbooks") == "/srv/runbooks")
    }

    @Test func aConfigNamedWithoutAFolderReadsRelativePaths() throws {
        let text = "environment: e\nservices:\n  - id: a\n    check: {type: tcp, host: h, port: 1}\nrunbooks:\n  - { id: r, steps: [{ id: s, run: [true], workdir: ops }] }\n"
        let config = try WarroomConfig.parse(text, file: "w.yaml", environment: [:])
        #expect(config.runbooks[0].steps[0].workingDirectory == "ops")
    }

    @Test func runbooksComeFromFilesGlobsAndAFolder() throws {
        let root = TempFiles.folder("warroom-runbooks")
        let fm = FileManager.default
        for dir in ["runbooks", "more", "folder"] {
            try fm.createDirectory(at: root.appendingPathComponent(dir), withIntermediateDirectories: true)
        }
        func write(_ text: String, _ path: String) throws {
            try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
        try write("""
        environment: staging
        services:
          - id: backend
            check: { type: tcp, host: localhost, port: 8080 }
        runbooks:
          - { id: inline, steps: [{ id: s, run: [true] }] }
        runbook_files: [runbooks/one.yaml, "more/*.yaml"]
        runbooks_dir: folder
        """, "warroom.yaml")
        try write("id: one\nremedies: { services: backend }\nsteps:\n  - { id: s, run: [true], workdir: scripts, env: { TOKEN: \"${API_TOKEN}\" } }\n", "runbooks/one.yaml")
        try write("runbooks:\n  - { id: b, steps: [{ id: s, shell: 'true' }] }\n  - { id: a, steps: [{ id: s, shell: 'true' }] }\n", "more/two.yaml")
        try write("id: c\nsteps: [{ id: s, run: [true] }]\n", "more/three.yaml")
        try write("id: d\nsteps: [{ id: s, run: [true] }]\n", "folder/z.yml")
        try write("id: e\nsteps: [{ id: s, run: [true] }]\n", "folder/y.yaml")
        try write("not a runbook", "folder/notes.txt")

        let config = try WarroomConfig.load(path: root.appendingPathComponent("warroom.yaml").path, environment: ["API_TOKEN": "tok-123456"])
        #expect(config.runbooks.map(\.id) == ["inline", "one", "c", "b", "a", "e", "d"])
        #expect(config.runbooks[1].steps[0].workingDirectory == root.appendingPathComponent("runbooks/scripts").path)
        #expect(config.runbooks[1].steps[0].environment["TOKEN"] == "tok-123456")
        #expect(config.redactor.redact("Bearer tok-123456") == "Bearer •••")
    }

    @Test func errorsInARunbookFileNameThatFile() throws {
        let root = TempFiles.folder("warroom-runbooks")
        let config = root.appendingPathComponent("warroom.yaml").path
        let book = root.appendingPathComponent("broken.yaml").path
        try "environment: e\nservices:\n  - id: a\n    check: {type: tcp, host: h, port: 1}\nrunbook_files: broken.yaml\n".write(toFile: config, atomically: true, encoding: .utf8)
        try "id: broken\nsteps:\n  - id: s\n    run: [true]\n    timeout: forever\n".write(toFile: book, atomically: true, encoding: .utf8)
        do {
            _ = try WarroomConfig.load(path: config, environment: [:])
            Issue.record("expected an error")
        } catch let e as ConfigErrors {
            let first = try #require(e.errors.first)
            #expect(e.errors.count == 1)
            #expect(first.file == book)
            #expect(first.line == 5)
            #expect(first.key == "steps[0].timeout")
            #expect(first.message == "expected a duration such as 500ms, 10s or 2m, found 'forever'")
        }
    }

    @Test func aGlobThatMatchesNothingIsAnError() {
        let text = "environment: e\nservices:\n  - id: a\n    check: {type: tcp, host: h, port: 1}\nrunbook_files: [\"nowhere/*.yaml\"]\n"
        do {
            _ = try WarroomConfig.parse(text, file: "/configs/w.yaml", environment: [:])
            Issue.record("expected an error")
        } catch let e as ConfigErrors {
            #expect(e.errors.map(\.line) == [5])
            #expect(e.errors.map(\.key) == ["runbook_files[0]"])
            #expect(e.errors.map(\.message) == ["'nowhere/*.yaml' matches no file"])
        } catch { Issue.record("\(error)") }
    }

    static let head = "environment: e\nservices:\n  - id: backend\n    check: {type: tcp, host: h, port: 1}\nrunbooks:\n  - id: rb\n"

    /// A config whose only runbook has one step `s`; `lines` follow `- id: s` from line 9.
    static func step(_ lines: String) -> String {
        head + "    steps:\n      - id: s\n" + lines.split(separator: "\n").map { "        \($0)\n" }.joined()
    }

    /// Each malformed runbook must fail with its line and key named.
    @Test(arguments: [
        ("run and shell", step("run: [echo]\nshell: echo"), 10, "runbooks[0].steps[0].shell", "not both"),
        ("no command", step("title: nothing to run"), 8, "runbooks[0].steps[0].run", "required key 'run'"),
        ("unquoted placeholder", step("params: [{name: name}]\nrun: [echo, {name}]"), 10, "runbooks[0].steps[0].run[1]", "write \"{name}\" in quotes"),
        ("program from a parameter", step("params: [{name: prog}]\nrun: [\"{prog}\", x]"), 10, "runbooks[0].steps[0].run", "the program must be written out"),
        ("bad pattern", step("run: [echo]\nexpect: { output_matches: \"([\" }"), 10, "runbooks[0].steps[0].expect.output_matches", "not a valid regular expression"),
        ("bad exit code", step("run: [echo]\nexpect: { exit: [0, 300] }"), 10, "runbooks[0].steps[0].expect.exit[1]", "between 0 and 255"),
        ("bad verdict", step("run: [echo]\nexpect: { on_mismatch: shrug }"), 10, "runbooks[0].steps[0].expect.on_mismatch", "expected one of: regression, failed"),
        ("refused default", step("run: [echo]\nparams: [{name: n, type: number, default: abc}]"), 10, "runbooks[0].steps[0].params[0].default", "the default is refused: 'abc' is not a number"),
        ("choices without choice", step("run: [echo]\nparams: [{name: n, type: string, choices: [a]}]"), 10, "runbooks[0].steps[0].params[0].choices", "choices go with type: choice"),
        ("choice without choices", step("run: [echo]\nparams: [{name: n, type: choice}]"), 10, "runbooks[0].steps[0].params[0].choices", "needs choices"),
        ("pattern on a boolean", step("run: [echo]\nparams: [{name: b, type: boolean, pattern: x}]"), 10, "runbooks[0].steps[0].params[0].pattern", "goes with string and number"),
        ("bad parameter name", step("run: [echo]\nparams: [{name: \"1st\"}]"), 10, "runbooks[0].steps[0].params[0].name", "must start with a letter"),
        ("colliding variables", step("run: [echo]\nparams: [{name: min-x}, {name: min_x}]"), 10, "runbooks[0].steps[0].params[1].name", "would both be WARROOM_PARAM_MIN_X"),
        ("phrase without danger", step("run: [echo]\nconfirm_phrase: do it"), 10, "runbooks[0].steps[0].confirm_phrase", "goes with safety: dangerous"),
        ("unknown safety", step("run: [echo]\nsafety: yolo"), 10, "runbooks[0].steps[0].safety", "expected one of: none, confirm, dangerous"),
        ("timeout over an hour", step("run: [echo]\ntimeout: 2h"), 10, "runbooks[0].steps[0].timeout", "must be at most 1h"),
        ("env sets a parameter", step("run: [echo]\nenv: { WARROOM_PARAM_X: y }"), 10, "runbooks[0].steps[0].env.WARROOM_PARAM_X", "come from the step's params"),
        ("typo", step("run: [echo]\ntimout: 5s"), 10, "runbooks[0].steps[0].timout", "did you mean 'timeout'"),
        ("undeclared shell variable", step("shell: 'echo ${WARROOM_PARAM_NOPE}'"), 9, "runbooks[0].steps[0].shell", "WARROOM_PARAM_NOPE is not set"),
        ("duplicate step", head + "    steps:\n      - id: s\n        run: [echo]\n      - id: s\n        run: [echo]\n", 10, "runbooks[0].steps[1].id", "duplicate step id 's' (also steps[0])"),
        ("no steps", head + "    steps: []\n", 7, "runbooks[0].steps", "must list at least one step"),
        ("unknown service", head + "    remedies: { services: [backend, frontend] }\n    steps: [{id: s, run: [echo]}]\n", 7, "runbooks[0].remedies.services[1]", "names service 'frontend', which is not in the config"),
        ("unknown banner", head + "    remedies: { banners: chat-offline }\n    steps: [{id: s, run: [echo]}]\n", 7, "runbooks[0].remedies.banners", "names impact rule 'chat-offline'"),
        ("unknown golden path step", head + "    remedies: { golden_path_steps: [login] }\n    steps: [{id: s, run: [echo]}]\n", 7, "runbooks[0].remedies.golden_path_steps[0]", "names golden path step 'login'"),
        ("duplicate runbook", head + "    steps: [{id: s, run: [echo]}]\n  - id: rb\n    steps: [{id: s, run: [echo]}]\n", 8, "runbooks[1].id", "duplicate runbook id 'rb' (also /configs/"),
        ("bad runbook id", head.replacingOccurrences(of: "id: rb", with: "id: \"r b\"") + "    steps: [{id: s, run: [echo]}]\n", 6, "runbooks[0].id", "must be letters, digits"),
    ])
    func malformedRunbooksNameLineAndKey(_ name: String, _ text: String, _ line: Int, _ key: String, _ message: String) throws {
        let path = "/configs/\(name.replacingOccurrences(of: " ", with: "-")).yaml"
        do {
            _ = try WarroomConfig.parse(text, file: path, environment: [:])
            Issue.record("\(name): expected an error")
        } catch let e as ConfigErrors {
            let first = try #require(e.errors.first)
            #expect(first.file == path, "\(name)")
            #expect(first.line == line, "\(name): \(e)")
            #expect(first.key == key, "\(name): \(e)")
            #expect(first.message.contains(message), "\(name): \(e)")
        }
    }

    @Test func parameterValuesAreCheckedWithReasons() throws {
        let number = RunbookParameter(name: "count", kind: .number)
        #expect(number.validate("12") == .success("12"))
        #expect(number.validate("-1.5") == .success("-1.5"))
        #expect(number.validate("abc") == .failure(ParameterRefusal(parameter: "count", reason: "'abc' is not a number")))
        #expect(number.validate("1e3") == .failure(ParameterRefusal(parameter: "count", reason: "'1e3' is not a number")))

        let slug = RunbookParameter(name: "slug", pattern: LogPattern("^[a-z-]+$"))
        #expect(slug.validate("backend-staging") == .success("backend-staging"))
        #expect(slug.validate("x;y") == .failure(ParameterRefusal(parameter: "slug", reason: "'x;y' does not match ^[a-z-]+$")))
        #expect(slug.validate("abc\n") == .failure(ParameterRefusal(parameter: "slug", reason: "'abc\\n' does not match ^[a-z-]+$")))
        #expect(slug.validate("") == .failure(ParameterRefusal(parameter: "slug", reason: "a value is required")))

        let color = RunbookParameter(name: "color", kind: .choice, choices: ["red", "green"])
        #expect(color.validate("green") == .success("green"))
        #expect(color.validate("blue") == .failure(ParameterRefusal(parameter: "color", reason: "'blue' is not one of red, green")))

        let flag = RunbookParameter(name: "force", kind: .boolean)
        #expect(flag.validate("Yes") == .success("true"))
        #expect(flag.validate("n") == .success("false"))
        #expect(flag.validate("maybe") == .failure(ParameterRefusal(parameter: "force", reason: "'maybe' is not yes or no")))

        let alternatives = RunbookParameter(name: "word", pattern: LogPattern("a|ab"))
        #expect(alternatives.validate("ab") == .success("ab"))
        #expect(alternatives.validate("abc") == .failure(ParameterRefusal(parameter: "word", reason: "'abc' does not match a|ab")))

        let anything = RunbookParameter(name: "note")
        #expect(anything.validate("; rm -rf / $(id) `id` \"'\n") == .success("; rm -rf / $(id) `id` \"'\n"))
        #expect(anything.validate("a\0b") == .failure(ParameterRefusal(parameter: "note", reason: "'ab' contains a NUL character")))
    }

    @Test func aSecretValueIsNeverQuoted() {
        let token = RunbookParameter(name: "token", pattern: LogPattern("[a-f0-9]{8}"), secret: true)
        let refusal = ParameterRefusal(parameter: "token", reason: "the value does not match [a-f0-9]{8}")
        #expect(token.validate("hunter22") == .failure(refusal))
        #expect(refusal.description == "token: the value does not match [a-f0-9]{8}")
    }

    @Test(arguments: [("revision", "WARROOM_PARAM_REVISION"), ("minInstances", "WARROOM_PARAM_MIN_INSTANCES"), ("dry-run", "WARROOM_PARAM_DRY_RUN"), ("db_url", "WARROOM_PARAM_DB_URL"), ("v2Name", "WARROOM_PARAM_V2_NAME")])
    func parameterVariableNames(_ name: String, _ variable: String) {
        #expect(RunbookParameter(name: name).environmentName == variable)
    }
}
