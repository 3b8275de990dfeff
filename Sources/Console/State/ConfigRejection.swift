import Foundation
import Monitoring
import SafeText

/// Why a config read again was refused: what the console keeps in view until a reload
/// succeeds, so that an operator who pressed `L` cannot miss that nothing changed.
///
/// Contract: `problem` is safe to draw — the first error as `file:line:column: key: message`,
/// stripped of control and escape sequences (a message may quote the file) and of known
/// secrets, then how many more problems there are (`warroom validate` lists them all).
public struct ConfigRejection: Hashable, Sendable {
    public var problem: String

    public init(_ errors: ConfigErrors, redactor: SecretRedactor) {
        let first = errors.errors.first.map(\.description) ?? "the config was refused"
        let more = max(0, errors.errors.count - 1)
        var problem = SafeText.sanitize(redactor.redact(first))
        if more > 0 { problem += " (+\(more) more \(more == 1 ? "problem" : "problems"))" }
        self.problem = problem
    }

    /// "config not reloaded: FILE:LINE key: message — still watching with the config loaded at
    /// 16:47:16 UTC".
    public func notice(loadedAt: Date) -> String {
        "config not reloaded: \(problem) — still watching with the config loaded at \(Formatting.clock(loadedAt)) UTC"
    }
}
