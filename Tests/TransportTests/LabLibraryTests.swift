import Testing
import TestSupport
@testable import Transport

/// A library that many programs start with reaches the long-lived shell once and is expanded
/// into each child's stdin from then on: byte for byte, under every kind of become, with no
/// state passing from one program to the next.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment))
struct LabLibraryTests {
    /// Every character an unquoted here-document treats specially, in the library and around it.
    static let library = """
        pb_lib_echo() { printf '<%s|%s>' "$1" '$HOME `id` \\\\ \\$x "q"'; }
        pb_lib_state=from-library

        """
    static let tail = """
        pb_lib_echo "${leaked-unset}"; leaked=set-by-a-program; pb_lib_state=changed
        printf '%s' ' $HOME `id` \\ \\\\ end\\
        '

        """

    static func request(_ become: Become? = nil, environment: [(name: String, value: String)] = []) -> RunRequest {
        RunRequest(
            program: library + tail, become: become, timeoutSeconds: 60, environment: environment,
            libraryLength: library.utf8.count)
    }

    static let expected = "<unset|$HOME `id` \\\\ \\$x \"q\"> $HOME `id` \\ \\\\ end\\\n"

    func runTwiceAndCompare(_ connection: SSHConnection, _ request: RunRequest) throws {
        let before = connection.bytesSent
        let first = try connection.run(request)
        let firstBytes = connection.bytesSent - before
        let second = try connection.run(request)
        let secondBytes = connection.bytesSent - before - firstBytes
        #expect(first.stderrText == "")
        #expect(first.stdoutText == Self.expected)
        // The second program sees neither the first one's variables nor its change to the library's.
        #expect(second.stdoutText == Self.expected)
        #expect(firstBytes > Self.library.utf8.count)
        #expect(secondBytes < firstBytes - Self.library.utf8.count + 40)
    }

    @Test func plainRunsGetTheLibraryOnceAndKeepNoState() throws {
        let lab = try Lab.require(hosts: 200)
        let connection = try SSHConnection.connect(try lab.target("h80"))
        defer { connection.close() }
        try runTwiceAndCompare(connection, Self.request(environment: [("PB_LIB_ENV", "a$b`c\\d")]))
        let env = try connection.run(
            RunRequest(program: Self.library + "printf '%s' \"$PB_LIB_ENV\"\n", environment: [("PB_LIB_ENV", "a$b`c\\d")],
                libraryLength: Self.library.utf8.count))
        #expect(env.stdoutText == "a$b`c\\d")
        let whole = try connection.run(RunRequest(program: Self.library + Self.tail))
        #expect(whole.stdoutText == Self.expected)
    }

    @Test func sudoWithAndWithoutPasswordSeeTheSameBytes() throws {
        let lab = try Lab.require(hosts: 200)
        let deploy = try SSHConnection.connect(try lab.target("h81", user: "deploy"))
        defer { deploy.close() }
        try runTwiceAndCompare(deploy, Self.request(Become()))
        let deployp = try SSHConnection.connect(try lab.target("h82", user: "deployp"))
        defer { deployp.close() }
        try runTwiceAndCompare(deployp, Self.request(Become(password: Secret(try lab.deploypPassword()))))
    }

    @Test func manyDistinctLibrariesStillRun() throws {
        let lab = try Lab.require(hosts: 200)
        let connection = try SSHConnection.connect(try lab.target("h83"))
        defer { connection.close() }
        for index in 0..<(RemoteShell.maximumLibraries + 3) {
            let library = "pb_n() { printf '%s' \(index); }\n"
            let output = try connection.run(RunRequest(program: library + "pb_n\n", libraryLength: library.utf8.count))
            #expect(output.stdoutText == String(index))
        }
    }

    /// Complete libraries are held as shell functions for the runs of the connection's own shell
    /// (as root, or in the shell sudo started for the become user), and still in variables for
    /// runs in a child `sh` (a timeout): the same output every way, and no state carried over.
    @Test func completeLibrariesRunAsFunctionsWithTheSameOutput() throws {
        let lab = try Lab.require(hosts: 200)
        let root = try SSHConnection.connect(try lab.target("h19"))
        defer { root.close() }
        let deploy = try SSHConnection.connect(try lab.target("h20", user: "deploy"))
        defer { deploy.close() }
        for (connection, become) in [(root, nil), (deploy, Become())] as [(SSHConnection, Become?)] {
            for timeout in [nil, 60] as [Double?] {
                var request = Self.request(become)
                request.timeoutSeconds = timeout
                request.librariesCanBeFunctions = true
                // Says, too, whether the library came as the shell's function.
                let body = "pb_lib_echo \"${pb_lib_state}\"; command -v __pb_fn_1 || echo inline\n"
                request.program += body
                request.secondLibrary = (request.program.utf8.count - body.utf8.count)..<request.program.utf8.count
                let expected =
                    Self.expected + "<changed|$HOME `id` \\\\ \\$x \"q\">" + (timeout == nil ? "__pb_fn_1\n" : "inline\n")
                for _ in 0..<2 {
                    let output = try connection.run(request)
                    #expect(output.stderrText == "")
                    #expect(output.stdoutText == expected, "become \(become != nil), timeout \(timeout ?? 0)")
                }
            }
        }
    }
}
