/// Decides whether the key a server offered is the one recorded for it, applying the host-key
/// policy. Runs after the handshake and before any credential is sent.
struct HostKeyVerifier {
    let target: SSHTarget
    let options: SSHOptions

    private var host: String { target.name }

    /// The host-key algorithms to ask the server for: exactly the types recorded for the host.
    /// libssh2 1.10 prefers ECDSA; a host recorded only by its ed25519 key would otherwise
    /// present ECDSA, look unknown, and (under accept-new) get a second, unverified key recorded.
    func preferredHostKeyTypes(_ knownHosts: KnownHosts) throws(TransportError) -> [String] {
        guard target.hostKeyPolicy != .off else { return SSHAlgorithms.hostKeys }
        let recorded = knownHosts.recordedKeyTypes(host: target.address, port: target.port)
        if recorded.isEmpty { return SSHAlgorithms.hostKeys }
        let usable = SSHAlgorithms.hostKeys(recorded: recorded)
        guard !usable.isEmpty else {
            throw .hostKeyRejected(
                host: host,
                reason: "known_hosts records only key types that cannot be checked here for "
                    + "\(target.knownHostsName) (\(recorded.joined(separator: ", "))); record its ed25519 or ECDSA key")
        }
        return usable
    }

    /// A key exchange that failed while only the recorded key types were asked for: the host
    /// most likely stopped offering them (new keys, reconfigured sshd). That is a host key
    /// problem, refused as one — never retried with other types, which would let a new,
    /// unverified key in through the back door.
    func recordedTypesNotOffered(_ asked: [String], _ knownHosts: KnownHosts) -> TransportError? {
        guard target.hostKeyPolicy != .off, !knownHosts.recordedKeyTypes(host: target.address, port: target.port).isEmpty
        else { return nil }
        return .hostKeyRejected(
            host: host,
            reason: "the key exchange with \(target.knownHostsName) failed while asking only for the host key types "
                + "known_hosts records for it (\(asked.joined(separator: ", "))): the host no longer offers them "
                + "(its keys were replaced or its sshd reconfigured), or it allows none of the key exchanges, ciphers "
                + "and MACs used here. A key of another type is never accepted in place of a recorded one; check the "
                + "host's keys, then update known_hosts (ssh-keygen -R '\(target.knownHostsName)')")
    }

    func verify(keyBlob: [UInt8], knownHosts: KnownHosts) throws(TransportError) {
        let offered = describe(keyBlob)
        if target.hostKeyPolicy == .off {
            options.emit(3, host, "host key \(offered) accepted without checking (host key checking is off)")
            return
        }
        switch knownHosts.check(host: target.address, port: target.port, keyBlob: keyBlob) {
        case .match(let entry):
            options.emit(3, host, "host key \(offered) matches \(entry.location)")
        case .revoked(let entry):
            throw revoked(offered, entry)
        case .mismatch(let recorded):
            throw changed(offered, recorded)
        case .notFound:
            try handleUnknown(keyBlob: keyBlob, offered: offered)
        }
    }

    private func handleUnknown(keyBlob: [UInt8], offered: String) throws(TransportError) {
        let files = target.knownHostsFiles
        guard target.hostKeyPolicy == .acceptNew, let file = files.first else {
            throw .hostKeyRejected(
                host: host,
                reason: "\(target.knownHostsName) is not a known host (looked in "
                    + "\(files.isEmpty ? "no known_hosts file" : files.joined(separator: ", "))); it offered \(offered). "
                    + "Check the fingerprint and add the key to known_hosts, or connect with host key checking 'accept-new'")
        }
        let outcome: KnownHosts.AppendOutcome
        do {
            outcome = try KnownHosts.appendIfAbsent(file: file, host: target.address, port: target.port, keyBlob: keyBlob)
        } catch {
            throw .hostKeyRejected(host: host, reason: error.description)
        }
        switch outcome {
        case .appended(let line):
            options.emit(3, host, "host key \(offered) is new; recorded at \(file):\(line)")
        case .alreadyPresent:
            options.emit(3, host, "host key \(offered) was recorded meanwhile by another connection")
        case .conflict(.revoked(let entry)):
            throw revoked(offered, entry)
        case .conflict(.mismatch(let recorded)):
            throw changed(offered, recorded)
        case .conflict:
            throw .hostKeyRejected(host: host, reason: "known_hosts changed while recording \(offered)")
        }
    }

    private func changed(_ offered: String, _ recorded: [KnownHosts.Entry]) -> TransportError {
        let old = recorded.map { "\($0.keyType) \($0.fingerprint) at \($0.location)" }.joined(separator: "; ")
        return .hostKeyRejected(
            host: host,
            reason: "the host key of \(target.knownHostsName) has CHANGED: it offered \(offered), but known_hosts "
                + "records \(old). Someone could be intercepting the connection, or the host was reinstalled; "
                + "if the change is expected, remove the old line (ssh-keygen -R '\(target.knownHostsName)')")
    }

    private func revoked(_ offered: String, _ entry: KnownHosts.Entry) -> TransportError {
        .hostKeyRejected(
            host: host, reason: "the host key \(offered) of \(target.knownHostsName) is @revoked at \(entry.location)")
    }

    private func describe(_ blob: [UInt8]) -> String {
        "\(Fingerprint.keyType(ofBlob: blob) ?? "unknown-type") \(Fingerprint.sha256(blob))"
    }
}
