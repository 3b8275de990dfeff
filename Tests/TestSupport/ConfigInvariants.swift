import Foundation
import Monitoring

/// What must hold of every config that loads, whatever its file said: nothing in it can reach
/// a library's trap (a port out of range, a duration no `Duration` can hold).
public enum ConfigInvariants {
    /// The first broken promise, or nil.
    public static func problem(_ config: WarroomConfig) -> String? {
        let checks = config.services.map(\.check) + (config.goldenPath?.steps.map(\.check) ?? [])
        for check in checks {
            if check.timeout.value <= 0 || check.timeout.value > 600 { return "timeout \(check.timeout)" }
            if check.interval.value <= 0 || check.interval.value > 86_400 { return "interval \(check.interval)" }
            switch check.probe {
            case .http(let h):
                if let p = EndpointURL.problem(h.url, schemes: ["http", "https"], placeholdersAllowed: true) { return "\(h.url): \(p)" }
            case .websocket(let w):
                if let p = EndpointURL.problem(w.url, schemes: ["ws", "wss"], placeholdersAllowed: true) { return "\(w.url): \(p)" }
            case .tcp(let t):
                if !(1...65535).contains(t.port) { return "tcp port \(t.port)" }
            case .postgres(let p):
                if !(1...65535).contains(p.port) { return "postgres port \(p.port)" }
            case .command:
                break
            }
        }
        for service in config.services {
            if case .http(let h)? = service.startup?.source, let p = EndpointURL.problem(h.url, schemes: ["http", "https"]) { return "startup \(h.url): \(p)" }
        }
        for rule in config.impact where rule.clearAfter.value > 86_400 || rule.clearAfter.value < 0 { return "clear_after \(rule.clearAfter)" }
        return nil
    }
}
