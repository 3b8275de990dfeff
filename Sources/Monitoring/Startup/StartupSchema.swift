import Foundation

/// Reads a startup report from JSON: our schema, or another shape through a `StartupMapping`.
///
/// Our schema (what `GET /backend/startup` of the simulated staging serves):
/// ```json
/// {"service": "backend-staging", "attempt": 7, "revision": "backend-staging-00042-xk2",
///  "state": "crashloop", "exit_code": 3, "restarts": 6, "updated_at": "2026-11-25T16:47:37Z",
///  "phases": [{"name": "INIT", "status": "ok", "started_at": "2026-11-25T16:47:16Z",
///              "ended_at": "2026-11-25T16:47:16Z", "elapsed_s": 0.4, "timeout_s": 5.0,
///              "error": null}, …]}
/// ```
/// Only `phases`, with `name` and `status` in each, is required; any other field may be
/// missing or null. `status` is one of pending, running, ok, failed, timeout, skipped
/// (any case). Times are ISO 8601, with or without fractional seconds; numbers may also be
/// written as numeric text.
///
/// Contract: malformed input throws `StartupSchema.Failure` whose reason names the path
/// (`phases[2].status 'weird' is not one of …`, `phases: missing`, `not JSON (starts with …)`).
/// Text taken from the document is sanitized.
enum StartupSchema {
    struct Failure: Error, Equatable, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    static func report(from data: Data, mapping: StartupMapping = .standard) throws(Failure) -> StartupReport {
        let document: JSONValue
        do {
            document = try JSONValue.parse(data)
        } catch {
            throw Failure(reason: (error as? JSONValue.ParseError)?.reason ?? "invalid JSON")
        }
        return try report(from: document, mapping: mapping)
    }

    static func report(from document: JSONValue, mapping m: StartupMapping = .standard) throws(Failure) -> StartupReport {
        guard case .object = document else { throw Failure(reason: "expected an object, found \(kind(of: document))") }
        let top = Fields(document: document)
        guard let list = document.value(at: m.phases), list != .null else { throw Failure(reason: "\(m.phases): missing") }
        guard case .array(let items) = list else { throw Failure(reason: "\(m.phases): expected a list, found \(kind(of: list))") }
        var phases: [StartupPhase] = []
        for (i, item) in items.enumerated() {
            let at = "\(m.phases)[\(i)]"
            guard case .object = item else { throw Failure(reason: "\(at): expected an object, found \(kind(of: item))") }
            let f = Fields(document: item, prefix: at)
            guard let name = try f.text(m.name) else { throw Failure(reason: "\(at).\(m.name): missing") }
            guard let word = try f.text(m.status) else { throw Failure(reason: "\(at).\(m.status): missing") }
            guard let status = m.status(for: word) else {
                throw Failure(reason: "\(at).\(m.status) '\(Sanitize.line(word, limit: 40))' is not one of \(PhaseStatus.spelled)")
            }
            phases.append(StartupPhase(
                name: Sanitize.line(name, limit: 100), status: status,
                startedAt: try f.date(m.startedAt), endedAt: try f.date(m.endedAt),
                elapsed: try f.time(m.elapsed, unit: m.elapsedUnit), timeout: try f.time(m.timeout, unit: m.timeoutUnit),
                error: try f.text(m.error).map { Sanitize.line($0, limit: 1000) }
            ))
        }
        return StartupReport(
            service: try top.text(m.service).map { Sanitize.line($0, limit: 100) },
            attempt: try top.whole(m.attempt),
            revision: try top.text(m.revision).map { Sanitize.line($0, limit: 100) },
            state: try top.text(m.state).map { Sanitize.line($0, limit: 40) },
            exitCode: try top.whole(m.exitCode),
            restarts: try top.whole(m.restarts),
            phases: phases,
            updatedAt: try top.date(m.updatedAt)
        )
    }

    /// Optional fields of one object, each read with the path it is reported under.
    private struct Fields {
        let document: JSONValue
        var prefix = ""

        func name(_ path: JSONPath) -> String { prefix.isEmpty ? path.description : "\(prefix).\(path)" }

        /// The value at `path`; nil when missing or null.
        func value(_ path: JSONPath) -> JSONValue? {
            guard let v = document.value(at: path), v != .null else { return nil }
            return v
        }

        func text(_ path: JSONPath) throws(Failure) -> String? {
            guard let v = value(path) else { return nil }
            guard let s = v.stringValue else { throw Failure(reason: "\(name(path)): expected text, found \(kind(of: v))") }
            return s
        }

        /// A time in `unit` (or a duration text such as `"1.5s"`), in seconds.
        func time(_ path: JSONPath, unit: TimeUnit) throws(Failure) -> Double? {
            guard let v = value(path) else { return nil }
            let seconds: Double?
            switch v {
            case .number(let n): seconds = unit.seconds(n)
            case .string(let s): seconds = unit.seconds(text: s)
            default: seconds = nil
            }
            guard let seconds else {
                throw Failure(reason: "\(name(path)): expected a time in \(unit.rawValue) or a duration such as 1.5s, found \(kind(of: v))")
            }
            return seconds
        }

        func whole(_ path: JSONPath) throws(Failure) -> Int? {
            guard let v = value(path) else { return nil }
            guard let n = v.doubleValue, n == n.rounded(), abs(n) < 1e15 else {
                throw Failure(reason: "\(name(path)): expected a whole number, found \(kind(of: v))")
            }
            return Int(n)
        }

        func date(_ path: JSONPath) throws(Failure) -> Date? {
            guard let v = value(path) else { return nil }
            guard case .string(let s) = v, let d = ISOTime.parse(s) else {
                throw Failure(reason: "\(name(path)): expected an ISO 8601 time such as 2026-11-25T16:47:37Z, found \(kind(of: v))")
            }
            return d
        }
    }

    /// A value as an error message shows it: `'fast'`, `a list`, `an object`, `true`.
    static func kind(of v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number: return v.description
        case .string(let s): return "'\(Sanitize.line(s, limit: 40))'"
        case .array: return "a list"
        case .object: return "an object"
        }
    }
}
