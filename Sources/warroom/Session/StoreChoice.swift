import Foundation
import Monitoring
import Store

/// Where a command's history lives: a SQLite file, or an environment in a shared PostgreSQL
/// database; and the local file whose folder and name the audit log, step output and reports
/// use (the store file itself, or for a shared store the default file's place).
///
/// Contract: chosen from `--store`, else `WARROOM_STORE`, else the config's `store.url` or
/// `store.path`, else the default file (`StoreLocation`); a URL is checked whole here, so a bad
/// one ends the command with a usage error that names where it came from, and its password
/// is never shown.
struct StoreChoice: Sendable {
    enum Kind: Sendable {
        case file
        case shared(PostgresStoreURL)
    }

    var kind: Kind
    /// The SQLite file, or the local file a shared store's audit log and folders sit beside.
    var path: String
    var environment: String

    /// The store as it may be shown: the file's path, or the URL without its password.
    var shown: String {
        if case .shared(let url) = kind { return url.description }
        return path
    }

    static func choose(option: String?, config: WarroomConfig, variables: [String: String] = ProcessInfo.processInfo.environment) throws(StoreChoiceError) -> StoreChoice {
        let local = StoreOptions.path(explicit: config.storePath, environment: config.environment)
        let given: (text: String, source: String)?
        if let option, !option.isEmpty {
            given = (option, "--store")
        } else if let env = variables["WARROOM_STORE"], !env.isEmpty {
            given = (env, "WARROOM_STORE")
        } else {
            given = nil
        }
        if let given {
            guard PostgresStoreURL.isURL(given.text) else {
                return StoreChoice(kind: .file, path: StoreOptions.path(explicit: given.text, environment: config.environment), environment: config.environment)
            }
            do {
                let url = try PostgresStoreURL(parsing: given.text, variables: variables)
                return StoreChoice(kind: .shared(url), path: StoreOptions.path(explicit: nil, environment: config.environment), environment: config.environment)
            } catch {
                throw StoreChoiceError(source: given.source, problem: error.problem)
            }
        }
        if let url = config.storeURL {
            return StoreChoice(kind: .shared(url), path: StoreOptions.path(explicit: nil, environment: config.environment), environment: config.environment)
        }
        return StoreChoice(kind: .file, path: local, environment: config.environment)
    }
}

/// A store URL given on the command line or in `WARROOM_STORE` that cannot be used.
struct StoreChoiceError: Error, CustomStringConvertible {
    var source: String
    var problem: String
    var description: String { "\(source): the store URL \(problem)" }
}
