/// The one long-lived `sh` per host through which every program runs (an exec channel running
/// `exec /bin/sh -s`). Opening a channel and starting a process per task costs ~13 ms on the lab's
/// sshd; feeding each program to this shell costs one round trip.
///
/// Owns its channel. Reads stdout and stderr together while writing, so neither a program that
/// floods one stream nor a large program text can deadlock on a full window.
final class RemoteShell {
    private let channel: SSHChannel
    let nonce: String
    /// The login user's uid, as `id -u` printed it at start; tells whether `su` needs no password.
    private(set) var loginUID: Int32 = -1
    /// The shell's process id on the host, as the hello printed it.
    private(set) var processID: Int32?
    private(set) var sequence = 0
    /// One per host for the whole run: 4 KiB (libssh2's largest packet payload is 32 KiB, but
    /// results are small — facts are ~3 KB — and `drain` reads up to 32 times per turn) keeps
    /// 500 hosts' buffers at 2 MB instead of 32 MB.
    private var readBuffer = [UInt8](repeating: 0, count: 4096)
    private let keepaliveMilliseconds: Int32
    /// Libraries this shell holds, by their `LibraryCatalog` id: defined with the first run
    /// that needs one, referred to by every later run. In a variable for runs in a child `sh`;
    /// as a function for runs in a subshell of this shell, when the library is complete shell
    /// text. The texts live once in the catalog, so 500 hosts do not keep 500 copies of 10 KB.
    private var variables: [Int: ShellFrame.LibraryReference] = [:]
    private var functions: [Int: ShellFrame.LibraryReference] = [:]
    /// Bytes written to the shell's stdin over the connection's life, for measurement.
    private(set) var bytesWritten = 0
    /// Enough for the module library, the body of every module a play uses, and a user's own;
    /// more distinct ones travel inline.
    static let maximumLibraries = 32
    /// Set by a deferred start: the hello travels in the same write as the first program, and
    /// must arrive within these seconds, as at a start that waits for it.
    private var pendingHelloSeconds: Double?

    enum Failure: Error {
        case call(SSHCallError)
        /// The shell's channel ended before the run's end markers arrived.
        case endOfFile
        case deadline
        /// A shell started with its hello deferred ended before the hello: the command never
        /// became a shell (sudo refused), so nothing of the run was executed.
        case notStarted
    }

    struct Exchange {
        var stdout: [UInt8]
        var stderr: [UInt8]
        var status: Int32
        /// What each stream carried after its end marker: the next run's output when two runs
        /// share one write (a deferred hello and the first program).
        var stdoutRest: ArraySlice<UInt8> = []
        var stderrRest: ArraySlice<UInt8> = []
    }

    private init(channel: SSHChannel, nonce: String, keepaliveSeconds: Int) {
        self.channel = channel
        self.nonce = nonce
        keepaliveMilliseconds = keepaliveSeconds > 0 ? Int32(min(keepaliveSeconds, 3600)) * 1000 : 60_000
    }

    /// Starts the shell and waits for its hello, dropping whatever login scripts printed first.
    ///
    /// `command` is what the channel runs: the login shell's `sh`, or `sh` under sudo for a
    /// shell whose programs all run as another user. With `deferringHelloFor` seconds, the
    /// hello is not awaited here but sent with the first run, a round trip less; that run then
    /// fails with `notStarted` if the command ended before it became a shell.
    static func start(
        on session: SSHSession, keepaliveSeconds: Int, command: String = "exec /bin/sh -s", until deadline: Deadline,
        deferringHelloFor helloSeconds: Double? = nil
    ) throws(Failure) -> RemoteShell {
        let nonce = ShellFrame.makeNonce()
        do {
            let channel = try SSHChannel.openSession(on: session, until: deadline)
            try channel.exec(command, until: deadline)
            let shell = RemoteShell(channel: channel, nonce: nonce, keepaliveSeconds: keepaliveSeconds)
            if let helloSeconds {
                shell.pendingHelloSeconds = helloSeconds
                return shell
            }
            let hello = try shell.exchange(
                input: OutgoingBytes(ShellFrame.helloInput(nonce: nonce)), stdoutMarker: ShellFrame.helloStdoutMarker(nonce: nonce),
                stderrMarker: ShellFrame.helloStderrMarker(nonce: nonce), until: deadline)
            shell.loginUID = hello.status
            shell.processID = ShellFrame.helloProcessID(in: hello.stdout)
            return shell
        } catch let error as SSHCallError {
            throw error.isTimeout ? .deadline : .call(error)
        } catch let error as Failure {
            throw error
        } catch {
            throw .endOfFile
        }
    }

