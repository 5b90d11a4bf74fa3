import Transport
import Values

/// One module program run detached on a host (`async:`), laid out as Ansible lays out its jobs:
/// `~/.ansible_async/<jid>` of the user the program runs as holds
/// `{"started": 1, "finished": 0, "ansible_job_id": …}` while it runs, then the module's result.
///
/// The program survives the SSH channel: it runs in a session of its own (`setsid`), its
/// output goes to files beside the result file, and a watchdog kills its whole process group
/// when it outlives `async:` seconds, as Ansible's wrapper does.
struct AsyncJob: Sendable {
    /// `ansible_job_id`: `j`, twelve random digits, a dot and the launching shell's pid.
    let id: String
    /// `results_file`: where the result lands on the host.
    let resultsFile: String

    /// Starts `request`'s program detached and returns once it runs; the program text travels
    /// on the launcher's stdin (a here-document), never on a command line.
    /// `note` (the task's module and arguments, JSON) is kept beside the job, so that an
    /// `async_status` of a later run can give the job's result its module's shape.
    static func launch(_ request: RunRequest, seconds: Int, note: String? = nil, on connection: Connection)
        throws(TransportError) -> Result<AsyncJob, AsyncJobError>
    {
        let launcher = RunRequest(
            program: launcherProgram(for: request.program, seconds: seconds, note: note), become: request.become,
            timeoutSeconds: request.timeoutSeconds, environment: request.environment,
            carriesSecrets: true)
        let output = try connection.run(launcher)
        let prefix = launchedPrefix + " "
        for line in output.stdoutText.split(separator: "\n").reversed() where line.hasPrefix(prefix) {
            let path = String(line.dropFirst(prefix.count))
            let id = path.split(separator: "/").last.map(String.init) ?? ""
            return .success(AsyncJob(id: id, resultsFile: path))
        }
        let reason = output.stderrText.split(separator: "\n").last.map(String.init) ?? ""
        return .failure(.notStarted(reason))
    }

    /// Reads the result file: nil while the job runs, else its record.
    func read(become: Become?, on connection: Connection) throws(TransportError) -> AsyncJobRecord? {
        let program = "cat -- \(ShellQuote.quote(resultsFile)) 2>/dev/null || printf '%s\\n' '{\"pb_missing\": 1}'\n"
        let output = try connection.run(RunRequest(program: program, become: become, timeoutSeconds: 60))
        let record = AsyncJobRecord(text: output.stdoutText)
        return record.isRunning ? nil : record
    }

    /// Removes the result file, as Ansible does once a polled job is done.
    func remove(become: Become?, on connection: Connection) throws(TransportError) {
        _ = try connection.run(RunRequest(
            program: "rm -f -- \(ShellQuote.quote(resultsFile))\n", become: become, timeoutSeconds: 60))
    }

    /// The values every result about a job carries, as Ansible's `async_status` adds them.
    func identity(finished: Bool) -> ValueDict {
        var values = ValueDict()
        values["ansible_job_id"] = .string(id)
        values["finished"] = .int(finished ? 1 : 0)
        values["results_file"] = .string(resultsFile)
        values["started"] = 1
        return values
    }

    static let launchedPrefix = "pb-async-launched"

