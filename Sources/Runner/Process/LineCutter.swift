import Foundation

/// Cuts one stream of output into lines, holding back a line until its newline arrives.
///
/// Contract: a line keeps at most `longestLine` bytes (the rest of it is dropped), so memory
/// stays bounded however long a line runs; lines are handed over without their newline.
struct LineCutter {
    static let longestLine = 64 << 10
    private var partial: [UInt8] = []

    /// Calls `line` with every line `chunk` completes.
    mutating func cut(_ chunk: UnsafeRawBufferPointer, _ line: (UnsafeRawBufferPointer) -> Void) {
        guard let base = chunk.baseAddress else { return }
        var start = 0
        while start < chunk.count {
            guard let found = memchr(base + start, 0x0A, chunk.count - start) else {
                hold(UnsafeRawBufferPointer(rebasing: chunk[start...]))
                return
            }
            let end = base.distance(to: UnsafeRawPointer(found))
            let piece = UnsafeRawBufferPointer(rebasing: chunk[start..<end])
            if partial.isEmpty {
                line(UnsafeRawBufferPointer(rebasing: piece.prefix(LineCutter.longestLine)))
            } else {
                hold(piece)
                partial.withUnsafeBytes(line)
                partial.removeAll(keepingCapacity: true)
            }
            start = end + 1
        }
    }

    /// Hands over the line held back, if any, as if its newline had come.
    mutating func flush(_ line: (UnsafeRawBufferPointer) -> Void) {
        guard !partial.isEmpty else { return }
        partial.withUnsafeBytes(line)
        partial.removeAll()
    }

    private mutating func hold(_ bytes: UnsafeRawBufferPointer) {
        let room = LineCutter.longestLine - partial.count
        if room > 0 { partial.append(contentsOf: bytes.prefix(room)) }
    }
}
