import ArgumentParser
import Transport

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a password from the terminal with echo off. The password never touches argv, the
/// environment or a file; it lives in a `Secret` that prints as `********`.
enum PasswordPrompt {
    static func ask(_ prompt: String) throws -> Secret {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard fd >= 0 else {
            throw ValidationError("\(prompt.trimmingCharacters()) needs a terminal to ask on; none is attached")
        }
        defer { close(fd) }
        _ = prompt.withCString { write(fd, $0, strlen($0)) }
        var saved = termios()
        tcgetattr(fd, &saved)
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(fd, TCSAFLUSH, &quiet)
        defer {
            tcsetattr(fd, TCSAFLUSH, &saved)
            _ = "\n".withCString { write(fd, $0, 1) }
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(fd, &byte, 1) == 1, byte != UInt8(ascii: "\n") {
            bytes.append(byte)
        }
        return Secret(String(decoding: bytes, as: UTF8.self))
    }
}

extension String {
    fileprivate func trimmingCharacters() -> String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " || $0 == ":" }.reversed())
    }
}
