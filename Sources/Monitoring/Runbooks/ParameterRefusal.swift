/// Why a value was not accepted for a step parameter, in words for the operator
/// (`'abc' is not a number`).
///
/// Contract: the reason never quotes the value of a secret parameter.
public struct ParameterRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// The parameter's name.
    public var parameter: String
    public var reason: String

    public init(parameter: String, reason: String) {
        self.parameter = parameter
        self.reason = reason
    }

    /// `revision: 'x;y' does not match ^[a-z-]+$`.
    public var description: String { "\(parameter): \(reason)" }
}
