import Foundation
import Testing
import Simulator
import TestSupport

/// Every command prints what a config, a parameter, a step or a tampered log holds through
/// the console's sanitizer: `audit list` once changed the title, cleared the screen and wrote
/// the clipboard of the terminal it was read on.
@Suite(.serialized) struct OutputSafetyTests {
    let bin = WarroomBinary.path

    init() throws {
        try #require(FileManager.default.isExecutableFile(atPath: bin), "build warroom first (swift build): \(bin)")
    }

    /// OSC 0 (title), OSC 52 (clipboard), CSI 2J (clear), a C1 CSI, a BEL: YAML's `\e` writes ESC.
    static let hostile = #"\e]0;PWNED\a\e]52;c;SGVsbG8=\a\e[2J\u009B31m"#
    static let hostileBytes = "\u{1B}]0;PWNED\u{07}\u{1B}]52;c;SGVsbG8=\u{07}\u{1B}[2J\u{9B}31m"

    static func config() -> String {
        TempFiles.write("""
        environment: "stag\(hostile)ing"
        services:
          - { id: api, name: "api\(hostile)", description: "d\(hostile)", check: { type: command, run: [/bin/sh, -c, "printf 'down\(hostile)'; exit 1"] } }
        runbooks:
          - id: fix
            title: "Fix\(hostile) it"
            steps:
              - id: echo
                title: "Echo\(hostile)"
                run:
                  - /bin/sh
                  - -c
                  - "printf '%s\\n' \\\"$WARROOM_PARAM_VALUE\\\"; printf 'out\(hostile)\\n'"
                params: [ { name: value } ]
        """)
    }

    /// Whether text holds anything a terminal would act on: C0 controls but line feed and
    /// tab, DEL, C1 controls, bidirectional overrides.
    static func actsOnATerminal(_ text: String) -> Bool {
        text.unicodeScalars.contains { s in
            let v = s.value
            return (v < 0x20 && v != 0x0A && v != 0x09) || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
        }
    }

    func expectClean(_ args: [String], environment: [String: String]? = nil, _ what: String) throws -> Shell.Result {
        let r = try Shell.run(bin, args, environment: environment)
        #expect(!Self.actsOnATerminal(r.output), "\(what): stdout holds escapes: \(r.output.debugDescription)")
        #expect(!Self.actsOnATerminal(r.error), "\(what): stderr holds escapes: \(r.error.debugDescription)")
        #expect(!r.output.contains("]0;PWNED") && !r.error.contains("]0;PWNED"), "\(what): a sequence's body was left behind: \(r.output.prefix(2000))\(r.error.prefix(2000))")
        return r
    }

    @Test func everyCommandPrintsOnlyText() throws {
        let config = Self.config()
        let store = TempFiles.storePath()
        #expect(try expectClean(["validate", "--config", config], "validate").status == 0)
        #expect(try expectClean(["runbook", "list", "--config", config, "--store", store], "runbook list").output.contains("Fix"))
        _ = try expectClean(["check", "--config", config, "--store", store], "check")
        _ = try expectClean(["check", "--config", config, "--store", store, "--format", "json"], "check --format json")
        _ = try expectClean(["snapshot", "--config", config, "--store", store], "snapshot")
        _ = try expectClean(["report", "--config", config, "--store", store], "report")
        let run = try expectClean(["runbook", "run", "--config", config, "--store", store, "fix", "echo", "--param", "value=v\(Self.hostileBytes)"], "runbook run")
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("out"), "\(run.output)")
        let list = try expectClean(["audit", "list", "--store", store], "audit list")
        #expect(list.output.contains("fix/echo"), "\(list.output)")
        _ = try expectClean(["audit", "verify", "--store", store], "audit verify")

