/// How much the operator must do before a step runs.
///
/// ```yaml
/// safety: confirm                    # answer y
/// safety: dangerous                  # type the step id…
/// confirm_phrase: roll back staging  # …or this phrase
/// ```
public enum StepSafety: Hashable, Sendable {
    /// Runs on the keypress.
    case none
    /// Asks yes or no first.
    case confirm
    /// The operator must type `phrase` (the step id unless config says otherwise).
    case dangerous(phrase: String)

    init(reading r: ConfigReader, stepID: String) throws {
        let kind = try r.child("safety")?.choice(["none", "confirm", "dangerous"]) ?? "none"
        let phrase = try r.child("confirm_phrase")
        if kind != "dangerous", phrase != nil {
            throw r.error(at: "confirm_phrase", "a confirm phrase goes with safety: dangerous")
        }
        switch kind {
        case "confirm": self = .confirm
        case "dangerous":
            let typed = try phrase.map { try $0.string() } ?? stepID
            if typed.trimmingCharacters(in: .whitespaces).isEmpty { throw r.error(at: "confirm_phrase", "must not be empty") }
            self = .dangerous(phrase: typed)
        default: self = .none
        }
    }
}
