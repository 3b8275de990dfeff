import Foundation
import Monitoring
import TestSupport
@testable import Runner

/// Steps and runs for the runner's tests.
enum Fixtures {
    /// An invocation of `argv` as is, with the test's environment.
    static func invocation(_ argv: [String], timeout: Seconds = Seconds(10), expect: StepExpectation = StepExpectation(), workingDirectory: String? = nil, environment: [String: String] = [:]) -> StepInvocation {
        StepInvocation(
            runbookID: "staging-backend", stepID: "check", argv: argv,
            environment: ProcessInfo.processInfo.environment.merging(environment) { _, new in new },
            workingDirectory: workingDirectory, timeout: timeout, expectation: expect
        )
    }

    static func shell(_ line: String, timeout: Seconds = Seconds(10), expect: StepExpectation = StepExpectation()) -> StepInvocation {
        invocation(["/bin/sh", "-c", line], timeout: timeout, expect: expect)
    }

    /// The audit key of this test process, made in its own folder (as Warroom makes one in
    /// the configuration folder); heads are kept beside it.
    static let seal: AuditSeal = try! AuditSeal.open(keyFile: TempFiles.folder("warroom-key").appendingPathComponent("audit.key").path)

    /// An audit log at `path`, sealed with the test key.
    static func log(_ path: String) -> AuditLog { AuditLog(path: path, seal: seal) }

    /// A fresh output file path.
    static func outputPath() -> String {
        TempFiles.folder("warroom-runner").appendingPathComponent("output.log").path
    }

    /// Runs `invocation` to its end.
    static func run(_ invocation: StepInvocation, grace: Duration = .milliseconds(500)) -> StepOutcome {
        StepProcess.start(invocation, outputPath: outputPath(), grace: grace).wait()
    }

    /// Waits up to five seconds for `condition`.
    static func eventually(_ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(5)
        while !condition() {
            if Date() > end { return false }
            usleep(10_000)
        }
        return true
    }


    static let operatorAtConsole = AuditOperator(name: "maria", sshClient: "10.0.0.8", host: "ops-1", terminal: "/dev/pts/3")
}
