import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small tmpfs of its own, for tests that need a disk that really fills up or a file system
/// that really turns read-only.
///
/// Contract: `mount(bytes:)` gives nil where this process may not mount (it is not root, or
/// a container denies root the mount), so the test can run its injected-failure variant
/// instead; but root in CI (`CI=true`) that cannot mount throws, so CI never passes by quietly
/// taking the other road. `unmount()` must be called on every path (`defer`); it detaches the
/// mount even when a file on it is still open, and removes the folder. Mounts are per test:
/// tests that use one should be serialized with each other only when they share it.
public final class ScratchDisk: Sendable {
    /// The mount point.
    public let folder: URL
    /// The file `fill()` grows until the disk is full.
    private let filler: String

    public struct MountFailure: Error, CustomStringConvertible {
        public var description: String
    }

    private init(folder: URL) {
        self.folder = folder
        filler = folder.appendingPathComponent("filler").path
    }

    /// A fresh tmpfs of `bytes` (rounded up to whole pages), or nil where mounting is not
    /// possible outside CI.
    public static func mount(bytes: Int) throws -> ScratchDisk? {
        guard getuid() == 0 else { return nil }
        let folder = TempFiles.folder("warroom-tmpfs")
        let result = try Shell.run(tool("mount"), ["-t", "tmpfs", "-o", "size=\(bytes),mode=0755", "tmpfs", folder.path])
        guard result.status == 0 else {
            try? FileManager.default.removeItem(at: folder)
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                throw MountFailure(description: "root in CI could not mount a tmpfs at \(folder.path): \(result.error)")
            }
            return nil
        }
        return ScratchDisk(folder: folder)
    }

    /// A path on the disk.
    public func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Bytes still free.
    public var available: Int {
        var info = statvfs()
        guard statvfs(folder.path, &info) == 0 else { return 0 }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }

    /// Fills the disk: grows a file until the next write fails with "no space left".
    public func fill() throws {
        let fd = open(filler, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        let chunk = [UInt8](repeating: 0x2E, count: 64 << 10)
        while true {
            let n = chunk.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n >= 0 { continue }
            if errno == EINTR { continue }
            if errno == ENOSPC { return }
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
    }

    /// Frees what `fill()` took.
    public func free() {
        unlink(filler)
    }

    /// Remounts the disk read-only (as a kernel does to a file system it finds errors on), or
    /// writable again.
    public func remount(readOnly: Bool) throws {
        let result = try Shell.run(ScratchDisk.tool("mount"), ["-o", "remount,\(readOnly ? "ro" : "rw")", folder.path])
        guard result.status == 0 else { throw MountFailure(description: "cannot remount \(folder.path): \(result.error)") }
    }

    /// Detaches the disk (lazily when something still holds a file on it) and removes the
    /// mount point. Calling it again does nothing.
    public func unmount() {
        guard let umount = try? Shell.run(ScratchDisk.tool("umount"), [folder.path]) else { return }
        if umount.status != 0 {
            _ = try? Shell.run(ScratchDisk.tool("umount"), ["-l", folder.path])
        }
        rmdir(folder.path)
    }

    /// Where a system tool lives (`/usr/bin` or `/bin`).
    private static func tool(_ name: String) -> String {
        ["/usr/bin/\(name)", "/bin/\(name)", "/usr/sbin/\(name)", "/sbin/\(name)"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/bin/\(name)"
    }
}
