import CSpawn
import Foundation
import Monitoring
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A process started for a step: it leads its own process group (whose id is `pid`), and its
/// standard output and error come through the two pipes.
struct LaunchedProcess: Sendable {
    let pid: pid_t
    let output: Int32
    let errors: Int32
}

/// Why a step's process could not be started, in words (`command not found: kubectl`).
struct LaunchFailure: Error {
    let reason: String
}

/// Starts a step's process with `posix_spawn`.
///
/// Contract: the process leads a new process group, reads standard input from `/dev/null`,
/// has every signal at its default disposition and none blocked, and inherits no descriptor
/// but 0, 1 and 2. A program without a `/` is looked up in the invocation's own `PATH`; a
/// relative program path is taken from the working directory.
enum ProcessLauncher {
    static func launch(_ invocation: StepInvocation) throws(LaunchFailure) -> LaunchedProcess {
        let requested = invocation.argv[0]
        if let dir = invocation.workingDirectory, !isDirectory(dir) {
            throw LaunchFailure(reason: "no such directory: \(dir)")
        }
        guard let program = resolve(requested, searchPath: invocation.environment["PATH"], workingDirectory: invocation.workingDirectory) else {
            throw LaunchFailure(reason: "command not found: \(requested)")
        }
        let output = try pipePair()
        let errors: (read: Int32, write: Int32)
        do {
            errors = try pipePair()
        } catch {
            close(output.read)
            close(output.write)
            throw error
        }
        defer {
            close(output.write)
            close(errors.write)
        }

        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil
        var attributes: posix_spawnattr_t? = nil
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output.write, 1)
        posix_spawn_file_actions_adddup2(&actions, errors.write, 2)
        if let dir = invocation.workingDirectory { cspawn_add_chdir(&actions, dir) }
        var flags = Int32(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
        #if canImport(Darwin)
        flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
        #else
        cspawn_add_close_from(&actions, 3)
        #endif
        posix_spawnattr_setflags(&attributes, Int16(flags))
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var everySignal = sigset_t()
        sigfillset(&everySignal)
        sigdelset(&everySignal, SIGKILL)
        sigdelset(&everySignal, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &everySignal)

        let argv = invocation.argv.map { strdup($0) } + [nil]
        let environment = invocation.environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            environment.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, program, &actions, &attributes, argv, environment)
        guard result == 0 else {
            close(output.read)
            close(errors.read)
            throw LaunchFailure(reason: "cannot run \(requested): \(String(cString: strerror(result)))")
        }
        return LaunchedProcess(pid: pid, output: output.read, errors: errors.read)
    }

    /// The path of the program to run, or nil when there is no such executable file.
    static func resolve(_ program: String, searchPath: String?, workingDirectory: String?) -> String? {
        if program.contains("/") {
            let path = PathText.join(workingDirectory ?? "", program)
            return isExecutable(path) ? path : nil
        }
        let directories = (searchPath ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: false)
        for dir in directories {
            let base = dir.isEmpty ? (workingDirectory ?? ".") : String(dir)
            let path = PathText.join(base, program)
            if isExecutable(path) { return path }
        }
        return nil
    }

    static func isExecutable(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// A pipe whose ends close on exec (the child gets only the copies made by dup2).
    private static func pipePair() throws(LaunchFailure) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard cspawn_pipe(&fds) == 0 else { throw LaunchFailure(reason: "cannot make a pipe: \(String(cString: strerror(errno)))") }
        return (fds[0], fds[1])
    }
}
