import Modules
import Testing

/// lib.sh answers a few questions from files instead of starting a process per task; each answer
/// must be what the process it replaces gives, on this machine.
struct LibraryLookupTests {
    /// lib.sh with its traps cleared, then `script`; prints what the script prints.
    func run(_ script: String, umask: String = "022") throws -> String {
        let library = try #require(ModulePrograms.source(named: "lib"))
        let program = "umask \(umask)\n{\n\(library)\ntrap - EXIT\n\(script)\n} </dev/null\n"
        let output = try LocalShellConnection.execute(["/bin/sh", "-s"], stdin: Array(program.utf8))
        #expect(output.succeeded, "\(output.stderrText)")
        return output.stdoutText
    }

    @Test(arguments: ["022", "027", "077", "000"])
    func umaskIsTheShells(_ mask: String) throws {
        #expect(try run(#"printf '%s %s' "$PB_UMASK" "$(umask)""#, umask: mask) == "0\(mask) 0\(mask)")
    }

    @Test func userAndGroupIdsAreWhatIdAndGetentSay() throws {
        let script = #"""
            pb_fail() { printf 'failed\n'; exit 0; }
            for u in root nobody daemon 0 no-such-user-pb; do
                ( pb_uid "$u"; printf '%s %s\n' "$PB_UID" "$(id -u -- "$u" 2>/dev/null || echo failed)" )
            done
            for g in root nogroup adm 5 no-such-group-pb; do
                ( pb_gid "$g"; g2=$(getent group -- "$g" | cut -d: -f3); case $g in *[!0-9]*) ;; *) g2=$g ;; esac
                  printf '%s %s\n' "$PB_GID" "${g2:-failed}" )
            done
            """#
        let lines = try run(script).split(separator: "\n")
        #expect(lines.count == 10)
        for line in lines {
            let parts = line.split(separator: " ")
            if parts.count == 1 {
                #expect(parts[0] == "failed")
            } else {
                #expect(parts.count == 2 && parts[0] == parts[1], "\(line)")
            }
        }
    }

    @Test func octalDigitsAreWhatPrintfPrints() throws {
        let script = #"""
            for v in 0 1 7 8 63 64 420 438 493 511 1023 2048 4095 4096 32768; do
                pb_octal4 "$v"; printf '%s %s\n' "$PB_OCTAL" "$(printf '%04o' "$v")"
            done
            """#
        for line in try run(script).split(separator: "\n") {
            let parts = line.split(separator: " ")
            #expect(parts.count == 2 && parts[0] == parts[1], "\(line)")
        }
    }
}
