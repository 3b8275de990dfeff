/// Cuts a byte stream into lines, holding back a line until its newline arrives.
///
/// Contract: a line longer than `LogLine.maxBytes` keeps its first `LogLine.maxBytes` bytes;
/// memory stays within that bound however long a line runs. A trailing `\r` is dropped.
struct LineSplitter {
    private var partial: [UInt8] = []
    /// Drop everything up to the first newline (reading started in the middle of a line).
    var skippingToNewline = false

    /// The complete lines in `bytes` (with what came before).
    mutating func lines(in bytes: some Sequence<UInt8>) -> [String] {
        var out: [String] = []
        for b in bytes {
            if b == 0x0A {
                if skippingToNewline {
                    skippingToNewline = false
                } else {
                    out.append(take())
                }
                continue
            }
            if skippingToNewline { continue }
            if partial.count < LogLine.maxBytes { partial.append(b) }
        }
        return out
    }

    /// The line held back, if any, as if its newline had come (the end of a finished input).
    mutating func flush() -> String? {
        if skippingToNewline || partial.isEmpty { return nil }
        return take()
    }

    /// Forgets the line held back (the input started over).
    mutating func reset() {
        partial.removeAll(keepingCapacity: true)
        skippingToNewline = false
    }

    private mutating func take() -> String {
        if partial.last == 0x0D { partial.removeLast() }
        let line = String(decoding: partial, as: UTF8.self)
        partial.removeAll(keepingCapacity: true)
        return line
    }
}
