import Foundation

/// An HTTP health check: what to send and what counts as healthy.
public struct HTTPCheckSpec: Hashable, Sendable {
    public var url: String
    public var method: String
    public var headers: [Header]
    public var body: String?
    public var expectedStatus: StatusSet
    public var jsonConditions: [JSONCondition]
    public var bodyContains: String?
    /// Bodies larger than this fail the check instead of being read.
    public var maxBodyBytes: Int
    public var followRedirects: Bool
    /// Whether a readable body is part of health: a body labelled JSON must parse, a text body
    /// must be UTF-8, and a JSON body's own `status` (or `state`, `health`) saying unhealthy,
    /// down or error fails the check (degraded or warning warns). Only without `jsonConditions`,
    /// which judge the body themselves.
    public var judgeBody: Bool
    /// Certificate handling for `https://` URLs.
    public var tls: HTTPTLSOptions

    public struct Header: Hashable, Sendable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }

        /// The headers of a `headers:` mapping; a name must be an HTTP token and a value must
        /// not hold a line break or other control character (it would end the header).
        static func list(_ r: ConfigReader?) throws -> [Header] {
            guard let r else { return [] }
            return try r.entries().compactMap { name, value in
                guard !name.isEmpty, name.unicodeScalars.allSatisfy(isTokenCharacter) else {
                    value.record(value.error("'\(Sanitize.line(name, limit: 60))' is not a header name (letters, digits and !#$%&'*+-.^_`|~)"))
                    return nil
                }
                guard let text = try value.recovering({ try value.string() }) else { return nil }
                if text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F }) {
                    value.record(value.error("a header value must not hold a line break or control character"))
                    return nil
                }
                return Header(name: name, value: text)
            }
        }

        public static func isTokenCharacter(_ c: Unicode.Scalar) -> Bool {
            c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || "!#$%&'*+-.^_`|~".unicodeScalars.contains(c))
        }
    }

    public init(url: String, method: String = "GET", headers: [Header] = [], body: String? = nil,
                expectedStatus: StatusSet = .success, jsonConditions: [JSONCondition] = [],
                bodyContains: String? = nil, maxBodyBytes: Int = 1 << 20, followRedirects: Bool = false,
                judgeBody: Bool = true, tls: HTTPTLSOptions = HTTPTLSOptions()) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.expectedStatus = expectedStatus
        self.jsonConditions = jsonConditions
        self.bodyContains = bodyContains
        self.maxBodyBytes = maxBodyBytes
        self.followRedirects = followRedirects
        self.judgeBody = judgeBody
        self.tls = tls
    }

    /// Whether the URL is `https://`.
    public var isHTTPS: Bool { url.lowercased().hasPrefix("https://") }

    static let methods = ["get", "head", "post", "put", "patch", "delete", "options"]

    init(reading r: ConfigReader) throws {
        let urlText = try r.requiredString("url")
        if let problem = EndpointURL.problem(urlText, schemes: ["http", "https"], placeholdersAllowed: true) {
            throw r.error(at: "url", problem)
        }
        self.url = urlText
        self.method = try r.child("method")?.choice(HTTPCheckSpec.methods).uppercased() ?? "GET"
        self.headers = try Header.list(r.child("headers"))
        self.body = try r.string("body")
        self.followRedirects = try r.bool("follow_redirects", default: false)
        self.maxBodyBytes = try r.int("max_body_bytes", in: 1...(64 << 20)) ?? (1 << 20)
        if let expect = try r.child("expect") {
            _ = try expect.requireMapping()
            self.expectedStatus = try expect.child("status").map(StatusSet.init(reading:)) ?? .success
            self.jsonConditions = try expect.child("json")?.list().map(JSONCondition.init(reading:)) ?? []
            self.bodyContains = try expect.string("body_contains")
            self.judgeBody = try expect.bool("body_health", default: true)
            try expect.finish()
        } else {
            self.expectedStatus = .success
            self.jsonConditions = []
            self.bodyContains = nil
            self.judgeBody = true
        }
        if let t = try r.child("tls") {
            guard urlText.lowercased().hasPrefix("https://") else { throw r.error(at: "tls", "tls applies to https:// URLs only") }
            self.tls = try HTTPTLSOptions(reading: t)
        } else {
            self.tls = HTTPTLSOptions()
        }
    }
}

/// The HTTP status codes that count as healthy: `200`, `[200, 204]`, `2xx`, `200-299`.
public struct StatusSet: Hashable, Sendable, CustomStringConvertible {
    public var ranges: [ClosedRange<Int>]

    public static let success = StatusSet(ranges: [200...299])

    public init(ranges: [ClosedRange<Int>]) { self.ranges = ranges }

