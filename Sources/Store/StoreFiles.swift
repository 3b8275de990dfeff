import Foundation
import Monitoring
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The file-system checks a store makes before SQLite touches anything.
enum StoreFiles {
    enum Kind: Equatable {
        case missing
        /// Zero bytes: SQLite treats it as a new, empty database.
        case empty
        /// Starts with SQLite's header.
        case database
    }

    /// What is at `path`; throws `notADatabase` for a file that does not start with SQLite's
    /// 16-byte header (it is only read).
    static func inspect(_ path: String) throws(StoreError) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { return .missing }
            throw .failed(path: path, reason: lastError())
        }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw .failed(path: path, reason: "it is a directory") }
        if info.st_size == 0 { return .empty }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .failed(path: path, reason: lastError()) }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: 16)
        let n = read(fd, &header, 16)
        guard n == 16, header == Array("SQLite format 3\0".utf8) else { throw .notADatabase(path: path) }
        return .database
    }

    /// Makes `directory` and its parents when missing.
    static func createDirectory(_ directory: String) throws(StoreError) {
        var info = stat()
        if stat(directory, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR { return }
            throw .cannotCreateDirectory(path: directory, reason: "a file is in the way")
        }
        let parent = PathText.folder(of: directory)
        if !parent.isEmpty && parent != directory { try createDirectory(parent) }
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw .cannotCreateDirectory(path: directory, reason: lastError())
        }
    }

    /// Throws `readOnly` when the file (if it exists) or its directory (where SQLite keeps the
    /// WAL beside it) cannot be written.
    static func requireWritable(_ path: String, directory: String, exists: Bool) throws(StoreError) {
        if exists && access(path, W_OK) != 0 {
            throw .readOnly(path: path, reason: errno == EROFS ? "its file system is mounted read-only" : "the file is read-only")
        }
        if access(directory, W_OK) != 0 {
            throw .readOnly(path: path, reason: errno == EROFS ? "its file system is mounted read-only" : "its directory is read-only")
        }
    }

    /// What the file system holding `path` (or its folder, when `path` does not exist) can take.
    enum FileSystemState: Equatable {
        case writable
        case readOnly
        /// No block left for this user.
        case full
    }

    /// Asks the file system holding `path` whether it is mounted read-only or full, to explain
    /// an I/O error; `writable` when it cannot tell.
    static func fileSystem(holding path: String) -> FileSystemState {
        let folder = PathText.folder(of: path)
        var info = statvfs()
        guard statvfs(path, &info) == 0 || statvfs(folder.isEmpty ? "." : folder, &info) == 0 else { return .writable }
        if info.f_flag & UInt(ST_RDONLY) != 0 { return .readOnly }
        if info.f_bavail == 0 { return .full }
        return .writable
    }

    /// The current `errno` as a lowercase sentence: "permission denied".
    static func lastError() -> String {
        let text = String(cString: strerror(errno))
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}
