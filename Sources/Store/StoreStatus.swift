/// Where this console's history is going, in a sentence for the footer.
///
/// `file`: kept in the store file. `busy`: going to the file, but another process has it
/// locked, so writes wait in memory until it lets go. `readOnly`: the file is shown but not
/// written (another console writes it, or it cannot be written); this console's own results
/// are kept in memory. `memory`: the file cannot be used at all; history lasts until the
/// console exits.
public struct StoreStatus: Hashable, Sendable, CustomStringConvertible {
    public enum Mode: String, Hashable, Sendable {
        case file
        case busy
        case readOnly = "read-only"
        case memory
    }

    public var mode: Mode
    /// The store file, when there is one.
    public var path: String?
    /// One line for the footer: "history kept in memory only: /x/warroom.sqlite is not a database".
    public var sentence: String

    public init(mode: Mode, path: String?, sentence: String) {
        self.mode = mode
        self.path = path
        self.sentence = sentence
    }

    public var description: String { sentence }

    /// Writing to the file at `path`.
    public static func file(_ path: String) -> StoreStatus {
        StoreStatus(mode: .file, path: path, sentence: "history kept in \(path)")
    }

    /// Writing to the file at `path`, which another process has locked: `waiting` writes are
    /// queued until it lets go.
    public static func busy(_ path: String, waiting: Int) -> StoreStatus {
        StoreStatus(mode: .busy, path: path,
                    sentence: "store busy: \(path) is locked by another process; \(waiting) write\(waiting == 1 ? "" : "s") waiting")
    }

    /// Showing the file at `path` without writing it, because of `reason`.
    public static func readOnly(_ path: String, because reason: StoreError) -> StoreStatus {
        let why: String
        switch reason {
        case .inUse(let pid):
            why = pid.map { "another console (pid \($0)) writes this store" } ?? "another console writes this store"
        default:
            why = "\(reason.description); this console's results are kept in memory only"
        }
        return StoreStatus(mode: .readOnly, path: path, sentence: "read-only: \(why)")
    }

    /// Keeping history in memory only, because of `reason`.
    public static func memory(_ path: String?, because reason: String) -> StoreStatus {
        StoreStatus(mode: .memory, path: path, sentence: "history kept in memory only: \(reason)")
    }
}
