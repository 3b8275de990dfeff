import Foundation
import Synchronization

/// The last response one HTTP check judged, and what was found in it, so that an unchanged
/// answer — the usual health answer — is judged once rather than on every poll.
///
/// Contract: `finding(code:head:body:judge:)` returns what `judge` returns for the same code,
/// head and body; only bodies up to `memoLimit` bytes are remembered. Safe from any thread.
final class ResponseMemo: Sendable {
    private struct Entry {
        var code: Int
        var head: ResponseHead
        var body: Data
        var finding: ResponseFinding
    }

    private let last = Mutex<Entry?>(nil)
    static let memoLimit = 16 << 10

    func finding(code: Int, head: ResponseHead, body: Data, judge: () -> ResponseFinding) -> ResponseFinding {
        if let entry = last.withLock({ $0 }), entry.code == code, entry.head == head, entry.body == body { return entry.finding }
        let finding = judge()
        if body.count <= ResponseMemo.memoLimit {
            last.withLock { $0 = Entry(code: code, head: head, body: body, finding: finding) }
        }
        return finding
    }
}

/// What one HTTP response says, apart from how long it took to come.
struct ResponseFinding: Sendable {
    enum Verdict: Sendable {
        /// The status is not an expected one; `hints` (from the body and headers) follow the
        /// status and timing in the reason.
        case unexpectedStatus(hints: String)
        /// The status is expected but the body fails or warns, for `reason`.
        case body(CheckStatus, reason: String)
        /// Nothing wrong: the latency thresholds decide; `note` (what a body reports of its
        /// troubled parts, or empty) ends the reason.
        case passes(note: String)
    }

    var verdict: Verdict
    /// The body's excerpt and the telling headers, or nil when there are neither.
    var detail: String?
    /// The body as JSON, when it was parsed.
    var json: JSONValue?
}
