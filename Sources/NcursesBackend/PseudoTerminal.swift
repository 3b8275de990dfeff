import CNcurses
import Foundation

/// A pseudo-terminal pair: the backend draws on the slave side, and the master side reads
/// exactly the bytes a real terminal would receive and types keys. For tests and benchmarks.
public final class PseudoTerminal {
    public let master: Int32
    public let slave: Int32
    public let slaveInput: UnsafeMutablePointer<FILE>
    public let slaveOutput: UnsafeMutablePointer<FILE>

    public init(rows: Int, columns: Int) throws {
        var m: Int32 = -1, s: Int32 = -1
        guard warroom_openpty(&m, &s, Int32(rows), Int32(columns)) == 0 else {
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
        master = m
        slave = s
        _ = warroom_set_nonblocking(m)
        slaveInput = fdopen(dup(s), "r")
        slaveOutput = fdopen(dup(s), "w")
    }

    deinit {
        fclose(slaveInput)
        fclose(slaveOutput)
        close(slave)
        close(master)
    }

    /// Everything written to the terminal since the last call.
    public func drain() -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(master, &chunk, chunk.count)
            if n <= 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }

    /// Types bytes as if from a keyboard.
    public func type(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count) }
    }

    public func type(_ text: String) { type(Array(text.utf8)) }

    /// The bytes the terminal description sends for a key capability (`kcuu1` for ↑).
    /// Only valid while a backend is running on this terminal.
    public static func keySequence(_ capability: String) -> [UInt8]? {
        guard let p = warroom_key_sequence(capability) else { return nil }
        return Array(String(cString: p).utf8)
    }

    /// Changes the window size; the backend sees a resize once SIGWINCH is delivered.
    public func resize(rows: Int, columns: Int) {
        _ = warroom_set_winsize(master, Int32(rows), Int32(columns))
    }
}
