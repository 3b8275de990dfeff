/// What a JSON health body says of itself: its top-level `status`, `state` or `health` field,
/// when that is a word of trouble.
///
/// Contract: nil when no such field exists or its word is not one of trouble; `unhealthy`,
/// `down`, `fail(ed)`, `error`, `critical`, `dead`, `unavailable`, `out_of_service` fail;
/// `degraded`, `warn(ing)` warn. Case and surrounding space do not matter.
struct BodyHealth: Hashable, Sendable {
    var field: String
    var value: String
    var status: CheckStatus

    static let failing: Set<String> = ["unhealthy", "down", "fail", "failed", "failing", "failure", "error", "critical", "dead",
                                       "unavailable", "out_of_service", "outage", "not_ok", "ko"]
    static let degraded: Set<String> = ["degraded", "warn", "warning", "partial"]

    init?(_ json: JSONValue) {
        for field in ["status", "state", "health"] {
            guard let value = json[field]?.stringValue else { continue }
            let word = value.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
            if BodyHealth.failing.contains(word) {
                self.init(field: field, value: value, status: .fail)
                return
            }
            if BodyHealth.degraded.contains(word) {
                self.init(field: field, value: value, status: .warn)
                return
            }
            return nil
        }
        return nil
    }

    init(field: String, value: String, status: CheckStatus) {
        self.field = field
        self.value = value
        self.status = status
    }
}
