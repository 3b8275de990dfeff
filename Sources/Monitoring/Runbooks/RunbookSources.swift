import Foundation

/// Where a config's runbooks come from: its own `runbooks:` list, the files `runbook_files:`
/// names, and every YAML file in the folder `runbooks_dir:` names.
///
/// ```yaml
/// runbooks: [ … ]                    # runbooks written in the config itself
/// runbook_files: [runbooks/staging.yaml, "runbooks/db-*.yaml"]   # paths or globs
/// runbooks_dir: runbooks             # every *.yaml and *.yml in it, by name
/// ```
///
/// Contract: paths are relative to the config file's folder. A runbook file holds one runbook
/// (a mapping with `id`) or several (`runbooks: […]`) and is read with the config's
/// environment; its errors name that file. Runbooks come in the order above, files in
/// name order; a runbook id used twice is an error naming both places.
enum RunbookSources {
    static func read(_ r: ConfigReader, targets: RunbookLink.Targets) throws -> [Runbook] {
        let base = PathText.folder(of: r.context.file)
        var runbooks: [Runbook] = []
        var places: [String: String] = [:]
        func add(_ item: ConfigReader, directory: String) throws {
            guard let runbook = try item.recovering({ try Runbook(reading: item, targets: targets, baseDirectory: directory) }) else { return }
            let place = "\(item.context.file):\(item.node.mark?.line ?? 0)"
            if let first = places[runbook.id] {
                item.record(item.error(at: "id", "duplicate runbook id '\(runbook.id)' (also \(first))"))
            }
            places[runbook.id] = places[runbook.id] ?? place
            runbooks.append(runbook)
        }
        func addFile(_ path: String, environment: [String: String]) {
            do {
                let root = try ConfigReader.document(WarroomConfig.text(at: path), file: path, environment: environment)
                let directory = PathText.folder(of: path)
                _ = try root.recovering {
                    if root.node.mapping != nil, root.has("runbooks") {
                        for item in try root.required("runbooks").list() { try add(item, directory: directory) }
                        try root.finish()
                    } else {
                        try add(root, directory: directory)
                    }
                }
                root.context.errors.forEach(r.record)
                r.context.remember(secrets: root.context.secrets)
            } catch let e as ConfigErrors {
                e.errors.forEach(r.record)
            } catch let e as ConfigError {
                r.record(e)
            } catch {
                r.record(ConfigError(file: path, line: nil, key: "", message: "\(error)"))
            }
        }

        if let list = try r.child("runbooks"), let items = try list.recovering({ try list.list() }) {
            for item in items { try add(item, directory: base) }
        }
        for item in try r.child("runbook_files")?.listOrSingle() ?? [] {
            guard let written = try item.recovering({ try item.string() }) else { continue }
            let path = PathText.join(base, written)
            if written.contains(where: { "*?[".contains($0) }) {
                let matches = files(matching: path)
                if matches.isEmpty { item.record(item.error("'\(written)' matches no file")) }
                for match in matches { addFile(match, environment: r.context.environment) }
            } else {
                addFile(path, environment: r.context.environment)
            }
        }
        if let dir = try r.child("runbooks_dir"), let written = try dir.recovering({ try dir.string() }) {
            let path = PathText.join(base, written)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
               let names = try? FileManager.default.contentsOfDirectory(atPath: path) {
                for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                    addFile(PathText.join(path, name), environment: r.context.environment)
                }
            } else {
                dir.record(dir.error("cannot read the folder \(path)"))
            }
        }
        return runbooks
    }

    /// The files `pattern` matches, in name order.
    static func files(matching pattern: String) -> [String] {
        var found = glob_t()
        defer { globfree(&found) }
        guard glob(pattern, 0, nil, &found) == 0 else { return [] }
        return (0..<Int(found.gl_pathc)).compactMap { found.gl_pathv[$0].map { String(cString: $0) } }
    }
}
