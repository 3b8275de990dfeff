import Foundation
import Monitoring

/// Opening a shared store in PostgreSQL, with the same promise as a file: never fails, and
/// the status says what came of it.
///
/// - writing (`.file(url)`): the connection is open, the schema ready, and this console holds
///   the environment's writer lock;
/// - `readOnly`: another console holds the writer lock, or the role may not write; the
///   database is read, this console's writes stay in memory;
/// - `memory`: the server cannot be reached or used (the reason names it and what to do).
extension StoreOpener {
    /// A writer over the environment `environment` in the database at `url`.
    public static func open(url: PostgresStoreURL, environment: String, retention: StoreRetention = StoreRetention(),
                            options: StoreWriter.Options = StoreWriter.Options(),
                            onStatus: @escaping @Sendable (StoreStatus) -> Void = { _ in }) -> StoreWriter {
        let (route, status) = sharedRoutes(url: url, environment: environment, retention: retention)
        return StoreWriter(route: route, status: status, retention: retention, options: options, onStatus: onStatus)
    }

    /// A writer that reads the environment's history from the database and never writes it,
    /// for one-shot commands; memory only when it cannot be read.
    public static func reader(url: PostgresStoreURL, environment: String, retention: StoreRetention = StoreRetention()) -> StoreWriter {
        let route: Route, status: StoreStatus
        do throws(StoreError) {
            let store = try PostgresStore(url: url, environment: environment, retention: retention, readOnly: true)
            route = Route(writes: MemoryStore(retention: retention), reads: store, opened: store, lock: nil)
            status = StoreStatus(mode: .readOnly, path: url.description, sentence: "history read from \(url)")
        } catch {
            (route, status) = memory(path: url.description, retention: retention, because: error.description)
        }
        return StoreWriter(route: route, status: status, retention: retention, options: StoreWriter.Options(), onStatus: { _ in })
    }

    static func sharedRoutes(url: PostgresStoreURL, environment: String, retention: StoreRetention) -> (Route, StoreStatus) {
        do throws(StoreError) {
            let store = try PostgresStore(url: url, environment: environment, retention: retention)
            return (Route(writes: store, reads: store, opened: store, lock: nil), .file(url.description))
        } catch {
            switch error {
            case .inUse, .readOnly:
                do throws(StoreError) {
                    let store = try PostgresStore(url: url, environment: environment, retention: retention, readOnly: true)
                    let why: String
                    if case .inUse = error {
                        why = "another console writes \(environment) in \(url)"
                    } else {
                        why = "\(error.description); this console's results are kept in memory only"
                    }
                    return (Route(writes: MemoryStore(retention: retention), reads: store, opened: store, lock: nil),
                            StoreStatus(mode: .readOnly, path: url.description, sentence: "read-only: \(why)"))
                } catch let second {
                    return memory(path: url.description, retention: retention, because: second.description)
                }
            default:
                return memory(path: url.description, retention: retention, because: error.description)
            }
        }
    }
}
