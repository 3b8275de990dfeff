import Foundation
import Testing
import TestSupport
@testable import Monitoring

/// The command probe running real processes.
@Suite struct CommandProbeTests {
    func shell(_ line: String, timeout: Seconds = Seconds(5), ok: Set<Int> = [0]) async -> ProbeOutcome {
        await CommandProbe(spec: CommandCheckSpec(command: .shell(line), okExitCodes: ok), latency: .none).run(timeout: timeout)
    }

    @Test func okWithTheLastLine() async {
        let o = await shell("echo starting; echo >&2 'pods: 3 running'; echo; echo '   '")
        #expect(o.status == .ok)
        #expect(o.code == 0)
        #expect(o.reason == "exit 0 · pods: 3 running")
        #expect(o.detail == "starting\npods: 3 running")
    }

    @Test func argumentListEnvironmentAndDirectory() async {
        let spec = CommandCheckSpec(command: .arguments(["sh", "-c", "echo \"$GREETING from $(pwd)\""]), workingDirectory: "/tmp", environment: ["GREETING": "hello world"])
        let o = await CommandProbe(spec: spec, latency: .none).run(timeout: Seconds(5))
        #expect(o.reason == "exit 0 · hello world from /tmp")
    }

    @Test func nonZeroExitFailsUnlessListed() async {
        let o = await shell("echo 'error: connection refused'; exit 3")
        #expect(o.status == .fail)
        #expect(o.code == 3)
        #expect(o.reason == "exit 3 · error: connection refused")
        #expect(await shell("exit 3", ok: [0, 3]).status == .ok)
    }

    @Test func killedBySignal() async {
        let o = await shell("kill -KILL $$")
        #expect(o.status == .fail)
        #expect(o.reason == "killed by SIGKILL")
    }

    @Test func timeoutKillsTheWholeProcessGroup() async throws {
        let start = ContinuousClock.now
        let o = await shell("echo $$; sleep 30 & sleep 30", timeout: Seconds(1))
        let elapsed = ContinuousClock.now - start
        #expect(o.status == .fail)
        #expect(o.reason == "timed out after 1.0 s")
        #expect(elapsed < .seconds(2.5), "took \(elapsed)")
        // The shell printed its pid, which is also the id of the group it leads.
        let group = try #require(o.detail.flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        var left = ProcessTable.livingMembers(of: group)
        for _ in 0..<40 where !left.isEmpty {
            try await Task.sleep(for: .milliseconds(50))
            left = ProcessTable.livingMembers(of: group)
        }
        #expect(left.isEmpty, "still running in group \(group): \(left)")
    }

    @Test func timeoutAlsoWhenOutputClosesEarly() async {
        let start = ContinuousClock.now
        let o = await shell("exec >/dev/null 2>&1; sleep 30", timeout: Seconds(1))
        #expect(o.reason == "timed out after 1.0 s")
        #expect(ContinuousClock.now - start < .seconds(2.5))
    }

    @Test func cancellationKillsPromptly() async throws {
        let start = ContinuousClock.now
        let task = Task { await shell("echo $$; sleep 30", timeout: Seconds(30)) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let o = await task.value
        #expect(ContinuousClock.now - start < .seconds(5))
        let group = try #require(o.detail.flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        #expect(ProcessTable.livingMembers(of: group).isEmpty)
    }

    @Test func factoryMakesCommandProbesFromConfig() async throws {
        let text = "environment: e\nservices:\n  - id: a\n    check: { type: command, run: [echo, ready] }\n"
        let config = try WarroomConfig.parse(text, file: "c.yaml", environment: [:])
        let factory = ProbeFactory()
        let o = await factory.probe(for: config.services[0].check).run(timeout: Seconds(5))
        await factory.shutdown()
        #expect(o.reason == "exit 0 · ready")
    }

    @Test func commandNotFound() async {
        let o = await CommandProbe(spec: CommandCheckSpec(command: .arguments(["warroom-no-such-command"])), latency: .none).run(timeout: Seconds(5))
        #expect(o.status == .fail)
        #expect(o.reason == "command not found: warroom-no-such-command")
    }

    @Test func escapeSequencesInOutputAreStripped() async {
        let o = await shell(#"printf '\033]0;pwned\007\033[31mred\033[0m done\n\033]52;c;aGk=\007'"#)
        #expect(o.reason == "exit 0 · red done")
        for text in [o.reason, o.detail ?? ""] {
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
            #expect(!text.contains("pwned") && !text.contains("]52"))
        }
    }

    @Test func outputKeptIsBounded() async {
        let o = await shell("yes line | head -n 200000; echo last")
        #expect(o.reason == "exit 0 · last")
        #expect(o.detail?.split(separator: "\n").count == 20)
    }

    @Test func outputTailShowsWhatATerminalWould() {
        var tail = OutputTail(limit: 16)
        tail.append(Array("first line\r\n50%\r100%\r\nok\n\n".utf8))
        #expect(tail.lines == ["100%", "ok"], "the partial first line was dropped")
        #expect(tail.bytes.count == 16)
        #expect(tail.lastVisibleLine == "ok")
    }

    @Test(arguments: [
        ("run: [a]\n      shell: b", "services[0].check.shell", "not both"),
        ("cwd: /tmp", "services[0].check.run", "'run'"),
        ("run: []", "services[0].check.run", "must not be empty"),
        ("run: kubectl get pods", "services[0].check.run", "for a command line use shell:"),
        ("shell: x\n      ok_exit_codes: [0, 300]", "services[0].check.ok_exit_codes[1]", "between 0 and 255"),
    ])
    func configErrorsNameTheKey(_ body: String, _ key: String, _ message: String) throws {
        let text = "environment: e\nservices:\n  - id: a\n    check:\n      type: command\n      \(body)\n"
        do {
            _ = try WarroomConfig.parse(text, file: "c.yaml", environment: [:])
            Issue.record("expected an error for \(body)")
        } catch let e as ConfigErrors {
            #expect(e.errors.first?.key == key, "\(e)")
            #expect(e.errors.first?.message.contains(message) == true, "\(e)")
        }
    }

    @Test func configReadsEveryKey() throws {
        let text = """
        environment: e
        services:
          - id: pods
            check:
              type: command
              run: [kubectl, get, pods, -n, staging]
              cwd: /tmp
              env: { KUBECONFIG: /etc/kube/staging }
              ok_exit_codes: [0, 1]
          - id: status
            check: { type: command, shell: "curl -s http://x/health | jq .status" }
        """
        let c = try WarroomConfig.parse(text, file: "c.yaml", environment: [:])
        guard case .command(let a) = c.services[0].check.probe, case .command(let b) = c.services[1].check.probe else {
            Issue.record("not command")
            return
        }
        #expect(a == CommandCheckSpec(command: .arguments(["kubectl", "get", "pods", "-n", "staging"]), workingDirectory: "/tmp",
                                      environment: ["KUBECONFIG": "/etc/kube/staging"], okExitCodes: [0, 1]))
        #expect(b.command == .shell("curl -s http://x/health | jq .status"))
        #expect(b.okExitCodes == [0])
        #expect(c.services[0].check.target == "$ kubectl get pods -n staging")
    }

}
