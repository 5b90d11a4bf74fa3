extension SecretMasker {
    /// The event with every string a reporter could print masked: task names and warnings are
    /// templated from variables too, and a result may echo a password back.
    public func mask(_ event: RunEvent) -> RunEvent {
        guard !isEmpty else { return event }
        switch event {
        case .playbookStarted(let path, let checkMode):
            return .playbookStarted(path: mask(path), checkMode: checkMode)
        case .playStarted(let name, let hostPattern, let hosts):
            return .playStarted(
                name: mask(name), hostPattern: mask(hostPattern), hosts: hosts.map { mask($0) })
        case .noHostsMatched(let pattern):
            return .noHostsMatched(pattern: mask(pattern))
        case .taskStarted(let name, let path, let isHandler):
            return .taskStarted(name: mask(name), path: path.map { mask($0) }, isHandler: isHandler)
        case .loopItemResult(let result):
            return .loopItemResult(mask(result))
        case .hostResult(let result):
            return .hostResult(mask(result))
        case .included(let path, let hosts, let itemLabel, let task):
            var heading = task
            heading?.name = mask(task?.name ?? "")
            return .included(
                path: mask(path), hosts: hosts.map { mask($0) }, itemLabel: itemLabel.map { mask($0) }, task: heading)
        case .noHostsRemaining:
            return event
        case .hostsWaiting(let hosts):
            return .hostsWaiting(hosts.map { mask($0) })
        case .warning(let message):
            return .warning(mask(message))
        case .deprecation(let message):
            return .deprecation(mask(message))
        case .verbose(let level, let host, let message):
            return .verbose(level: level, host: host.map { mask($0) }, message: mask(message))
        case .playbookFinished:
            return event  // counters and host names only; the written text is masked as a whole
        }
    }

    public func mask(_ result: HostTaskResult) -> HostTaskResult {
        guard !isEmpty else { return result }
        var masked = result
        masked.host = mask(result.host)
        masked.delegatedTo = result.delegatedTo.map { mask($0) }
        masked.itemLabel = result.itemLabel.map { mask($0) }
        masked.result = mask(result.result)
        masked.action = mask(result.action)
        if var heading = result.task {
            heading.name = mask(heading.name)
            heading.path = heading.path.map { mask($0) }
            masked.task = heading
        }
        return masked
    }
}
