import Foundation

/// Follows a log file like `tail -F`: reads the last `backlog` bytes, then polls for new
/// lines every `pollInterval`, and survives rotation (another file at the path, told by its
/// inode: the old one is read to its end first, the new one from its start) and truncation
/// (the file shrank below what was read: reading starts over). A missing file is a problem
/// until it appears.
///
/// Contract: runs until its task is cancelled; never blocks on a file that does not grow;
/// closes the file when it returns. Problems read `log file PATH: REASON`.
struct LogFileFollower {
    let path: String
    let backlog: Int
    let feed: StartupLogFeed

    static let pollInterval: Duration = .milliseconds(250)
    /// Bytes read in one go, and at most per poll, so a fast-growing file cannot hog the task.
    static let chunk = 64 << 10
    static let maxPerPoll = 4 << 20

    private var file: LogFile?
    private var splitter = LineSplitter()

    init(path: String, backlog: Int, feed: StartupLogFeed) {
        self.path = path
        self.backlog = backlog
        self.feed = feed
    }

    /// Follows until cancelled.
    mutating func run() async {
        defer { file?.close() }
        openFile(live: false)
        feed.announce()
        while !Task.isCancelled {
            try? await Task.sleep(for: LogFileFollower.pollInterval)
            if Task.isCancelled { break }
            poll()
        }
    }

    /// Reads what the file holds now (its last `backlog` bytes, the last line even without its
    /// newline) and stops.
    mutating func readOnce() {
        openFile(live: false)
        if let rest = splitter.flush() { feed.read([rest], live: false) }
        file?.close()
        file = nil
    }

    private mutating func poll() {
        guard var current = file else {
            openFile(live: true)
            return
        }
        let onDisk = LogFile.identity(of: path)
        if let onDisk, onDisk != current.identity {
            // Rotated: finish the old file, then follow the new one from its start.
            drain(&current, live: true)
            if let rest = splitter.flush() { feed.read([rest], live: true) }
            current.close()
            file = nil
            splitter.reset()
            openFile(live: true, fromStart: true)
            return
        }
        if current.size < current.offset {
            current.offset = 0
            splitter.reset()
        }
        drain(&current, live: true)
        file = current
    }

    /// Opens the file and reads what it holds: the last `backlog` bytes, or all of it when
    /// `fromStart` (a file that replaced the one followed is new in full).
    private mutating func openFile(live: Bool, fromStart: Bool = false) {
        switch LogFile.opening(path) {
        case .failure(let error):
            feed.set(problem: "log file \(path): \(error.reason)")
        case .success(var opened):
            feed.set(problem: nil)
            splitter.reset()
            if !fromStart { splitter.skippingToNewline = opened.seek(backlog: backlog) }
            drain(&opened, live: live, budget: max(backlog, LogFileFollower.maxPerPoll))
            file = opened
        }
    }

    /// Reads from the file's offset to its end (at most `budget` bytes) and feeds the lines.
    private mutating func drain(_ f: inout LogFile, live: Bool, budget: Int = LogFileFollower.maxPerPoll) {
        var budget = budget
        while budget > 0, !Task.isCancelled {
            let bytes: [UInt8]
            do {
                bytes = try f.read(limit: min(LogFileFollower.chunk, budget))
            } catch {
                feed.set(problem: "log file \(path): \(error.reason)")
                return
            }
            if bytes.isEmpty { return }
            budget -= bytes.count
            feed.read(splitter.lines(in: bytes), live: live)
        }
    }
}
