import Foundation
import Monitoring
import Testing
import TestSupport
@testable import warroom

/// The config `warroom demo` runs, mangled thousands of times: every case ends in a clear
/// error naming the file, line and key, or in a valid config; never a crash or a hang.
@Suite struct DemoConfigFuzzTests {
    /// The demo's config text as the demo fills it in, pointed at a simulator that is not there.
    static var demoText: String {
        DemoConfig.text(simulatorURL: "http://127.0.0.1:9", environment: [:])
    }

    @Test func theDemoConfigItselfLoads() throws {
        let config = try WarroomConfig.parse(Self.demoText, file: "demo.yaml", environment: [:])
        #expect(config.services.count >= 5 && config.goldenPath != nil && !config.impact.isEmpty && !config.runbooks.isEmpty)
    }

    @Test func fiveThousandMangledDemoConfigsEndInAClearErrorOrAValidConfig() {
        var mutator = ConfigMutator(seed: 20_261_129)
        let seed = Self.demoText
        var errors = 0, valid = 0
        for n in 0..<5000 {
            let text = mutator.mutate(seed)
            do {
                let config = try WarroomConfig.parse(text, file: "demo.yaml", environment: [:])
                if let problem = ConfigInvariants.problem(config) { Issue.record("case \(n): loaded with \(problem)") }
                valid += 1
            } catch let e as ConfigErrors {
                errors += 1
                #expect(e.description.contains("demo.yaml"), "case \(n): an error without the file:\n\(e)")
                let located = e.errors.allSatisfy { $0.line != nil || $0.message.contains("expands to more than") }
                #expect(located, "case \(n): an error without a line:\n\(e)\n---\n\(text.prefix(300))")
            } catch {
                Issue.record("case \(n): not a config error: \(error)")
            }
        }
        #expect(errors > 1000 && valid > 50, "the mutations should give both: \(errors) errors, \(valid) valid")
    }
}
