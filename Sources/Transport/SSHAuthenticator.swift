#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
internal import CLibSSH2

/// Logs in the way OpenSSH does: agent keys, then identity files (asking for passphrases of
/// encrypted ones), then password and keyboard-interactive. When everything fails, the error
/// lists what was tried and what the server accepts.
struct SSHAuthenticator {
    let session: SSHSession
    let target: SSHTarget
    let options: SSHOptions
    let deadline: Deadline

    private var host: String { target.name }

    func authenticate() throws(TransportError) {
        // Keys first, without asking which methods the server takes: asking (a "none" request)
        // costs a round trip on every connection, and nearly every server takes keys. The list
        // is asked for only when no key worked.
        var keysTried: [String] = []
        var keyRefusedRSA = false
        if try agentKeys(tried: &keysTried) { return }
        if try fileKeys(tried: &keysTried, refusedRSA: &keyRefusedRSA) { return }
        let offered = try serverMethods()
        guard let offered else {
            options.emit(3, host, "authenticated with method 'none'")
            return
        }
        let takesKeys = offered.contains("publickey")
        var tried = takesKeys ? keysTried : []
        let refusedRSA = takesKeys && keyRefusedRSA
        if let password = target.password {
            if offered.contains("password") {
                if try passwordAuth(password.value) { return }
                tried.append("password (refused)")
            } else if offered.contains("keyboard-interactive") {
                if try keyboardInteractive(password.value) { return }
                tried.append("keyboard-interactive (refused)")
            }
        }
        var reason = "no method worked for user '\(target.user)'"
        reason += "; tried: " + (tried.isEmpty ? "nothing (no agent, no identity file, no password)" : tried.joined(separator: ", "))
        reason += "; the server accepts: " + offered.joined(separator: ",")
        if refusedRSA {
            reason += ". An RSA key was refused: libssh2 1.10 signs only with ssh-rsa (SHA-1), which"
                + " OpenSSH 8.8 and later refuse, and lacks rsa-sha2-256/512; use an ed25519 key"
                + " (ssh-keygen -t ed25519)"
        }
        throw .authenticationFailed(host: host, reason: reason)
    }

    /// The methods the server allows, or nil when "none" already succeeded.
    private func serverMethods() throws(TransportError) -> [String]? {
        let user = target.user
        var wait = SocketWait()
        while true {
            if let list = libssh2_userauth_list(session.raw, user, UInt32(user.utf8.count)) {
                return String(cString: list).split(separator: ",").map(String.init)
            }
            if libssh2_userauth_authenticated(session.raw) == 1 { return nil }
            let code = libssh2_session_last_errno(session.raw)
            guard code == LIBSSH2_ERROR_EAGAIN else {
                throw session.lastError("libssh2_userauth_list", code).transportError(host: host)
            }
            do { try wait.wait(on: session, "libssh2_userauth_list", until: deadline) } catch {
                throw .unreachable(host: host, reason: "authentication: \(error.message)")
            }
        }
    }

    private func agentKeys(tried: inout [String]) throws(TransportError) -> Bool {
        guard target.useAgent, let socketPath = options.agentSocket ?? environment("SSH_AUTH_SOCK"),
            !socketPath.isEmpty, let agent = SSHAgent(session: session, socketPath: socketPath)
        else { return false }
        var identities = agent.identities()
        if target.identitiesOnly {
            let allowed = target.identityFiles.compactMap { PrivateKeyFile.inspect($0)?.publicBlob }
            identities = identities.filter { allowed.contains($0.blob) }
        }
        for identity in identities {
            let name = "agent key \(Fingerprint.sha256(identity.blob)) \(identity.comment)"
            do {
                if try agent.authenticate(user: target.user, identity: identity, until: deadline) {
                    options.emit(3, host, "authenticated with publickey (\(name))")
                    return true
                }
            } catch {
                throw error.transportError(host: host)
            }
            tried.append("\(name) (refused)")
        }
        return false
    }