    public func contains(_ code: Int) -> Bool { ranges.contains { $0.contains(code) } }

    public var description: String {
        ranges.map { r in
            if r.lowerBound == r.upperBound { return "\(r.lowerBound)" }
            if r.lowerBound % 100 == 0 && r.upperBound == r.lowerBound + 99 { return "\(r.lowerBound / 100)xx" }
            return "\(r.lowerBound)-\(r.upperBound)"
        }.joined(separator: ", ")
    }

    init(reading r: ConfigReader) throws {
        var ranges: [ClosedRange<Int>] = []
        for item in try r.listOrSingle() {
            let t = try item.string().trimmingCharacters(in: .whitespaces).lowercased()
            if t.count == 3, t.hasSuffix("xx"), let d = Int(t.prefix(1)), (1...5).contains(d) {
                ranges.append((d * 100)...(d * 100 + 99))
            } else if let dash = t.firstIndex(of: "-"), let a = Int(t[..<dash]), let b = Int(t[t.index(after: dash)...]), (100...599).contains(a), (a...599).contains(b) {
                ranges.append(a...b)
            } else if let c = Int(t), (100...599).contains(c) {
                ranges.append(c...c)
            } else {
                throw item.error("expected an HTTP status such as 200, 2xx or 200-299, found '\(t)'")
            }
        }
        self.ranges = ranges
    }
}

/// A condition on a JSON response body: the value at `path` equals / differs from a value,
/// is one of several, or exists.
public struct JSONCondition: Hashable, Sendable, CustomStringConvertible {
    public enum Test: Hashable, Sendable {
        case equals(JSONValue)
        case notEquals(JSONValue)
        case oneOf([JSONValue])
        case exists(Bool)
    }

    public var path: JSONPath
    public var test: Test

    public init(path: JSONPath, test: Test) {
        self.path = path
        self.test = test
    }

    /// Nil when the condition holds; otherwise why not, in words.
    public func failure(in document: JSONValue) -> String? {
        let found = document.value(at: path)
        switch test {
        case .exists(let want):
            if (found != nil) == want { return nil }
            return want ? "\(path) is missing" : "\(path) is present"
        case .equals(let want):
            guard let found else { return "\(path) is missing (want \(want.quoted))" }
            return found.matches(want) ? nil : "\(path) is \(found.quoted) (want \(want.quoted))"
        case .notEquals(let unwanted):
            guard let found else { return nil }
            return found.matches(unwanted) ? "\(path) is \(found.quoted)" : nil
        case .oneOf(let options):
            guard let found else { return "\(path) is missing" }
            return options.contains { found.matches($0) } ? nil : "\(path) is \(found.quoted) (want one of \(options.map(\.quoted).joined(separator: ", ")))"
        }
    }

    public var description: String {
        switch test {
        case .equals(let v): return "\(path) == \(v.quoted)"
        case .notEquals(let v): return "\(path) != \(v.quoted)"
        case .oneOf(let v): return "\(path) in [\(v.map(\.quoted).joined(separator: ", "))]"
        case .exists(let b): return b ? "\(path) exists" : "\(path) absent"
        }
    }

    init(reading r: ConfigReader) throws {
        _ = try r.requireMapping("a condition such as {path: status, equals: ok}")
        let pathText = try r.requiredString("path")
        guard let path = JSONPath(pathText) else { throw r.error(at: "path", "'\(pathText)' is not a path such as status or checks[0].state") }
        self.path = path
        var tests: [Test] = []
        if let v = try r.child("equals") { tests.append(.equals(try v.jsonScalar())) }
        if let v = try r.child("not_equals") { tests.append(.notEquals(try v.jsonScalar())) }
        if let v = try r.child("one_of") { tests.append(.oneOf(try v.list().map { try $0.jsonScalar() })) }
        if let v = try r.child("exists") { tests.append(.exists(try v.bool())) }
        guard tests.count == 1 else {
            throw r.error(tests.isEmpty ? "needs one of equals, not_equals, one_of, exists" : "has more than one of equals, not_equals, one_of, exists")
        }
        self.test = tests[0]
        try r.finish()
    }
}

extension ConfigReader {
    /// A scalar as the JSON value YAML would give it: true/false, a number, null, or text.
    func jsonScalar() throws -> JSONValue {
        guard let scalar = node.scalar else { throw error("expected a single value, found \(describe(node))") }
        if scalar.style != .plain { return .string(try string()) }
        if let b = node.bool { return .bool(b) }
        if let i = node.int { return .number(Double(i)) }
        if let d = node.float { return .number(d) }
        if ["null", "~"].contains(scalar.string) { return .null }
        return .string(try string())
    }
}
