import Foundation
import Monitoring

/// Opens a console's store and never fails: the result is a `StoreWriter` over the best
/// store the path allows, with a status that says which.
///
/// - `file`: the lock was taken and the file opened (created, migrated) for writing.
/// - `readOnly`: another console holds the lock ("read-only: another console (pid N) writes
///   this store"), or the file or its directory cannot be written; the file is read, this
///   console's writes stay in memory.
/// - `memory`: the file cannot be used ("history kept in memory only: <path> is not a
///   database"); a file that is not this store's is left untouched.
public enum StoreOpener {
    /// A writer over the store at `path` (made absolute by the caller, or relative to the
    /// working directory). `onStatus` hears every status change after opening; the opening
    /// status is the writer's `status`.
    public static func open(path: String, retention: StoreRetention = StoreRetention(), options: StoreWriter.Options = StoreWriter.Options(),
                            onStatus: @escaping @Sendable (StoreStatus) -> Void = { _ in }) -> StoreWriter {
        let (route, status) = routes(path: path, retention: retention)
        return StoreWriter(route: route, status: status, retention: retention, options: options, onStatus: onStatus)
    }

    /// A writer over the store `StoreLocation.current` names for this process.
    public static func open(explicitPath: String?, environmentName: String, retention: StoreRetention = StoreRetention(),
                            options: StoreWriter.Options = StoreWriter.Options(),
                            onStatus: @escaping @Sendable (StoreStatus) -> Void = { _ in }) -> StoreWriter {
        open(path: StoreLocation.current(explicit: explicitPath, environmentName: environmentName),
             retention: retention, options: options, onStatus: onStatus)
    }

    /// A writer that keeps history in memory only, for `reason` ("--no-store was given").
    public static func inMemory(because reason: String, retention: StoreRetention = StoreRetention(),
                                options: StoreWriter.Options = StoreWriter.Options()) -> StoreWriter {
        let memory = MemoryStore(retention: retention)
        return StoreWriter(route: Route(writes: memory, reads: memory, opened: nil, lock: nil),
                           status: .memory(nil, because: reason), retention: retention, options: options, onStatus: { _ in })
    }

    /// A writer that reads the file at `path` and never writes it, for one-shot commands
    /// (`check`, `report`) that must not take the lock from a console; memory only when the
    /// file is missing or cannot be read.
    public static func reader(path: String, retention: StoreRetention = StoreRetention()) -> StoreWriter {
        let (route, status) = readingRoute(path: path, retention: retention)
        return StoreWriter(route: route, status: status, retention: retention, options: StoreWriter.Options(), onStatus: { _ in })
    }

    static func readingRoute(path: String, retention: StoreRetention) -> (Route, StoreStatus) {
        guard FileManager.default.fileExists(atPath: path) else {
            return memory(path: path, retention: retention, because: "no history yet at \(path)")
        }
        do throws(StoreError) {
            let file = try SQLiteStore(path: path, retention: retention, readOnly: true)
            return (Route(writes: MemoryStore(retention: retention), reads: file, opened: file, lock: nil),
                    StoreStatus(mode: .readOnly, path: path, sentence: "history read from \(path)"))
        } catch {
            return memory(path: path, retention: retention, because: error.description)
        }
    }

    static func routes(path: String, retention: StoreRetention) -> (Route, StoreStatus) {
        let lock: StoreLock
        do throws(StoreError) {
            let directory = PathText.folder(of: path)
            try StoreFiles.createDirectory(directory.isEmpty ? "." : directory)
            lock = try StoreLock(storePath: path)
        } catch {
            return readOnly(path: path, retention: retention, because: error)
        }
        do throws(StoreError) {
            let file = try SQLiteStore(path: path, retention: retention)
            return (Route(writes: file, reads: file, opened: file, lock: lock), .file(path))
        } catch {
            lock.release()
            if case .readOnly = error { return readOnly(path: path, retention: retention, because: error) }
            return memory(path: path, retention: retention, because: error.description)
        }
    }

    /// The file read-only when it can be read, else memory.
    private static func readOnly(path: String, retention: StoreRetention, because reason: StoreError) -> (Route, StoreStatus) {
        switch reason {
        case .inUse, .readOnly: break
        default: return memory(path: path, retention: retention, because: reason.description)
        }
        guard FileManager.default.fileExists(atPath: path) else {
            return memory(path: path, retention: retention, because: reason.description)
        }
        do throws(StoreError) {
            let file = try SQLiteStore(path: path, retention: retention, readOnly: true)
            return (Route(writes: MemoryStore(retention: retention), reads: file, opened: file, lock: nil), .readOnly(path, because: reason))
        } catch {
            let why: String
            if case .readOnly = error {
                // A WAL file is read through a shared-memory index beside it.
                why = "SQLite would have to create \((path as NSString).lastPathComponent)-shm beside it"
            } else {
                why = error.description
            }
            return memory(path: path, retention: retention, because: "\(reason.description), nor can it be read: \(why)")
        }
    }

    static func memory(path: String, retention: StoreRetention, because reason: String) -> (Route, StoreStatus) {
        let memory = MemoryStore(retention: retention)
        return (Route(writes: memory, reads: memory, opened: nil, lock: nil), .memory(path, because: reason))
    }
}