    /// Runs one rendered program in a child shell and returns what it printed and its status.
    func run(_ script: ProgramScript, until deadline: Deadline) throws(Failure) -> Exchange {
        sequence += 1
        let frame = ShellFrame(nonce: nonce, sequence: sequence)
        var input = OutgoingBytes()
        if pendingHelloSeconds != nil { input.append(ShellFrame.helloInput(nonce: nonce)) }
        let asFunctions = script.librariesCanBeFunctions && script.command == ProgramScript.plainShell
        let library = reference(to: script.library, asFunction: asFunctions, definitions: &input)
        let body = reference(to: script.body, asFunction: asFunctions, definitions: &input)
        input.append(frame.parentInput(for: script, library: library, tailLibrary: body))
        guard let helloSeconds = pendingHelloSeconds else {
            return try exchange(
                input: input, stdoutMarker: frame.stdoutMarker, stderrMarker: frame.stderrMarker, until: deadline)
        }
        pendingHelloSeconds = nil
        let hello: Exchange
        do {
            hello = try exchange(
                input: input, stdoutMarker: ShellFrame.helloStdoutMarker(nonce: nonce),
                stderrMarker: ShellFrame.helloStderrMarker(nonce: nonce), until: .after(seconds: helloSeconds))
        } catch .endOfFile {
            throw .notStarted
        }
        loginUID = hello.status
        processID = ShellFrame.helloProcessID(in: hello.stdout)
        return try exchange(
            input: OutgoingBytes(), stdoutMarker: frame.stdoutMarker, stderrMarker: frame.stderrMarker,
            until: deadline, carrying: (hello.stdoutRest, hello.stderrRest))
    }

    /// How this shell holds `library`; a new variable or function is defined (its definition
    /// appended to `definitions`) in the same write as the run that first needs it: still one
    /// round trip. nil when empty or when the shell holds as many as it may.
    ///
    /// A definition is written from the catalog's quoted library itself: a copy per host would
    /// hold a module's body ~50 times over when every host starts the same task.
    private func reference(to library: some Collection<UInt8>, asFunction: Bool, definitions: inout OutgoingBytes)
        -> ShellFrame.LibraryReference?
    {
        guard !library.isEmpty, let entry = LibraryCatalog.shared.library(for: library) else { return nil }
        return asFunction
            ? Self.hold(entry, in: &functions, as: { .function("__pb_fn_\($0)") }, definitions: &definitions)
            : Self.hold(entry, in: &variables, as: { .variable("__pb_lib_\($0)") }, definitions: &definitions)
    }

    /// The reference `held` has for `entry`, or a new one (numbered in order) whose definition is
    /// appended to `definitions`; nil when `held` has as many as a shell may.
    private static func hold(
        _ entry: LibraryCatalog.Library, in held: inout [Int: ShellFrame.LibraryReference],
        as reference: (Int) -> ShellFrame.LibraryReference,
        definitions: inout OutgoingBytes
    ) -> ShellFrame.LibraryReference? {
        if let known = held[entry.id] { return known }
        guard held.count < maximumLibraries else { return nil }
        let new = reference(held.count + 1)
        let around = ShellFrame.definition(of: new)
        definitions.append(around.opening)
        definitions.append(entry.quoted)
        definitions.append(around.closing)
        held[entry.id] = new
        return new
    }

