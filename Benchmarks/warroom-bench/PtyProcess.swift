import Foundation
import NcursesBackend

/// Starts `argv` with its standard input, output and error on `pty`'s slave side, in the
/// terminal environment every pty benchmark uses (xterm-256color, UTF-8); a bare program name
/// is looked up in `PATH`. Returns the child's pid.
func spawnOnTerminal(_ argv: [String], pty: PseudoTerminal) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for fd: Int32 in 0...2 { posix_spawn_file_actions_adddup2(&actions, pty.slave, fd) }
    var env = ProcessInfo.processInfo.environment
    env["TERM"] = "xterm-256color"
    env["LANG"] = "C.UTF-8"
    let cArgs = argv.map { strdup($0) } + [nil]
    let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (cArgs + cEnv).forEach { free($0) } }
    let path = argv[0].hasPrefix("/") ? argv[0] : (env["PATH"] ?? "/usr/bin").split(separator: ":")
        .map { "\($0)/\(argv[0])" }.first { FileManager.default.isExecutableFile(atPath: $0) } ?? argv[0]
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, path, &actions, nil, cArgs, cEnv)
    guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
    return pid
}
