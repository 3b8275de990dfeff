import Foundation

/// An open log file, read forward from `offset`, and which file it is (device and inode), so
/// a follower can tell a rotated file from the one it holds.
struct LogFile {
    let descriptor: Int32
    let identity: Identity
    var offset: Int64

    struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
    }

    /// Opens `path` for reading; the error is the operator's reason (`no such file`).
    static func opening(_ path: String) -> Result<LogFile, LogFileError> {
        let fd = openDescriptor(path)
        guard fd >= 0 else { return .failure(LogFileError(errno: errno)) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let error = LogFileError(errno: errno)
            closeDescriptor(fd)
            return .failure(error)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            closeDescriptor(fd)
            return .failure(LogFileError(reason: (info.st_mode & S_IFMT) == S_IFDIR ? "is a directory" : "not a regular file"))
        }
        return .success(LogFile(descriptor: fd, identity: Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)), offset: 0))
    }

    /// Which file `path` names now; nil when it names none (mid-rotation, deleted).
    static func identity(of path: String) -> Identity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// The file's size now.
    var size: Int64 {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return offset }
        return Int64(info.st_size)
    }

    /// Moves to the last `backlog` bytes; true when that cut into a line (the byte before is
    /// not a newline), so the first line read is a fragment.
    mutating func seek(backlog: Int) -> Bool {
        let size = self.size
        guard size > Int64(backlog) else { return false }
        offset = size - Int64(backlog)
        var before: UInt8 = 0
        return pread(descriptor, &before, 1, off_t(offset - 1)) == 1 && before != 0x0A
    }

    /// Up to `limit` bytes from `offset` on (empty at the end of the file).
    mutating func read(limit: Int) throws(LogFileError) -> [UInt8] {
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: limit) { buffer, count in
            let n = pread(descriptor, buffer.baseAddress, limit, off_t(offset))
            if n < 0 { failure = errno }
            count = max(0, n)
        }
        if failure != 0 { throw LogFileError(errno: failure) }
        offset += Int64(bytes.count)
        return bytes
    }

    func close() {
        closeDescriptor(descriptor)
    }
}

/// Why a log file cannot be read, in operator words: `no such file`, `permission denied`.
struct LogFileError: Error {
    var reason: String

    init(reason: String) { self.reason = reason }

    init(errno code: Int32) {
        switch code {
        case ENOENT: reason = "no such file"
        case EACCES: reason = "permission denied"
        case ENOTDIR: reason = "a parent is not a directory"
        default: reason = String(cString: strerror(code)).lowercased()
        }
    }
}

/// The system calls, out of reach of `LogFile`'s own `close()`.
private func openDescriptor(_ path: String) -> Int32 { open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK) }

private func closeDescriptor(_ fd: Int32) { _ = close(fd) }
