import SafeText

/// A typed input a step asks for before it runs.
///
/// ```yaml
/// params:
///   - name: revision                 # reaches the command as WARROOM_PARAM_REVISION
///     type: string                   # string (default), number, choice or boolean
///     pattern: 'backend-staging-[0-9]{5}-[a-z]{3}'   # must match the whole value
///     description: The revision to roll back to
///   - { name: region, type: choice, choices: [europe-west1, us-central1], default: europe-west1 }
///   - { name: token, secret: true }  # shown and recorded as •••
///   - { name: offset, type: number, allow_leading_dash: true }   # -5 may be given
/// ```
///
/// Contract: a value reaches a command only as the environment variable `environmentName`
/// or as a whole argument (`"{revision}"`), never inside a shell line. `validate` accepts a
/// value only when it suits the kind, the choices and the pattern; a parameter without a
/// default must be given a value. A value given for a whole argument that the program would
/// read as an option (it starts with `-` and no `--` comes before it in `run:`) is refused
/// unless the parameter says `allow_leading_dash: true`: `--output=pwned` must not become an
/// option of `sort`.
public struct RunbookParameter: Hashable, Sendable, Identifiable {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case string, number, choice, boolean
    }

    public var name: String
    public var kind: Kind
    public var defaultValue: String?
    public var choices: [String]
    /// Must match the whole value (string and number parameters).
    public var pattern: LogPattern?
    public var description: String?
    /// Shown and recorded as `•••`.
    public var secret: Bool
    /// A value may start with `-` even where the program would read it as an option.
    public var allowsLeadingDash: Bool

    public var id: String { name }

    public init(name: String, kind: Kind = .string, defaultValue: String? = nil, choices: [String] = [], pattern: LogPattern? = nil, description: String? = nil, secret: Bool = false, allowsLeadingDash: Bool = false) {
        self.allowsLeadingDash = allowsLeadingDash
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.choices = choices
        self.pattern = pattern
        self.description = description
        self.secret = secret
    }

    /// `WARROOM_PARAM_` and the name in upper snake case: `minInstances` and `min-instances`
    /// both become `WARROOM_PARAM_MIN_INSTANCES`.
    public var environmentName: String {
        var out = "WARROOM_PARAM_"
        var previous: Character?
        for c in name {
            if c == "-" || c == "_" {
                out.append("_")
            } else {
                if c.isUppercase, let p = previous, p.isLowercase || p.isNumber { out.append("_") }
                out += c.uppercased()
            }
            previous = c
        }
        return out
    }

    /// The value as the command gets it (booleans become `true` or `false`), or why it is
    /// refused. An empty value is refused: the caller puts the default in its place.
    /// `asOption`: the value becomes a whole argument where the program reads options (see
    /// `StepCommand.takesAsOption`).
    public func validate(_ raw: String, asOption: Bool = false) -> Result<String, ParameterRefusal> {
        func refuse(_ reason: String) -> Result<String, ParameterRefusal> {
            .failure(ParameterRefusal(parameter: name, reason: reason))
        }
        let shown = secret ? "the value" : "'\(RunbookParameter.shown(raw))'"
        if raw.isEmpty { return refuse("a value is required") }
        if raw.contains("\0") { return refuse("\(shown) contains a NUL character") }
        if asOption && raw.hasPrefix("-") && !allowsLeadingDash {
            return refuse("\(shown) starts with '-', which the program would take as an option; "
                          + "the step can write \"--\" before \"{\(name)}\" in run:, or allow it with allow_leading_dash: true")
        }
        var value = raw
        switch kind {
        case .string:
            break
        case .number:
            guard RunbookParameter.isNumber(raw) else { return refuse("\(shown) is not a number") }
        case .choice:
            guard choices.contains(raw) else { return refuse("\(shown) is not one of \(choices.joined(separator: ", "))") }
        case .boolean:
            switch raw.lowercased() {
            case "true", "yes", "y", "on", "1": value = "true"
            case "false", "no", "n", "off", "0": value = "false"
            default: return refuse("\(shown) is not yes or no")
            }
        }
        if let pattern, !pattern.matchesWhole(raw) {
            return refuse("\(shown) does not match \(pattern.source)")
        }
        return .success(value)
    }

    /// A decimal number: an optional minus sign, digits, and optionally a point and digits.
    static func isNumber(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.first == "-" { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { ("0"..."9").contains($0) } }
    }

    /// A value as a refusal quotes it: one line, no control characters, at most 40 characters.
    static func shown(_ value: String) -> String {
        let visible = SafeText.sanitize(value.replacingOccurrences(of: "\n", with: "\\n"))
        return visible.count > 40 ? String(visible.prefix(40)) + "…" : visible
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic, name.count <= 64 else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
    }

    init(reading r: ConfigReader) throws {
        _ = try r.requireMapping("a parameter such as {name: revision, type: string}")
        name = try r.requiredString("name")
        guard RunbookParameter.isValidName(name) else {
            throw r.error(at: "name", "'\(name)' must start with a letter and hold only letters, digits, '-' or '_'")
        }
        let choiceReader = try r.child("choices")
        if let typeReader = try r.child("type") {
            kind = Kind(rawValue: try typeReader.choice(Kind.allCases.map(\.rawValue)))!
        } else {
            kind = choiceReader == nil ? .string : .choice
        }
        choices = try choiceReader?.list().map { try $0.string() } ?? []
        if kind == .choice && choices.isEmpty {
            throw r.error(at: "choices", "a choice parameter needs choices, such as [europe-west1, us-central1]")
        }
        if kind != .choice && choiceReader != nil {
            throw r.error(at: "choices", "choices go with type: choice")
        }
        if let p = try r.child("pattern") {
            guard kind == .string || kind == .number else { throw p.error("a pattern goes with string and number parameters") }
            let source = try p.string()
            guard let compiled = LogPattern(source), LogPattern("\\A(?:\(source))\\z") != nil else {
                throw p.error("'\(source)' is not a valid regular expression")
            }
            pattern = compiled
        } else {
            pattern = nil
        }
        description = try r.string("description")
        secret = try r.bool("secret", default: false)
        allowsLeadingDash = try r.bool("allow_leading_dash", default: false)
        defaultValue = nil
        if let d = try r.child("default") {
            let raw = try d.string()
            switch validate(raw) {
            case .success(let value): defaultValue = value
            case .failure(let refusal): throw d.error("the default is refused: \(refusal.reason)")
            }
        }
        try r.finish()
    }
}
