import Foundation

/// A parsed JSON document with subscripts that never trap: a missing key or index gives a
/// body whose accessors all return nil, so `#expect` reports the wrong value instead of crashing.
struct JSONBody: @unchecked Sendable, CustomStringConvertible {
    /// The parsed value (`[String: Any]`, `[Any]`, `String`, `NSNumber`, `NSNull`), or nil if absent.
    let value: Any?

    init(value: Any?) {
        self.value = value
    }

    init(text: String) {
        value = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    subscript(key: String) -> JSONBody {
        JSONBody(value: (value as? [String: Any])?[key])
    }

    subscript(index: Int) -> JSONBody {
        guard let array = value as? [Any], array.indices.contains(index) else { return JSONBody(value: nil) }
        return JSONBody(value: array[index])
    }

    var string: String? { value as? String }
    var int: Int? { (value as? NSNumber).flatMap { Double(truncating: $0) == Double(Int(truncating: $0)) ? Int(truncating: $0) : nil } }
    var double: Double? { (value as? NSNumber).map { Double(truncating: $0) } }
    var array: [JSONBody]? { (value as? [Any]).map { $0.map { JSONBody(value: $0) } } }
    var keys: Set<String>? { (value as? [String: Any]).map { Set($0.keys) } }
    /// The key is present and holds JSON null.
    var isNull: Bool { value is NSNull }

    var description: String {
        guard let value, JSONSerialization.isValidJSONObject(value) || value is String || value is NSNumber else {
            return String(describing: value)
        }
        let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? String(describing: value)
    }
}
