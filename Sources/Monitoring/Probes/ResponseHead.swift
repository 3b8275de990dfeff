import NIOHTTP1

/// The response headers a check reads: what the body is, how long it says it is, and the
/// hints a server gives an operator (`Retry-After`, `Location`, `Server`).
///
/// Contract: values are raw server text; whoever puts them in a reason or detail goes through
/// `ProbeOutcome`, which sanitizes.
struct ResponseHead: Hashable, Sendable {
    var contentType: String?
    var contentLength: Int?
    var retryAfter: String?
    var location: String?
    var server: String?

    init() {}

    init(_ headers: HTTPHeaders) {
        contentType = headers.first(name: "content-type")
        // The parser strips the spaces around a value; Foundation's trimming is for the odd one.
        contentLength = headers.first(name: "content-length").flatMap { Int($0) ?? Int($0.trimmingCharacters(in: .whitespaces)) }
        retryAfter = headers.first(name: "retry-after").map { ResponseHead.short($0) }
        location = headers.first(name: "location").map { ResponseHead.short($0) }
        server = headers.first(name: "server").map { ResponseHead.short($0) }
    }

    /// The body is labelled JSON (`application/json`, `application/problem+json`, …).
    var isJSON: Bool { contentType?.lowercased().contains("json") ?? false }

    /// The body is labelled as text of some kind, which must be UTF-8 (or ASCII) to be read.
    var isText: Bool {
        guard let type = contentType?.lowercased() else { return false }
        if type.contains("charset=") && !type.contains("charset=utf-8") && !type.contains("charset=\"utf-8\"") && !type.contains("charset=us-ascii") {
            return false
        }
        return isJSON || type.hasPrefix("text/")
    }

    /// Header lines worth showing beside the body, or nil when there are none.
    var detail: String? {
        let lines = [("Server", server), ("Retry-After", retryAfter), ("Location", location)].compactMap { name, value in
            value.map { "\(name): \($0)" }
        }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    private static func short(_ value: String) -> String {
        value.count > 200 ? String(value.prefix(200)) + "…" : value
    }
}
