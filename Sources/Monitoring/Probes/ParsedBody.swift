import Foundation
import Synchronization

/// The last body one HTTP check parsed as JSON, and what came of it, so that an unchanged
/// body — the usual health answer — is not parsed again on every poll.
///
/// Contract: `parse` answers exactly as `JSONValue.parse` would; only bodies up to
/// `memoLimit` bytes are remembered. Safe from any thread.
final class ParsedBody: Sendable {
    private struct Memo {
        var body: Data
        var json: JSONValue?
        var problem: String
    }

    private let last = Mutex<Memo?>(nil)
    static let memoLimit = 16 << 10

    /// The JSON in `body`, or why there is none (`empty`, `invalid JSON (…)`).
    func parse(_ body: Data) -> (json: JSONValue?, problem: String) {
        if let memo = last.withLock({ $0 }), memo.body == body { return (memo.json, memo.problem) }
        var json: JSONValue?
        var problem = "empty"
        do { json = try JSONValue.parse(body) } catch { problem = "\(error)" }
        if body.count <= ParsedBody.memoLimit {
            last.withLock { $0 = Memo(body: body, json: json, problem: problem) }
        }
        return (json, problem)
    }
}
