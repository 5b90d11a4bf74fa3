import Foundation
import Modules
import Testing
import TestSupport
import Transport
import Values

/// apt_repository (h10), authorized_key (h11) and sysctl (h12) on lab hosts: a change, the same
/// again reported ok, check mode that changes nothing but predicts the diff, removal, and the
/// messages of ansible-core and ansible.posix for what they refuse. Bad arguments are refused
/// at load time with the place they were written. Hosts are inspected out of band.
@Suite(.enabled(if: Lab.shouldRun, Lab.skipComment), .serialized)
struct SystemConfigLabTests {
    static let parts = "/etc/apt/sources.list.d"

    /// h10 with only its own source line, in sources.list, and a disabled line in extra.list;
    /// returns the host and its source line (the lab's local repository).
    func sourcesHost() throws -> (LabHost, String) {
        _ = try Lab.require(hosts: 200)
        let host = try LabHost("h10")
        let line = try host.sh("grep -m1 '^deb ' /etc/apt/sources.list")
        try host.sh(
            "rm -f \(Self.parts)/*.list && printf '%s\\n' '\(line)' > /etc/apt/sources.list && chmod 644 /etc/apt/sources.list"
                + " && printf '#note\\n#  deb http://x.invalid/debian y main\\n\\n' > \(Self.parts)/extra.list")
        return (host, line)
    }

    func restoreSources(_ host: LabHost, _ line: String) throws {
        try host.sh("rm -f \(Self.parts)/*.list && printf '%s\\n' '\(line)' > /etc/apt/sources.list && apt-get -q update >/dev/null 2>&1")
    }

    @Test func aptRepositoryAddsALineToItsOwnFileOnceAndUpdatesTheCache() throws {
        let (host, line) = try sourcesHost()
        defer { try? restoreSources(host, line) }
        let words = line.split(separator: " ").map(String.init)
        let url = try #require(words.first { $0.hasPrefix("http://") })
        let spaced = try host.run("apt_repository", args(["repo": .string(words.joined(separator: "   "))]))
        #expect(!spaced.changed && !spaced.failed && spaced.values["sources_added"] == [], "the same words are the same line: \(spaced.values)")

        let repo = "deb [trusted=yes arch=amd64] \(url) ./"
        // The file is named after the repository's host and path: 198.18.0.1:8642/ → 198_18_0_1_8642.list.
        let stem = url.dropFirst("http://".count).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: "_")
        let file = "\(Self.parts)/\(stem).list"
        let predicted = try host.run("apt_repository", args(["repo": .string(repo)]), check: true, diff: true)
        #expect(predicted.changed && predicted.values["sources_added"] == [.string(file)], "\(predicted.values)")
        let diff = try #require(predicted.values["diff"]?.listValue?.first?.dictValue)
        #expect(diff["before_header"] == "/dev/null" && diff["after_header"] == .string(file))
        #expect(diff["before"] == "" && diff["after"] == .string(repo + "\n"))
        #expect(try host.sh("test -e \(file) && echo yes || echo no") == "no", "check mode wrote the file")

        let added = try host.run("apt_repository", args(["repo": .string(repo)]), diff: true)
        #expect(added.changed && !added.failed && added.values["diff"] == predicted.values["diff"], "\(added.values)")
        #expect(added.values["repo"] == .string(repo) && added.values["state"] == "present" && added.values["sources_removed"] == [])
        #expect(try host.sh("cat \(file); stat -c %a \(file)") == repo + "\n644")
        #expect(!(try host.run("apt_repository", args(["repo": .string(repo)]))).changed)

        let removed = try host.run("apt_repository", args(["repo": .string(repo), "state": "absent", "update_cache": false]), diff: true)
        #expect(removed.changed && removed.values["sources_removed"] == [.string(file)], "\(removed.values)")
        #expect(removed.values["diff"]?.listValue?.first?.dictValue?["after_header"] == "/dev/null")
        #expect(try host.sh("test -e \(file) && echo yes || echo no") == "no", "a file left empty is deleted")
        #expect(!(try host.run("apt_repository", args(["repo": .string(repo), "state": "absent"]))).changed)
    }

    @Test func aptRepositoryEnablesADisabledCopyAndHonoursFilenameAndMode() throws {
        let (host, line) = try sourcesHost()
        defer { try? restoreSources(host, line) }
        let enabled = try host.run("apt_repository", args(["repo": "deb http://x.invalid/debian y main", "update_cache": false]), diff: true)
        #expect(enabled.changed && enabled.values["sources_added"] == [] && enabled.values["diff"] == [], "no file is added: \(enabled.values)")
        #expect(try host.sh("cat \(Self.parts)/extra.list") == "# note\ndeb http://x.invalid/debian y main", "rewritten as ansible-core writes it")

        let named = args(["repo": "deb-src http://deb.example.org/debian bookworm main", "filename": "example", "mode": "0600", "update-cache": false])
        let written = try host.run("apt_repository", named)
        #expect(written.values["sources_added"] == [.string("\(Self.parts)/example.list")], "\(written.values)")
        #expect(try host.sh("stat -c %a \(Self.parts)/example.list") == "600")
        // Without `filename` the name comes from the repository, user and password left out.
        let derived = try host.run(
            "apt_repository", args(["repo": "deb [signed-by=/k.gpg] https://u:p@deb.example.org/debian-x/ bookworm main"]), check: true)
        #expect(derived.values["sources_added"] == [.string("\(Self.parts)/deb_example_org_debian_x.list")], "\(derived.values)")
    }

    @Test func aptRepositoryRefusesBadLinesAndPPAsAndRevertsAFailedUpdate() throws {
        let (host, line) = try sourcesHost()
        defer { try? restoreSources(host, line) }
        let invalid = try host.run("apt_repository", args(["repo": "foo bar"]))
        #expect(invalid.failed && !invalid.changed && invalid.message == "Invalid repository string: foo bar")
        let ppa = try host.run("apt_repository", args(["repo": "ppa:deadsnakes/ppa", "update_cache": false]))
        #expect(ppa.failed && !ppa.changed && ppa.message?.hasPrefix("failed to fetch PPA information") == true, "\(ppa.values)")

        let url = try #require(line.split(separator: " ").first { $0.hasPrefix("http://") })
        let missing = "deb [trusted=yes] \(url)nonexistent ./"
        let failed = try host.run(
            "apt_repository", args(["repo": .string(missing), "update_cache_retries": 1, "update_cache_retry_max_delay": 1]))
        #expect(failed.failed && !failed.changed, "\(failed.values)")
        #expect(failed.message?.hasPrefix("Failed to update apt cache after 1 retries: ") == true && failed.message?.contains("404") == true)
        #expect(try host.sh("ls \(Self.parts)") == "extra.list", "the added file is taken back")
    }
}
