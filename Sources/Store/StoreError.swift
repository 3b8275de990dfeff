import Foundation
import GRDB
import Monitoring

/// Why a store cannot be opened, read or written. `description` is one lowercase line that
/// names the file (or the server) and the cause, fit for a footer after "history kept in memory only: ".
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The store's directory does not exist and cannot be made.
    case cannotCreateDirectory(path: String, reason: String)
    /// The file exists but is not SQLite. It is left untouched.
    case notADatabase(path: String)
    /// The file is SQLite but damaged. It is left untouched.
    case corrupted(path: String, reason: String)
    /// The file is another program's SQLite database. It is left untouched.
    case foreignDatabase(path: String)
    /// The file (or its directory) cannot be written.
    case readOnly(path: String, reason: String)
    /// The file was written by a newer Warroom whose schema this build does not know.
    case newerSchema(path: String, unknownMigrations: [String])
    /// Opened read-only, the file lacks part of this build's schema (an older build wrote it,
    /// or nothing has been written yet), so it cannot be read.
    case olderSchema(path: String)
    /// Another console holds the store's lock and writes it.
    case inUse(pid: Int32?)
    /// The disk holding the file is full.
    case diskFull(path: String)
    /// Another process holds SQLite's write lock on the file (not the console's `StoreLock`:
    /// a `sqlite3` shell, a backup). It passes when that process lets go.
    case busy(path: String)
    /// The store was closed.
    case closed(path: String)
    /// Any other failure to open, read or write the file.
    case failed(path: String, reason: String)
    /// A shared store in PostgreSQL cannot be reached or used; the reason names the server
    /// (never the password) and what to do.
    case database(url: String, reason: String)

    public var description: String {
        switch self {
        case .cannotCreateDirectory(let path, let reason):
            return "cannot create the directory \(path): \(reason)"
        case .notADatabase(let path):
            return "\(path) is not a database"
        case .corrupted(let path, let reason):
            return "\(path) is corrupted (\(reason))"
        case .foreignDatabase(let path):
            return "\(path) is another program's database"
        case .readOnly(let path, let reason):
            return "\(path) is not writable (\(reason))"
        case .newerSchema(let path, let unknown):
            return "\(path) was written by a newer warroom (schema \(unknown.joined(separator: ", "))) and this build cannot use it"
        case .olderSchema(let path):
            return "\(path) has an older or no schema; open it once for writing to upgrade it"
        case .inUse(let pid):
            return pid.map { "another console (pid \($0)) writes this store" } ?? "another console writes this store"
        case .diskFull(let path):
            return "the disk holding \(path) is full"
        case .busy(let path):
            return "\(path) is locked by another process"
        case .closed(let path):
            return "\(path) is closed"
        case .failed(let path, let reason):
            return "\(path): \(reason)"
        case .database(_, let reason):
            return reason
        }
    }

    /// Whether the failure passes by itself, so a write is worth trying again later.
    public var isTransient: Bool {
        if case .busy = self { return true }
        return false
    }

    /// `error` as a store error about `path`; SQLite's result codes become the matching case.
    /// An I/O error on a file system that is full or mounted read-only says so (SQLite reports
    /// some of those, such as a failed sync or a shared-memory file that cannot grow, only as
    /// I/O errors).
    static func from(_ error: any Error, path: String) -> StoreError {
        if let e = error as? StoreError { return e }
        guard let db = error as? DatabaseError else {
            return .failed(path: path, reason: Sanitize.line(String(describing: error)))
        }
        let message = Sanitize.line(db.message ?? "SQLite error \(db.extendedResultCode.rawValue)")
        switch db.resultCode {
        case .SQLITE_NOTADB: return .notADatabase(path: path)
        case .SQLITE_CORRUPT: return .corrupted(path: path, reason: message)
        case .SQLITE_FULL: return .diskFull(path: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy(path: path)
        case .SQLITE_READONLY, .SQLITE_IOERR:
            switch StoreFiles.fileSystem(holding: path) {
            case .readOnly: return .readOnly(path: path, reason: "its file system is mounted read-only")
            case .full: return .diskFull(path: path)
            case .writable: break
            }
            return db.resultCode == .SQLITE_READONLY ? .readOnly(path: path, reason: message) : .failed(path: path, reason: message)
        default: return .failed(path: path, reason: message)
        }
    }
}
