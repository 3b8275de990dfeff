import Foundation

/// Walks the golden path once: runs the steps in order, passes captured values forward, and
/// marks every step after the first failure `blocked` without running it.
///
/// Contract: each step is cut off at its own timeout (so a run takes at most the sum of the
/// step timeouts); captured values are secrets — they are removed from every reason before
/// the run is returned.
public struct GoldenPathRunner: Sendable {
    public let spec: GoldenPathSpec
    let factory: ProbeFactory

    public init(spec: GoldenPathSpec, factory: ProbeFactory) {
        self.spec = spec
        self.factory = factory
    }

    public func run() async -> GoldenPathRun {
        let startedAt = Date()
        var values: [String: String] = [:]
        var results: [GoldenPathStepResult] = []
        var broken: String?
        for step in spec.steps {
            if let broken {
                results.append(GoldenPathStepResult(id: step.id, name: step.name, status: .blocked, reason: "blocked: \(broken) failed"))
                continue
            }
            let probe = factory.probe(for: step.check, substitutions: values, keepingJSON: !step.captures.isEmpty)
            let outcome = await CheckScheduler.runGuarded(probe, timeout: step.check.timeout, grace: .milliseconds(250))
            if Task.isCancelled { break }
            var status: GoldenPathStepStatus = outcome.status == .fail ? .fail : .pass
            var reason = outcome.reason
            if status == .pass {
                for capture in step.captures {
                    guard let value = outcome.json?.value(at: capture.path)?.stringValue, !value.isEmpty else {
                        status = .fail
                        reason = "\(outcome.reason), but the response has no \(capture.path) to capture as \(capture.name)"
                        break
                    }
                    values[capture.name] = value
                }
            }
            let redactor = SecretRedactor(values.values)
            results.append(GoldenPathStepResult(id: step.id, name: step.name, status: status, latency: outcome.latency, code: outcome.code, reason: redactor.redact(reason)))
            if status == .fail { broken = step.name }
        }
        return GoldenPathRun(startedAt: startedAt, finishedAt: Date(), steps: results)
    }
}
