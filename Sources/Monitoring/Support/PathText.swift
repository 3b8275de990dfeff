/// File paths as text: the folder a file is in, and a path taken from a folder.
///
/// Contract: pure string work, no file system access. (Foundation's `NSString` path methods
/// are not used: on Linux, `deletingLastPathComponent` of a name without a `/` traps.)
public enum PathText {
    /// `configs` for `configs/warroom.yaml`, `/` for `/warroom.yaml`, empty for `warroom.yaml`.
    public static func folder(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        var folder = trimmed[..<slash]
        while folder.count > 1 && folder.hasSuffix("/") { folder = folder.dropLast() }
        return folder.isEmpty ? "/" : String(folder)
    }

    /// `path` taken from the folder `base`: as it is when absolute or when `base` is empty.
    public static func join(_ base: String, _ path: String) -> String {
        if path.hasPrefix("/") || base.isEmpty { return path }
        return base.hasSuffix("/") ? base + path : base + "/" + path
    }
}
