import Foundation

/// Another process holding SQLite's write lock on a store file: `python3` in an exclusive
/// transaction, until `release()` (or the holder goes away). `release()` may be called from
/// any thread, once the holder is made.
public final class SQLiteLockHolder: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Returns once the lock is held.
    public init(_ path: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=5)
            db.execute("BEGIN EXCLUSIVE")
            print("locked", flush=True)
            sys.stdin.read()
            db.execute("COMMIT")
            """, path]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let said = output.fileHandleForReading.availableData
        guard String(decoding: said, as: UTF8.self).hasPrefix("locked") else {
            process.terminate()
            throw Failure(description: "python3 could not lock \(path) (is python3 installed?)")
        }
    }

    /// Commits the holder's transaction and waits for it to exit.
    public func release() {
        guard process.isRunning else { return }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}