        // Errors quote what they were given.
        let bad = TempFiles.write("environment: e\nservices:\n  - { id: a, \"k\(Self.hostile)\": 1, check: {type: tcp, host: \"h\(Self.hostile)\", port: 99999} }\n")
        #expect(try expectClean(["validate", "--config", bad], "validate errors").status == 78)
        let theme = TempFiles.write("name: t\nroles:\n  \"ok\(Self.hostile)\": { fg: red }\n", name: "t.yaml")
        #expect(try expectClean(["snapshot", "--config", config, "--theme", theme], "a theme error").status == 78)
        _ = try expectClean(["http", "GET", "http://127.0.0.1:1/\(Self.hostileBytes)"], "http")
        _ = try expectClean(["snapshot", "--config", config, "--size", "1x\(Self.hostileBytes)"], "an argument error")
        _ = try expectClean(["runbook", "run", "--config", config, "--store", store, "fix\(Self.hostileBytes)", "echo"], "a usage error")
    }

    /// A hostile record written into the log itself (as someone with write access could).
    @Test func aTamperedLogPrintsOnlyText() throws {
        let config = Self.config()
        let store = TempFiles.storePath()
        #expect(try Shell.run(bin, ["runbook", "run", "--config", config, "--store", store, "fix", "echo", "--param", "value=x"]).status == 0)
        let audit = store.replacingOccurrences(of: ".sqlite", with: ".audit.jsonl")
        let text = try String(contentsOfFile: audit, encoding: .utf8)
        try (text + text.replacingOccurrences(of: #""operator":"oncall""#, with: #""operator":"on\u001b]0;PWNED\u0007call""#)
                              .replacingOccurrences(of: #""operator":""#, with: "\"operator\":\"\u{9B}2J"))
            .write(toFile: audit, atomically: true, encoding: .utf8)
        _ = try expectClean(["audit", "list", "--store", store], "audit list of a tampered log")
        let verify = try expectClean(["audit", "verify", "--store", store], "audit verify of a tampered log")
        #expect(verify.status == 1, "\(verify.output)")
    }

    /// Refusals that once read `NSCocoaErrorDomain error 256` or `permission denied`.
    @Test(arguments: [("folder", "is a folder, not a config file"), ("/dev/zero", "is not a regular file"), ("loop", "too many symbolic links")])
    func aConfigThatIsNoFileIsNamedForWhatItIs(_ kind: String, _ message: String) throws {
        let folder = TempFiles.folder("warroom-odd-config")
        var path = folder.path
        if kind == "/dev/zero" { path = kind }
        if kind == "loop" {
            path = folder.appendingPathComponent("a.yaml").path
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: folder.appendingPathComponent("b.yaml").path)
            try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("b.yaml").path, withDestinationPath: path)
        }
        let r = try Shell.run(bin, ["validate", "--config", path])
        #expect(r.status == 78)
        #expect(r.error.contains(message), "\(r.error)")
        #expect(!r.error.contains("NSCocoaErrorDomain"), "\(r.error)")
    }

    /// `warroom http` on a huge body printed `NIOTooManyBytesError(maxBytes: …)`.
    @Test func httpSaysInWordsWhatWentWrong() async throws {
        let sim = try await SimulatedStaging.start(SimulatorOptions(faults: ["/big": .hugeBody]))
        // Waited for off the cooperative threads, which the simulator's handlers need.
        let bin = self.bin, url = "\(sim.baseURL)/big"
        let big = try await withCheckedThrowingContinuation { (done: CheckedContinuation<Shell.Result, Error>) in
            DispatchQueue.global().async { done.resume(with: Result { try Shell.run(bin, ["http", "GET", url]) }) }
        }
        await sim.stop()
        #expect(big.status == 2 && big.output.contains("HTTP 200 with a body over 1.0 MB: not read"), "\(big.output)\(big.error)")
        let port = try Shell.run(bin, ["http", "GET", "http://127.0.0.1:99999/"])
        #expect(port.status == 64 && port.error.contains("port 99999"), "\(port.error)")
        let refused = try Shell.run(bin, ["http", "GET", "http://127.0.0.1:1/"])
        #expect(refused.status == 2 && refused.output.contains("no answer: connect refused"), "\(refused.output)")
    }

    /// A 50 MB file is refused before it is read; a non-UTF-8 argument before anything runs.
    @Test func hugeFilesAndBadArgumentsAreRefusedPlainly() throws {
        let big = TempFiles.folder("warroom-big").appendingPathComponent("big.yaml").path
        #expect(FileManager.default.createFile(atPath: big, contents: Data(count: 50 << 20)))
        let r = try Shell.run(bin, ["validate", "--config", big])
        #expect(r.status == 78 && r.error.contains("the file is 50.0 MB, over the 16.0 MB a config may be; nothing was read"), "\(r.error)")
        let raw = try Shell.run("/bin/sh", ["-c", "\"$0\" runbook run --demo ops step --param \"v=$(printf 'a\\377b')\"", bin])
        #expect(raw.status == 64 && raw.error.contains("is not valid UTF-8"), "\(raw.error)")
        let repeated = try Shell.run(bin, ["runbook", "run", "--config", Self.config(), "fix", "echo", "--param", "value=a", "--param", "value=b"])
        #expect(repeated.status == 64 && repeated.error.contains("given twice"), "\(repeated.error)")
        let noEquals = try Shell.run(bin, ["runbook", "run", "--config", Self.config(), "fix", "echo", "--param", "val"])
        #expect(noEquals.status == 64 && noEquals.error.contains("--param needs NAME=VALUE, found 'val'"), "\(noEquals.error)")
    }
}
