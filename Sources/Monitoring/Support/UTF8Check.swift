import Foundation

/// Finds where bytes stop being UTF-8.
enum UTF8Check {
    /// The first byte that is not part of a well-formed UTF-8 sequence, and its offset; nil
    /// when all of `data` is UTF-8.
    static func firstInvalidByte(in data: Data) -> (offset: Int, byte: UInt8)? {
        let bytes = [UInt8](data)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00...0x7F: i += 1; continue
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return (i, b)
            }
            guard i + length <= bytes.count else { return (i, b) }
            for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 { return (i, b) }
            let second = bytes[i + 1]
            if (b == 0xE0 && second < 0xA0) || (b == 0xED && second > 0x9F) || (b == 0xF0 && second < 0x90) || (b == 0xF4 && second > 0x8F) {
                return (i, b)
            }
            i += length
        }
        return nil
    }
}
