/// Random lowercase hex strings for session tokens and agent run ids.
enum RandomHex {
    /// `bytes` random bytes as `2 * bytes` hex digits.
    static func make(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        return String((0..<bytes).flatMap { _ -> [Character] in
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            return [digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]]
        })
    }
}
