import Foundation

/// The last `limit` bytes of a command's output, and its lines as a terminal would show them.
///
/// Contract: memory stays within `limit` bytes however much is appended; when bytes were
/// dropped, the first (partial) line is dropped too; a carriage return inside a line keeps only
/// what follows it (progress bars), so lines hold what the screen finally showed.
struct OutputTail: Sendable {
    let limit: Int
    private(set) var bytes: [UInt8] = []
    private(set) var dropped = false

    init(limit: Int) { self.limit = limit }

    mutating func append(_ chunk: [UInt8]) {
        bytes += chunk
        if bytes.count > limit {
            bytes.removeFirst(bytes.count - limit)
            dropped = true
        }
    }

    var lines: [String] {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            var l = line
            while l.last == 0x0D { l = l.dropLast() }
            let shown = l.lastIndex(of: 0x0D).map { l[l.index(after: $0)...] } ?? l
            return String(decoding: shown, as: UTF8.self)
        }
        if dropped, !lines.isEmpty { lines.removeFirst() }
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        return lines
    }

    /// The last line with something visible once sanitized.
    var lastVisibleLine: String? {
        lines.last { !Sanitize.line($0).trimmingCharacters(in: .whitespaces).isEmpty }
    }
}
