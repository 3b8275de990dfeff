import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The right to write one store: an exclusive, non-blocking `flock` on `<store path>.lock`,
/// with the holder's pid written in the file for the refusal message.
///
/// Contract: at most one `StoreLock` per store exists at a time, across processes and within
/// one (each lock opens its own file description). It is released by `release()`, by deinit,
/// and by the kernel when the process dies, so a lock left by a crashed console is never in
/// the way. The descriptor is close-on-exec, so probes' child processes do not inherit it.
/// The lock file itself stays (removing it could let two consoles lock different files).
public final class StoreLock: Sendable {
    /// The lock file.
    public let path: String
    private let descriptor: Mutex<Int32?>

    /// Takes the lock for the store at `storePath`; throws `StoreError.inUse(pid:)` when another
    /// console holds it, `readOnly` when the lock file cannot be created or opened for writing.
    public init(storePath: String) throws(StoreError) {
        path = storePath + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let code = errno
            let reason = code == EROFS ? "its file system is mounted read-only" : "cannot create its lock file: \(StoreFiles.lastError())"
            if code == EACCES || code == EROFS || code == EPERM { throw .readOnly(path: storePath, reason: reason) }
            throw .failed(path: storePath, reason: reason)
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let reason = StoreFiles.lastError()
            let holder = Self.pid(in: fd)
            close(fd)
            if code == EWOULDBLOCK { throw .inUse(pid: holder) }
            throw .failed(path: storePath, reason: "cannot lock \(path): \(reason)")
        }
        let text = Array("\(getpid())\n".utf8)
        if ftruncate(fd, 0) == 0 { _ = pwrite(fd, text, text.count, 0) }
        descriptor = Mutex(fd)
    }

    /// Lets another console take the store. Calling it again does nothing.
    public func release() {
        descriptor.withLock { fd in
            if let open = fd { close(open) }
            fd = nil
        }
    }

    public var isHeld: Bool { descriptor.withLock { $0 != nil } }

    deinit { release() }

    /// The pid the holder wrote, if it did (it may not have yet).
    private static func pid(in fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = pread(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return nil }
        let text = String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int32(text).flatMap { $0 > 0 ? $0 : nil }
    }
}
