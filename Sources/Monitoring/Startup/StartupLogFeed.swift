import Foundation
import Synchronization

/// One followed log's startup state, fed lines by whichever task reads the log, handing each
/// change to `deliver`.
///
/// Contract: `deliver` is called outside the lock, once per batch of lines that changed the
/// report or per change of the problem; lines arriving while there is a problem clear it (the
/// source is readable again).
final class StartupLogFeed: Sendable {
    private struct State {
        var log: StartupLogState
        var problem: String?
    }

    private let serviceID: String
    private let format: StartupLogSpec.Format
    private let messageFields: [JSONPath]
    private let state: Mutex<State>
    private let deliver: @Sendable (StartupUpdate) -> Void

    init(serviceID: String, spec: StartupLogSpec, deliver: @escaping @Sendable (StartupUpdate) -> Void) {
        self.serviceID = serviceID
        self.format = spec.format
        self.messageFields = spec.messageFields
        self.state = Mutex(State(log: StartupLogState(spec: spec)))
        self.deliver = deliver
    }

    /// The state as it stands.
    var update: StartupUpdate {
        state.withLock { StartupUpdate(serviceID: serviceID, report: $0.log.report, problem: $0.problem, at: Date()) }
    }

    /// Reads raw lines; `live` ones without a time of their own are taken as happening now,
    /// backlog ones (`live: false`) as of unknown time.
    func read(_ lines: [String], live: Bool) {
        guard !lines.isEmpty else { return }
        let now = Date()
        let parsed = lines.compactMap { LogLine(raw: $0, format: format, messageFields: messageFields) }
        let changed = state.withLock { s -> Bool in
            var changed = s.problem != nil
            s.problem = nil
            for line in parsed where s.log.read(line, receivedAt: live ? now : nil) { changed = true }
            return changed
        }
        if changed { deliver(update) }
    }

    /// Records why the log cannot be read (nil: it can again); delivers when that changed.
    func set(problem: String?) {
        let changed = state.withLock { s -> Bool in
            defer { s.problem = problem }
            return s.problem != problem
        }
        if changed { deliver(update) }
    }

    /// Delivers the state as it stands, changed or not.
    func announce() { deliver(update) }
}
