import NIOCore

/// The bodies and headers the faults send.
enum FaultBodies {
    /// What `trickle` sends one byte at a time (`Fault.announcedBytes` long).
    static let announced: [UInt8] = {
        let head = Array(#"{"status":"healthy","padding":""#.utf8)
        let tail = Array(#""}"#.utf8)
        return head + [UInt8](repeating: UInt8(ascii: "x"), count: Fault.announcedBytes - head.count - tail.count) + tail
    }()

    /// `hugeBody` in 64 KiB chunks: a JSON object whose padding string fills 50 MB.
    static func huge() -> [ByteBuffer] {
        let head = ByteBuffer(string: #"{"status":"healthy","padding":""#)
        let tail = ByteBuffer(string: #""}"#)
        let fill = Fault.hugeBodyBytes - head.readableBytes - tail.readableBytes
        let chunk = 64 << 10
        var buffers = [head]
        let full = ByteBuffer(repeating: UInt8(ascii: "x"), count: chunk)
        for _ in 0..<(fill / chunk) { buffers.append(full) }
        if fill % chunk > 0 { buffers.append(ByteBuffer(repeating: UInt8(ascii: "x"), count: fill % chunk)) }
        buffers.append(tail)
        return buffers
    }

    /// A JSON object whose `service` value holds bytes that are not UTF-8 (0xFF, a lone
    /// continuation byte, a truncated sequence).
    static let invalidUTF8: [UInt8] = Array(#"{"status":"healthy","service":"back"#.utf8) + [0xFF, 0x80, 0xC3] + Array(#"end"}"#.utf8)

    static let deepJSON = String(repeating: "[", count: Fault.deepJSONLevels) + String(repeating: "]", count: Fault.deepJSONLevels)

    /// Escape sequences aimed at the terminal: an OSC 52 clipboard write ("pwned" in base64),
    /// an OSC 0 window title, a screen clear, cursor moves, and a C1 CSI.
    static let clipboardWrite = "\u{1B}]52;c;cHduZWQ=\u{07}"
    static let titleChange = "\u{1B}]0;PWNED-TITLE\u{07}"
    static let screenClear = "\u{1B}[2J\u{1B}[H"
    static let cursorMoves = "\u{1B}[5;5H\u{1B}[10A\u{9B}6n"

    static let escapeJSON: String = {
        let detail = "backend down" + clipboardWrite + titleChange + screenClear + cursorMoves + " PWNED-DETAIL"
        var text = #"{"status":"unhealthy","detail":""#
        for scalar in detail.unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                text += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        return text + #""}"#
    }()

    /// Headers carrying the same sequences raw (HTTP allows neither CR, LF nor NUL in a value,
    /// but a hostile server sends the rest).
    static let escapeHeaders: [(String, String)] = [
        ("Server", "staging" + titleChange),
        ("Retry-After", "30" + clipboardWrite),
        ("X-Debug", screenClear + cursorMoves + "PWNED-HEADER"),
    ]

    /// The `hugeFrame` frame's payload, made once and shared by every frame sent.
    static let hugeFrame = ByteBuffer(repeating: UInt8(ascii: "x"), count: Fault.hugeFrameBytes)

    static let unhealthyJSON = #"{"status":"unhealthy","detail":"database pool exhausted (10 of 10 in use)","checks":{"database":"timeout"}}"#
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
