/// A way to run programs on one host: an SSH session held for the whole run, or the local shell.
///
/// A connection is used by one thread at a time (libssh2 sessions are not thread-safe); the
/// executor gives each host its own thread, so blocking calls never sit on Swift's cooperative pool.
public protocol Connection: AnyObject {
    /// The inventory name of the host this connection reaches.
    var hostName: String { get }

    /// Runs a POSIX `sh` program on the host and waits for it to end.
    ///
    /// The program travels on the standard input of a shell (never on a command line, so secrets
    /// in it are not visible in the target's process list). A connection that drops before the
    /// exit status arrived throws `TransportError.connectionLost` — it is never reported as success.
    func run(_ request: RunRequest) throws(TransportError) -> CommandOutput

    /// Writes bytes to `remotePath` with `mode`, creating it through a temporary name and an
    /// atomic rename so readers see the old file or the new one, never a part.
    func upload(_ source: UploadSource, to remotePath: String, mode: UInt16) throws(TransportError)

    /// Writes bytes to a new file with mode 0600 and an unguessable name in `directory`, and
    /// returns its path. For privileged writes: the upload runs as the login user, and a
    /// program run with `become` then moves the file into place.
    func uploadTemporary(_ source: UploadSource, directory: String) throws(TransportError) -> String

    /// The process id, on the host, of a process that lives exactly as long as this connection;
    /// nil when the connection cannot tell. The names of temporaries that wait on the host
    /// between two steps carry it (`TemporaryName`), so that a later run can tell an upload still
    /// waiting from one a cut connection left behind.
    func temporaryOwner() throws(TransportError) -> Int32?

    /// Ends the session politely. Safe to call twice.
    func close()
}

/// What a program run asks for.
public struct RunRequest: Sendable {
    /// The program, in the parts it was put together from (see `ProgramParts`).
    public var parts: ProgramParts
    public var become: Become?
    /// The program is killed on the host (with its children) when it runs longer than this.
    public var timeoutSeconds: Double?
    /// Extra environment for the program, set inside the program text (not on a command line).
    public var environment: [(name: String, value: String)]
    /// The program text holds secrets, possibly encoded (base64 file contents) where masking
    /// the plain text cannot find them: debug logs show its size, never its text.
    public var carriesSecrets: Bool
    /// Each library is complete shell text: every quote, brace, loop and here-document it opens
    /// it closes, and it reads no positional parameters. A connection may then define it once as
    /// a shell function and call that in its place, so that the runs of its own shell do not
    /// parse the library again (dash parses ~20 KB of module library in ~0.6 ms of the target's
    /// CPU, per task and host).
    public var librariesCanBeFunctions: Bool

    public init(
        parts: ProgramParts, become: Become? = nil, timeoutSeconds: Double? = nil,
        environment: [(name: String, value: String)] = [], carriesSecrets: Bool = false,
        librariesCanBeFunctions: Bool = false
    ) {
        self.parts = parts
        self.librariesCanBeFunctions = librariesCanBeFunctions
        self.become = become
        self.timeoutSeconds = timeoutSeconds
        self.environment = environment
        self.carriesSecrets = carriesSecrets
    }

    /// A request for one program text, its libraries given by UTF-8 offsets
    /// (`ProgramParts.init(text:libraryLength:secondLibrary:)`).
    public init(
        program: String, become: Become? = nil, timeoutSeconds: Double? = nil,
        environment: [(name: String, value: String)] = [], carriesSecrets: Bool = false, libraryLength: Int = 0,
        secondLibrary: Range<Int>? = nil, librariesCanBeFunctions: Bool = false
    ) {
        self.init(
            parts: ProgramParts(text: program, libraryLength: libraryLength, secondLibrary: secondLibrary), become: become,
            timeoutSeconds: timeoutSeconds, environment: environment, carriesSecrets: carriesSecrets,
            librariesCanBeFunctions: librariesCanBeFunctions)
    }

    /// The whole program text; setting it keeps the libraries' offsets, as far as the new text
    /// reaches.
    public var program: String {
        get { parts.text }
        set { parts = ProgramParts(text: newValue, libraryLength: libraryLength, secondLibrary: secondLibrary) }
    }

    /// How many leading UTF-8 bytes of `program` are a library that many runs start with
    /// (shell functions, no output). A connection may send it to the host once and refer to it
    /// in later runs; one that does not simply runs `program` whole. 0: no shared part.
    public var libraryLength: Int { parts.libraryLength }

    /// A second library inside `program`, after the first: UTF-8 byte offsets of text many runs
    /// share (a module's body) that must not depend on what precedes it in the program. Sent
    /// once per connection like the first. nil: none.
    public var secondLibrary: Range<Int>? {
        get { parts.secondLibrary }
        set { parts = ProgramParts(text: program, libraryLength: libraryLength, secondLibrary: newValue) }
    }
}

/// How a program ended and what it printed.
public struct CommandOutput: Sendable, Hashable {
    public enum Termination: Sendable, Hashable {
        case exited(Int32)
        case signaled(String)
    }
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    public var termination: Termination

    public init(stdout: [UInt8], stderr: [UInt8], termination: Termination) {
        self.stdout = stdout
        self.stderr = stderr
        self.termination = termination
    }

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    public var succeeded: Bool { termination == .exited(0) }
}

/// Privilege escalation for one program run.
public struct Become: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable {
        case sudo, su
    }
    public var method: Method
    public var user: String
    public var password: Secret?

    public init(method: Method = .sudo, user: String = "root", password: Secret? = nil) {
        self.method = method
        self.user = user
        self.password = password
    }
}

/// A value that must never be printed: its description is always masked.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: String
    public init(_ value: String) { self.value = value }
    public var description: String { "********" }
    public var debugDescription: String { "********" }
}

/// Where uploaded bytes come from: memory, or a local file streamed without loading it whole.
public enum UploadSource: Sendable, Hashable {
    case bytes([UInt8])
    case file(path: String)
}

extension Connection {
    /// A temporary upload through `upload`: the same atomic write, to a fresh 0600 name.
    public func uploadTemporary(_ source: UploadSource, directory: String) throws(TransportError) -> String {
        let path = TemporaryName.upload(in: directory, owner: try temporaryOwner())
        try upload(source, to: path, mode: 0o600)
        return path
    }

    /// A connection whose programs share no long-lived process with its uploads: its
    /// temporaries are left to the age rule.
    public func temporaryOwner() throws(TransportError) -> Int32? { nil }
}
