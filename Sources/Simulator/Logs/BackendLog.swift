import Foundation
import Synchronization

/// The backend's log files: `backend.log` (plain text lines) and `backend.jsonl` (the same
/// events as JSON lines). Created empty when the simulator starts; appended to as the timeline runs.
final class BackendLog: Sendable {
    let textPath: String
    let jsonPath: String
    private let files: Mutex<(text: FileHandle, json: FileHandle)?>

    /// Creates `directory` if needed and starts both files empty.
    init(directory: String) throws {
        let folder = URL(fileURLWithPath: directory, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let text = folder.appendingPathComponent("backend.log")
        let json = folder.appendingPathComponent("backend.jsonl")
        for file in [text, json] {
            try Data().write(to: file)
        }
        textPath = text.path
        jsonPath = json.path
        files = Mutex((try FileHandle(forWritingTo: text), try FileHandle(forWritingTo: json)))
    }

    /// A fresh directory under the system's temporary directory.
    static func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("warroom-sim-\(UUID().uuidString.lowercased())", isDirectory: true).path
    }

    /// Appends `events` to both files. Writing is best effort: a full disk must not take the
    /// simulated services down, so write errors are dropped. Does nothing after `close()`.
    func append(_ events: [BackendEvent]) {
        guard !events.isEmpty else { return }
        let text = events.map { $0.textLine + "\n" }.joined()
        let json = events.map { $0.json.rendered + "\n" }.joined()
        files.withLock { files in
            try? files?.text.write(contentsOf: Data(text.utf8))
            try? files?.json.write(contentsOf: Data(json.utf8))
        }
    }

    /// Closes both files; later appends are dropped.
    func close() {
        files.withLock { files in
            try? files?.text.close()
            try? files?.json.close()
            files = nil
        }
    }
}
