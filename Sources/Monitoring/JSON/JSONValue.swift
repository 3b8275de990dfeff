import Foundation

/// A parsed JSON document, or a value a config compares one with.
public indirect enum JSONValue: Hashable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses JSON text. Throws `JSONValue.ParseError` with a short reason for anything that is
    /// not a JSON document (including nesting deeper than the parser allows).
    public static func parse(_ data: Data) throws -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw ParseError(reason: JSONValue.shortReason(data: data))
        }
    }

    public static func parse(_ text: String) throws -> JSONValue { try parse(Data(text.utf8)) }

    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public var reason: String
        public var description: String { reason }
    }

    static func shortReason(data: Data) -> String {
        if data.isEmpty { return "empty" }
        let text = String(decoding: data.prefix(64), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if let first = text.first, first != "{" && first != "[" && first != "\"" && !first.isNumber {
            return "not JSON (starts with '\(text.prefix(20))')"
        }
        let depth = nesting(data.prefix(1 << 20))
        return depth > 512 ? "invalid JSON (nested \(depth > 10_000 ? "more than 10,000" : String(depth)) levels deep)" : "invalid JSON"
    }

    /// The deepest nesting of arrays and objects in `data`, strings skipped.
    static func nesting(_ data: Data) -> Int {
        var depth = 0, deepest = 0, inString = false, escaped = false
        for byte in data {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
            default: break
            }
        }
        return deepest
    }

    /// The value at a dotted path such as `checks.database.status` or `phases[2].name`
    /// (a leading `$.` is allowed); nil when any part is missing.
    public func value(at path: JSONPath) -> JSONValue? {
        var current: JSONValue = self
        for part in path.parts {
            switch (part, current) {
            case (.key(let k), .object(let o)):
                guard let next = o[k] else { return nil }
                current = next
            case (.index(let i), .array(let a)):
                let idx = i < 0 ? a.count + i : i
                guard idx >= 0 && idx < a.count else { return nil }
                current = a[idx]
            default:
                return nil
            }
        }
        return current
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var stringValue: String? {
        switch self {
        case .string(let s): return s
        case .number, .bool: return description
        default: return nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .number(let n): return n
        case .string(let s): return Double(s)
        default: return nil
        }
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// Compact text: strings without quotes at the top level, numbers without a trailing `.0`.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
        case .string(let s): return s
        case .array(let a): return "[" + a.map(\.quoted).joined(separator: ",") + "]"
        case .object(let o): return "{" + o.keys.sorted().map { "\"\($0)\":\(o[$0]!.quoted)" }.joined(separator: ",") + "}"
        }
    }

    /// As JSON would write it (strings quoted).
    public var quoted: String {
        if case .string(let s) = self { return "\"\(s)\"" }
        return description
    }

    /// Loose equality for config conditions: numbers compare as numbers, anything else by text.
    public func matches(_ expected: JSONValue) -> Bool {
        switch (self, expected) {
        case (.number(let a), .number(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        default: return description == expected.description
        }
    }
}

extension JSONValue: Codable {
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n): try c.encode(n)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }
}