    private func fileKeys(tried: inout [String], refusedRSA: inout Bool) throws(TransportError) -> Bool {
        for path in candidateKeyFiles() {
            guard let key = PrivateKeyFile.inspect(path) else {
                if !target.identityFiles.isEmpty { tried.append("\(path) (cannot be read)") }
                continue
            }
            var passphrase: String?
            if key.isEncrypted {
                guard let secret = options.passphrase?(path) else {
                    tried.append("\(path) (encrypted, no passphrase given)")
                    continue
                }
                passphrase = secret.value
            }
            let publicPath = FileText.readBytes(path + ".pub") != nil ? path + ".pub" : nil
            do {
                try session.perform("libssh2_userauth_publickey_fromfile_ex", until: deadline) {
                    libssh2_userauth_publickey_fromfile_ex(
                        session.raw, target.user, UInt32(target.user.utf8.count), publicPath, path, passphrase)
                }
                options.emit(3, host, "authenticated with publickey (\(path))")
                return true
            } catch where error.code == LIBSSH2_ERROR_FILE {
                tried.append("\(path) (\(key.isEncrypted ? "wrong passphrase or unsupported key" : "unsupported key format"))")
            } catch where error.code == LIBSSH2_ERROR_AUTHENTICATION_FAILED || error.code == LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED {
                // libssh2 1.10 reports a wrong passphrase for OpenSSH-format keys as a refusal.
                tried.append("\(path) (\(key.isEncrypted ? "wrong passphrase, or refused by the server" : "refused"))")
                if key.isRSA { refusedRSA = true }
            } catch {
                throw error.transportError(host: host)
            }
        }
        return false
    }

    /// The configured identity files, or OpenSSH's defaults that exist (RSA last: it rarely works).
    private func candidateKeyFiles() -> [String] {
        if !target.identityFiles.isEmpty { return target.identityFiles }
        let home = PathExpansion.currentHome()
        return ["id_ed25519", "id_ecdsa", "id_rsa"].map { "\(home)/.ssh/\($0)" }
            .filter { access($0, R_OK) == 0 }
    }

    private func passwordAuth(_ password: String) throws(TransportError) -> Bool {
        do {
            try session.perform("libssh2_userauth_password_ex", until: deadline) {
                libssh2_userauth_password_ex(
                    session.raw, target.user, UInt32(target.user.utf8.count), password,
                    UInt32(password.utf8.count), nil)
            }
            options.emit(3, host, "authenticated with password")
            return true
        } catch where error.code == LIBSSH2_ERROR_AUTHENTICATION_FAILED || error.code == LIBSSH2_ERROR_PASSWORD_EXPIRED {
            return false
        } catch {
            throw error.transportError(host: host)
        }
    }

    private func keyboardInteractive(_ password: String) throws(TransportError) -> Bool {
        session.promptAnswers.password = password
        defer { session.promptAnswers.password = nil }
        do {
            try session.perform("libssh2_userauth_keyboard_interactive_ex", until: deadline) {
                libssh2_userauth_keyboard_interactive_ex(
                    session.raw, target.user, UInt32(target.user.utf8.count), answerPrompts)
            }
            options.emit(3, host, "authenticated with keyboard-interactive")
            return true
        } catch where error.code == LIBSSH2_ERROR_AUTHENTICATION_FAILED {
            return false
        } catch {
            throw error.transportError(host: host)
        }
    }

    private func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}

/// Answers every keyboard-interactive prompt with the password. libssh2 frees the answers
/// with the system allocator, so they are `strdup`ed.
private let answerPrompts:
    @convention(c) (
        UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, Int32, Int32,
        UnsafePointer<LIBSSH2_USERAUTH_KBDINT_PROMPT>?, UnsafeMutablePointer<LIBSSH2_USERAUTH_KBDINT_RESPONSE>?,
        UnsafeMutablePointer<UnsafeMutableRawPointer?>?
    ) -> Void = { _, _, _, _, count, _, responses, abstract in
        guard let responses, let context = abstract?.pointee else { return }
        let answers = Unmanaged<PromptAnswers>.fromOpaque(context).takeUnretainedValue()
        guard let password = answers.password else { return }
        for index in 0..<Int(max(0, count)) {
            responses[index].text = strdup(password)
            responses[index].length = UInt32(password.utf8.count)
        }
    }
