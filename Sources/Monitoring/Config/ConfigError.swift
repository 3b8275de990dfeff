/// A problem in a config file, pinned to where it is: file, line and the key path
/// (`services[0].check.timeout`).
public struct ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var key: String
    public var message: String

    public init(file: String, line: Int?, column: Int? = nil, key: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    /// `file:line:column: key: message`, the shape editors and terminals link to.
    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        if let line, line > 0, let column { s += ":\(column)" }
        s += ": "
        if !key.isEmpty { s += "\(key): " }
        return s + message
    }
}

/// Every problem found in one config file, in file order.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ConfigError]

    public init(_ errors: [ConfigError]) {
        self.errors = errors.sorted { ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0) }
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Thrown where a block cannot be made because a problem in it was already recorded: the load
/// fails with that problem, and this adds none of its own.
struct ConfigErrorRecorded: Error {}
