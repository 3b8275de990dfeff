import Yams

/// Composes a YAML document in which a key may appear twice, so that a duplicate is one
/// problem among the others rather than the only one reported.
///
/// Yams refuses a whole document at its first mapping with a repeated key. Contract: each
/// time it does, the later occurrence is found in the text (a block mapping's key at the same
/// column further down, before the mapping ends; or a flow mapping's key further along the
/// same line), renamed to a marker no config key can have, and the document composed again;
/// each such key becomes an error at its own line and column. A duplicate that cannot be found
/// in the text ends the attempt with Yams's own error, as before.
enum DuplicateKeys {
    static let markerPrefix = "__warroom_duplicate_"

    /// Whether `key` is a renamed duplicate, to be skipped by whoever reads the mapping.
    static func isMarker(_ key: String) -> Bool { key.hasPrefix(markerPrefix) }

    /// The document's root (nil for an empty document) and one error per duplicate key.
    static func compose(_ text: String, file: String, limit: Int = 200) throws -> (root: Node?, duplicates: [ConfigError]) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var duplicates: [ConfigError] = []
        var attempt = text
        while true {
            do {
                return (try Yams.compose(yaml: attempt), duplicates)
            } catch YamlError.duplicatedKeysInMapping(let names, let context) {
                guard duplicates.count < limit, let name = names.first,
                      let (line, column) = laterOccurrence(of: name, after: context.mark, in: lines) else { throw YamlError.duplicatedKeysInMapping(duplicates: names, context: context) }
                duplicates.append(ConfigError(file: file, line: line + 1, column: column + 1, key: name,
                                              message: "duplicate key '\(name)' (first at line \(context.mark.line)); a key may appear once in a mapping"))
                lines[line] = rename(in: lines[line], at: column, name: name, marker: "\(markerPrefix)\(duplicates.count)__")
                attempt = lines.joined(separator: "\n")
            }
        }
    }

    /// Where (line and column, from 0, in scalars) the next `name:` of the mapping whose key
    /// `name` starts at `mark` is written.
    static func laterOccurrence(of name: String, after mark: Mark, in lines: [String]) -> (Int, Int)? {
        let first = mark.line - 1, column = mark.column - 1
        guard lines.indices.contains(first) else { return nil }
        // A flow mapping: the key again further along the same line, after `{` or `,`.
        let scalars = Array(lines[first].unicodeScalars)
        var i = column + 1
        while i < scalars.count {
            if scalars[i] == "," || scalars[i] == "{" {
                var j = i + 1
                while j < scalars.count && scalars[j] == " " { j += 1 }
                if keyStarts(name, in: scalars, at: j) { return (first, j) }
            }
            i += 1
        }
        // A block mapping: the key at the same column on a later line, before a line that
        // starts further left ends the mapping.
        for n in lines.indices where n > first {
            let row = Array(lines[n].unicodeScalars)
            guard let start = row.firstIndex(where: { $0 != " " }), row[start] != "#" else { continue }
            if start < column { return nil }
            if start == column && keyStarts(name, in: row, at: start) { return (n, start) }
        }
        return nil
    }

    /// Whether `name`, plain or quoted, followed by `:`, starts at `at`.
    static func keyStarts(_ name: String, in row: [Unicode.Scalar], at: Int) -> Bool {
        for written in [name, "\"\(name)\"", "'\(name)'"] {
            let w = Array(written.unicodeScalars)
            guard at + w.count <= row.count, Array(row[at..<(at + w.count)]) == w else { continue }
            var k = at + w.count
            while k < row.count && row[k] == " " { k += 1 }
            if k < row.count && row[k] == ":" { return true }
        }
        return false
    }

    /// `line` with the key written at `column` replaced by `marker`.
    static func rename(in line: String, at column: Int, name: String, marker: String) -> String {
        var row = Array(line.unicodeScalars)
        let quoted = row.indices.contains(column) && (row[column] == "\"" || row[column] == "'")
        let length = name.unicodeScalars.count + (quoted ? 2 : 0)
        row.replaceSubrange(column..<min(row.count, column + length), with: marker.unicodeScalars)
        var out = String.UnicodeScalarView()
        out.append(contentsOf: row)
        return String(out)
    }
}
