/// A key as the console understands it, independent of the terminal library.
public enum Key: Hashable, Sendable {
    case char(Character)
    /// Ctrl plus a letter, lower case (`ctrl("c")`).
    case ctrl(Character)
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)
}

/// A signal the backend caught and turned into an event, so that the loop, not the signal,
/// decides what happens.
public enum ProcessSignal: String, Hashable, Sendable {
    case interrupt = "SIGINT"
    case terminate = "SIGTERM"
    case hangup = "SIGHUP"
    /// The operator asks for the config to be read again (`kill -USR1 <pid>`).
    case reloadConfig = "SIGUSR1"
}

/// What the backend reports between frames.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    case resize(Size)
    case signal(ProcessSignal)
    /// Background work posted something (see `Backend.makeWaker`).
    case wake
}
