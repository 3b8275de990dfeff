/// The JSON the simulator writes, with object keys kept in the order they were written, so
/// response bodies and log lines read in the order the Warroom schemas list their fields.
/// It covers only the kinds of value the simulator writes (no booleans).
enum JSON: Sendable {
    case null
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    /// `.null` for `nil`, otherwise the wrapped value.
    init(_ value: String?) {
        self = value.map(JSON.string) ?? .null
    }

    init(_ value: Int?) {
        self = value.map(JSON.int) ?? .null
    }

    init(_ value: Double?) {
        self = value.map(JSON.number) ?? .null
    }

    /// Compact JSON text (no whitespace, no trailing newline).
    var rendered: String {
        var text = ""
        render(into: &text)
        return text
    }

    private func render(into text: inout String) {
        switch self {
        case .null:
            text += "null"
        case .int(let value):
            text += String(value)
        case .number(let value):
            text += value.isFinite ? String(value) : "null"
        case .string(let value):
            JSON.quote(value, into: &text)
        case .array(let values):
            text += "["
            for (index, value) in values.enumerated() {
                if index > 0 { text += "," }
                value.render(into: &text)
            }
            text += "]"
        case .object(let members):
            text += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { text += "," }
                JSON.quote(key, into: &text)
                text += ":"
                value.render(into: &text)
            }
            text += "}"
        }
    }

    private static func quote(_ string: String, into text: inout String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(arrayLiteral elements: JSON...) { self = .array(elements) }
    init(dictionaryLiteral elements: (String, JSON)...) { self = .object(elements) }
}
