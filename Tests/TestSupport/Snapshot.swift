import Foundation
import Testing

/// Compares text with a snapshot file beside the test (`__Snapshots__/NAME.txt`).
///
/// A missing snapshot is written and the test fails once, so a new snapshot is always looked
/// at; set `WARROOM_RECORD=1` to re-record every snapshot a run touches.
public func assertSnapshot(_ text: String, named name: String, filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation) {
    let dir = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    let file = dir.appendingPathComponent("\(name).txt")
    let record = ProcessInfo.processInfo.environment["WARROOM_RECORD"] == "1"
    let existing = try? String(contentsOf: file, encoding: .utf8)
    if record || existing == nil {
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try? text.write(to: file, atomically: true, encoding: .utf8)
        if existing == nil && !record {
            Issue.record("recorded a new snapshot \(file.lastPathComponent); check it and run again", sourceLocation: sourceLocation)
        }
        return
    }
    if existing != text {
        let expected = existing!.split(separator: "\n", omittingEmptySubsequences: false)
        let actual = text.split(separator: "\n", omittingEmptySubsequences: false)
        var diff: [String] = []
        for i in 0..<max(expected.count, actual.count) {
            let e = i < expected.count ? String(expected[i]) : "<none>"
            let a = i < actual.count ? String(actual[i]) : "<none>"
            if e != a { diff.append("line \(i + 1):\n  want: \(e)\n  got:  \(a)") }
        }
        Issue.record("snapshot \(name) differs (WARROOM_RECORD=1 re-records):\n\(diff.prefix(10).joined(separator: "\n"))", sourceLocation: sourceLocation)
    }
}
