import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension Subprocess {
    /// A started child: its streams are served by one thread from the start, which also reaps
    /// it, so `signal` can never hit a recycled pid and `wait` never blocks on a full pipe.
    public final class Child: @unchecked Sendable {
        struct Streams {
            var stdout: Int32
            var stderr: Int32
            var stdin: Int32?
            var input: [UInt8]
        }

        public let pid: pid_t
        private let started: Date
        private let condition = NSCondition()
        /// The child has exited (seen with WNOWAIT, before the reaping that frees its pid).
        private var exited = false
        private var result: Result?

        init(pid: pid_t, streams: Streams, started: Date, deadline: Date) {
            self.pid = pid
            self.started = started
            let thread = Thread { [self] in serve(streams, deadline: deadline) }
            thread.start()
        }

        /// Sends `number` to the child (not its group) unless it has already exited; whether
        /// it was sent.
        @discardableResult
        public func signal(_ number: Int32) -> Bool {
            condition.withLock { exited ? false : kill(pid, number) == 0 }
        }

        /// Whether the child is still running.
        public var isRunning: Bool { condition.withLock { !exited } }

        /// Blocks until the child has ended and its streams are read.
        public func wait() -> Result {
            condition.withLock {
                while true {
                    if let result { return result }
                    condition.wait()
                }
            }
        }

        private func serve(_ streams: Streams, deadline: Date) {
            // A child that closes its stdin early must not kill the test process with SIGPIPE:
            // blocked here, the write fails with EPIPE instead.
            var pipeSignal = sigset_t()
            sigemptyset(&pipeSignal)
            sigaddset(&pipeSignal, SIGPIPE)
            pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)

            let (stdout, stderr) = collect(streams, deadline: deadline)
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
            condition.withLock { exited = true }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            let signal = status & 0x7f
            let finished = Result(
                status: signal == 0 ? (status >> 8) & 0xff : signal, signaled: signal != 0,
                stdoutBytes: stdout, stderrBytes: stderr, seconds: Date().timeIntervalSince(started))
            condition.withLock {
                result = finished
                condition.broadcast()
            }
        }

        /// Writes the input and reads both streams to their end; at the deadline kills the
        /// child's process group, and gives up reading a few seconds later should something
        /// else still hold the pipes.
        private func collect(_ streams: Streams, deadline: Date) -> ([UInt8], [UInt8]) {
            let out = streams.stdout
            let err = streams.stderr
            var buffers: [Int32: [UInt8]] = [out: [], err: []]
            var open = [out, err]
            var stdin = streams.stdin
            var written = 0
            if let fd = stdin {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                if streams.input.isEmpty {
                    close(fd)
                    stdin = nil
                }
            }
            var killedAt: Date?
            var chunk = [UInt8](repeating: 0, count: 65536)
            while !open.isEmpty {
                if killedAt == nil, Date() >= deadline {
                    kill(-pid, SIGKILL)
                    killedAt = Date()
                }
                if let killedAt, Date().timeIntervalSince(killedAt) > 5 { break }
                var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
                if let fd = stdin { fds.append(pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)) }
                let ready = poll(&fds, nfds_t(fds.count), 200)
                if ready < 0 && errno != EINTR { break }
                for entry in fds where entry.revents != 0 {
                    if entry.fd == stdin {
                        let count = streams.input.withUnsafeBytes {
                            write(entry.fd, $0.baseAddress! + written, $0.count - written)
                        }
                        if count > 0 { written += count }
                        if written == streams.input.count || (count < 0 && errno != EAGAIN && errno != EINTR) {
                            close(entry.fd)
                            stdin = nil
                        }
                        continue
                    }
                    let count = read(entry.fd, &chunk, chunk.count)
                    if count > 0 {
                        buffers[entry.fd, default: []] += chunk[0..<count]
                    } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                        open.removeAll { $0 == entry.fd }
                    }
                }
            }
            if let fd = stdin { close(fd) }
            close(out)
            close(err)
            return (buffers[out] ?? [], buffers[err] ?? [])
        }
    }
}
