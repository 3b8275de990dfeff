/// Sizes as config files write them: `512`, `64KB`, `1.5MB` (KB = 1024 bytes).
enum ByteSize {
    /// The number of bytes, or nil when `text` is not a size.
    static func parse(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("kib", 1024), ("mib", 1_048_576), ("kb", 1024), ("mb", 1_048_576), ("k", 1024), ("m", 1_048_576), ("b", 1)]
        var number = Substring(t)
        var factor = 1.0
        if let (suffix, f) = units.first(where: { t.hasSuffix($0.0) }) {
            number = t.dropLast(suffix.count)
            factor = f
        }
        guard let v = Double(number.trimmingCharacters(in: .whitespaces)), v.isFinite, v >= 0, v * factor < Double(Int.max) else { return nil }
        return Int(v * factor)
    }
}

extension ConfigReader {
    /// A size in bytes (`256KB`, `1MB`, `4096`) no larger than `max`.
    func byteSize(_ key: String, max: Int) throws -> Int? {
        guard let c = try child(key) else { return nil }
        guard let text = c.node.scalar?.string, let v = ByteSize.parse(text) else {
            throw c.error("expected a size such as 256KB or 1MB, found \(c.describe(c.node))")
        }
        guard v <= max else { throw c.error("must be at most \(ByteCount.format(max))") }
        return v
    }
}
