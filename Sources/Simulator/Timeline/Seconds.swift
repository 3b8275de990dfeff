/// Durations as the backend reports them: seconds to one decimal.
enum Seconds {
    /// `seconds` rounded to one decimal (20.0, 0.4, 12.3).
    static func rounded(_ seconds: Double) -> Double {
        (seconds * 10).rounded() / 10
    }

    /// `"20.0s"`, `"0.4s"`.
    static func text(_ seconds: Double) -> String {
        "\(rounded(seconds))s"
    }
}
