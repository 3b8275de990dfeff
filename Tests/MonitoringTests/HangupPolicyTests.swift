import Testing
@testable import Monitoring

/// `steps_on_hangup`: what a dropped connection does to running runbook steps.
@Suite struct HangupPolicyTests {
    let base = "environment: e\nservices:\n  - { id: a, check: { type: tcp, host: 127.0.0.1, port: 1 } }\n"

    @Test func stopIsTheDefaultAndKeepIsRead() throws {
        #expect(try WarroomConfig.parse(base, file: "w.yaml", environment: [:]).stepsOnHangup == .stop)
        #expect(try WarroomConfig.parse(base + "steps_on_hangup: keep\n", file: "w.yaml", environment: [:]).stepsOnHangup == .keep)
    }

    @Test func anythingElseIsAnErrorNamingTheLineAndTheChoices() {
        do {
            _ = try WarroomConfig.parse(base + "steps_on_hangup: detach\n", file: "w.yaml", environment: [:])
            Issue.record("accepted 'detach'")
        } catch let e as ConfigErrors {
            #expect(e.description.contains("w.yaml:4"), "\(e)")
            #expect(e.description.contains("stop") && e.description.contains("keep"), "\(e)")
        } catch { Issue.record("\(error)") }
    }
}