    /// Writes `input` and reads both streams until each shows its marker (stdout's followed by
    /// a status line), starting from bytes `carrying` over from the previous exchange. Output
    /// read after the markers is returned as the rest, and otherwise dropped: only a background
    /// process left by a program, or the next run of the same write, can produce it.
    private func exchange(
        input: OutgoingBytes, stdoutMarker: [UInt8], stderrMarker: [UInt8], until deadline: Deadline,
        carrying carried: (stdout: ArraySlice<UInt8>, stderr: ArraySlice<UInt8>) = ([], [])
    ) throws(Failure) -> Exchange {
        var pending = input
        var out = StreamCollector(marker: stdoutMarker, needsStatus: true)
        var err = StreamCollector(marker: stderrMarker, needsStatus: false)
        if !carried.stdout.isEmpty { out.append(carried.stdout) }
        if !carried.stderr.isEmpty { err.append(carried.stderr) }
        var quietPassesWithQueuedData = 0
        var socketWait = SocketWait(maximumMilliseconds: keepaliveMilliseconds)
        do {
            while true {
                var progressed = false
                if let next = pending.next() {
                    let written = try channel.write(next)
                    bytesWritten += written
                    pending.consume(written)
                    progressed = written > 0
                }
                let outState = try drain(stream: 0, into: &out)
                let errState = try drain(stream: 1, into: &err)
                progressed = progressed || outState.progressed || errState.progressed
                if progressed {
                    quietPassesWithQueuedData = 0
                    socketWait.reset()
                }
                if pending.isEmpty, let status = out.status, err.isComplete {
                    return Exchange(
                        stdout: out.payload, stderr: err.payload, status: status, stdoutRest: out.remainder,
                        stderrRest: err.remainder)
                }
                if !progressed {
                    // Reading stderr may have queued stdout's last packets (or the reverse):
                    // the socket is quiet then, and waiting on it stalled a run until the
                    // keepalive interval (30 s) woke it.
                    // (Bounded, should libssh2 ever report data no read returns.)
                    if channel.hasQueuedData, quietPassesWithQueuedData < 8 {
                        quietPassesWithQueuedData += 1
                        continue
                    }
                    // Only once nothing more could be read: libssh2 flags EOF as soon as the
                    // message arrives, possibly with data still queued before it.
                    if outState.ended || errState.ended || channel.receivedEndOfFile { throw Failure.endOfFile }
                    channel.session.sendKeepaliveIfDue()
                    try socketWait.wait(on: channel.session, "libssh2_channel_read_ex", until: deadline)
                }
            }
        } catch let error as SSHCallError {
            throw error.isTimeout ? .deadline : .call(error)
        } catch let error as Failure {
            throw error
        } catch {
            throw .endOfFile
        }
    }

    /// Reads what is available on one stream, a bounded number of times so the other stream
    /// and pending writes get their turn.
    private func drain(stream: Int32, into collector: inout StreamCollector) throws(SSHCallError)
        -> (progressed: Bool, ended: Bool)
    {
        var progressed = false
        for _ in 0..<32 {
            switch try channel.read(stream: stream, into: &readBuffer) {
            case .data(let count):
                collector.append(readBuffer[0..<count])
                progressed = true
            case .wouldBlock:
                return (progressed, false)
            case .endOfFile:
                return (progressed, !collector.isComplete)
            }
        }
        return (progressed, false)
    }
}

/// Bytes of one stream up to its end marker, found incrementally as data arrives.
struct StreamCollector {
    let marker: [UInt8]
    let needsStatus: Bool
    private var buffer: [UInt8] = []
    private var searchFrom = 0
    private var markerIndex: Int?
    private(set) var status: Int32?

    init(marker: [UInt8], needsStatus: Bool) {
        self.marker = marker
        self.needsStatus = needsStatus
    }

    var isComplete: Bool { markerIndex != nil && (!needsStatus || status != nil) }
    var payload: [UInt8] { Array(buffer[..<(markerIndex ?? buffer.count)]) }

    /// Bytes after the marker (and its status line): kept, as they may belong to the next run.
    var remainder: ArraySlice<UInt8> {
        guard let index = markerIndex else { return [] }
        var end = index + marker.count
        if needsStatus {
            guard let newline = buffer[end...].firstIndex(of: UInt8(ascii: "\n")) else { return [] }
            end = newline + 1
        }
        return buffer[end...]
    }

    mutating func append(_ bytes: ArraySlice<UInt8>) {
        buffer += bytes
        if markerIndex == nil {
            markerIndex = ShellFrame.find(marker, in: buffer, from: searchFrom)
            searchFrom = max(0, buffer.count - marker.count + 1)
        }
        if needsStatus, status == nil, let index = markerIndex {
            status = ShellFrame.statusLine(in: buffer, after: index + marker.count)
        }
    }
}
