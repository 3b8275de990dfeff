import Foundation
import NIOCore
import Synchronization

/// What one WebSocket conversation has come to, shared by its channel handlers and the probe.
///
/// Contract: the first ending recorded wins and later ones are ignored; `report()` is final
/// once the channel has closed, and names an ending even when none was recorded (the peer
/// dropped the connection). Message texts are kept only as a short excerpt of the last one.
final class WebSocketSession: Sendable {
    enum Ending: Hashable, Sendable {
        /// Every expected event arrived (or the socket opened, when none is expected), this
        /// long after the start.
        case complete(Duration)
        /// The server answered the upgrade request with another HTTP status.
        case rejected(status: Int, body: String)
        /// The server closed the socket before the expected events; `code` is nil when it sent
        /// no close frame.
        case closed(code: Int?, reason: String)
        case timedOut
        /// Anything else, as a reason.
        case failed(String)
    }

    struct Report: Hashable, Sendable {
        var ending: Ending
        /// Time from the start to the `101 Switching Protocols`, when the upgrade succeeded.
        var upgradedAfter: Duration?
        var progress: EventProgress
        var lastMessage: String?
    }

    /// The message to send once open.
    let send: String?
    let eventField: JSONPath
    let timeout: Seconds
    private let start: ContinuousClock.Instant
    private let state: Mutex<State>

    private struct State {
        var ending: Ending?
        var upgradedAfter: Duration?
        var progress: EventProgress
        var lastMessage: String?
        var refusal: (status: Int, body: [UInt8])?
    }

    static let maxExcerpt = 600

    init(expected: [String], eventField: JSONPath, send: String?, timeout: Seconds) {
        self.send = send
        self.eventField = eventField
        self.timeout = timeout
        self.start = ContinuousClock.now
        self.state = Mutex(State(progress: EventProgress(expected: expected)))
    }

    var elapsed: Duration { ContinuousClock.now - start }

    /// Whether the check is done as soon as the socket is open.
    var expectsNothing: Bool { state.withLock { $0.progress.expected.isEmpty } }

    func upgraded() {
        let now = elapsed
        state.withLock { $0.upgradedAfter = now }
    }

    /// Records one text message; true when it completed the expected sequence.
    func received(_ text: String) -> Bool {
        let now = elapsed
        let name = (try? JSONValue.parse(text))?.value(at: eventField)?.stringValue
        return state.withLock { s in
            s.lastMessage = text.count > WebSocketSession.maxExcerpt ? String(text.prefix(WebSocketSession.maxExcerpt)) + "…" : text
            guard let name, s.ending == nil else { return false }
            s.progress.observe(name)
            if s.progress.isComplete { s.ending = .complete(now) }
            return s.progress.isComplete
        }
    }

    /// The socket is open and the message (if any) is sent, with nothing to wait for.
    func opened() {
        let now = elapsed
        end(.complete(now))
    }

    func refusal(status: Int) {
        state.withLock { $0.refusal = (status, []) }
    }

    func refusalBody(_ bytes: ByteBuffer) {
        state.withLock { s in
            guard var r = s.refusal, r.body.count < 4096 else { return }
            r.body += bytes.readableBytesView.prefix(4096 - r.body.count)
            s.refusal = r
        }
    }

    func refusalEnded() {
        state.withLock { s in
            guard s.ending == nil, let r = s.refusal else { return }
            s.ending = .rejected(status: r.status, body: String(decoding: r.body, as: UTF8.self))
        }
    }

    func end(_ ending: Ending) {
        state.withLock { s in
            if s.ending == nil { s.ending = ending }
        }
    }

    /// The time is up: whatever has not ended has timed out.
    func expire() { end(.timedOut) }

    func report() -> Report {
        state.withLock { s in
            let ending: Ending
            if let e = s.ending {
                ending = e
            } else if s.upgradedAfter != nil {
                ending = .closed(code: nil, reason: "")
            } else if let r = s.refusal {
                ending = .rejected(status: r.status, body: String(decoding: r.body, as: UTF8.self))
            } else {
                ending = .failed("connection closed before a response")
            }
            return Report(ending: ending, upgradedAfter: s.upgradedAfter, progress: s.progress, lastMessage: s.lastMessage)
        }
    }
}