    static func launcherProgram(for program: String, seconds: Int, note: String? = nil) -> String {
        let delimiter = "PB_ASYNC_PROGRAM_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let noteFile = note.map { "cat > \"$pb_dir/.$pb_jid.task\" <<'\(delimiter)'\n\($0)\n\(delimiter)\n" } ?? ""
        let body = program.hasSuffix("\n") ? program : program + "\n"
        let marker = markerOf(program) ?? ""
        let random = String(UInt64.random(in: 0...999_999_999_999))
        return """
            pb_umask=$(umask)
            umask 077
            pb_home=$(getent passwd "$(id -u)" 2>/dev/null | cut -d: -f6)
            if [ -z "$pb_home" ]; then pb_home=${HOME:-/}; fi
            pb_dir="${pb_home%/}/.ansible_async"
            mkdir -p -- "$pb_dir" || exit 70
            pb_jid=j\(random).$$
            pb_job="$pb_dir/$pb_jid"
            printf '{"started": 1, "finished": 0, "ansible_job_id": "%s"}\\n' "$pb_jid" > "$pb_job" || exit 70
            cat > "$pb_dir/.$pb_jid.program" <<'\(delimiter)'
            \(body)\(delimiter)
            \(noteFile)pb_setsid=
            if command -v setsid >/dev/null 2>&1; then pb_setsid=setsid; fi
            $pb_setsid sh -c \(ShellQuote.quote(runner)) pb-async "$pb_dir" "$pb_jid" \(seconds) \(ShellQuote.quote(marker)) "$pb_umask" \
                </dev/null >/dev/null 2>&1 &
            printf '%s %s\\n' \(launchedPrefix) "$pb_job"

            """
    }

    /// The detached side: runs the program in its own process group, kills that group after
    /// the time limit, and replaces the result file with the module's result line (or, when the
    /// program printed none, with its exit status and output, base64-encoded).
    static let runner = #"""
        trap '' HUP
        d=$1 j=$2 limit=$3 marker=$4 mask=$5
        job=$d/$j tmp=$d/.$j
        exec 3<"$tmp.program"
        rm -f -- "$tmp.program"
        s=
        if command -v setsid >/dev/null 2>&1; then s=setsid; fi
        : >"$tmp.out"
        : >"$tmp.err"
        # The job's own files stay private; the program runs with the umask it would have had.
        umask "$mask"
        $s sh -s <&3 >"$tmp.out" 2>"$tmp.err" 3<&- &
        child=$!
        umask 077
        exec 3<&-
        $s sh -c 'sleep "$1"; : >"$2"; kill -KILL -"$3" 2>/dev/null || kill -KILL "$3"' watchdog "$limit" "$tmp.killed" "$child" \
            </dev/null >/dev/null 2>&1 &
        dog=$!
        wait "$child"
        rc=$?
        kill -KILL -"$dog" 2>/dev/null || kill -KILL "$dog" 2>/dev/null
        if [ -e "$tmp.killed" ]; then
            record="{\"failed\": 1, \"msg\": \"Timeout exceeded\", \"child_pid\": $child}"
        else
            record=$(awk -v m="$marker" 'f { r = $0; f = 0 } $0 == m { f = 1 } END { print r }' "$tmp.out")
            case $record in
            '{'*) ;;
            *) record="{\"failed\": 1, \"msg\": \"MODULE FAILURE\", \"rc\": $rc, \"__pb_exit\": $rc, \"__pb_b64\": {\"module_stdout\": \"$(base64 -w0 <"$tmp.out")\", \"module_stderr\": \"$(base64 -w0 <"$tmp.err")\"}}" ;;
            esac
        fi
        printf '%s\n' "$record" >"$job.tmp" && mv -f -- "$job.tmp" "$job"
        rm -f -- "$tmp.out" "$tmp.err" "$tmp.killed" "$job.tmp"
        """#

    /// The result marker a module program prints before its result line.
    static func markerOf(_ program: String) -> String? {
        let prefix = "PB_MARKER='"
        for line in program.split(separator: "\n") where line.hasPrefix(prefix) {
            let rest = line.dropFirst(prefix.count)
            guard let end = rest.firstIndex(of: "'") else { return nil }
            return String(rest[..<end])
        }
        return nil
    }
}

/// Why a job could not be started.
enum AsyncJobError: Error, Sendable {
    case notStarted(String)

    var message: String {
        switch self {
        case .notStarted(let reason):
            "the async job could not be started" + (reason.isEmpty ? "" : ": " + reason)
        }
    }
}
