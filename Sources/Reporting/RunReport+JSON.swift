import Values

extension RunReport {
    /// The report in the shape of Ansible's `ansible.posix.json` callback, so tools written for
    /// it read ours: `plays[].play`, `plays[].tasks[].task`, `plays[].tasks[].hosts.<host>`,
    /// `stats.<host>`, `custom_stats`, `global_custom_stats`.
    public func ansibleJSONValue() -> Value {
        var document = ValueDict()
        document["custom_stats"] = .dict(ValueDict())
        document["global_custom_stats"] = .dict(ValueDict())
        document["plays"] = .list(plays.map(playValue))
        var statsDict = ValueDict()
        for host in stats.sortedHosts {
            let t = stats[host]
            statsDict[host] = [
                "changed": .int(t.changed), "failures": .int(t.failed), "ignored": .int(t.ignored),
                "ok": .int(t.ok), "rescued": .int(t.rescued), "skipped": .int(t.skipped),
                "unreachable": .int(t.unreachable),
            ]
        }
        document["stats"] = .dict(statsDict)
        return secrets.mask(.dict(document))
    }

    /// `json.dumps(output, indent=4, sort_keys=True)`, as the callback prints it, masked.
    public func ansibleJSON() -> String {
        let text = JSON.serialize(
            ansibleJSONValue(), pretty: true, sortKeys: true, indent: 4, ensureASCII: true)
        return secrets.mask(text)
    }

    private func playValue(_ play: Play) -> Value {
        var info = ValueDict()
        info["duration"] = duration(play.start, play.end)
        info["id"] = .string(play.id)
        info["name"] = .string(play.name)
        info["path"] = .string(playbookPath)
        return ["play": .dict(info), "tasks": .list(play.tasks.map(taskValue))]
    }

    private func taskValue(_ task: Task) -> Value {
        var info = ValueDict()
        info["duration"] = duration(task.start, task.end)
        info["id"] = .string(task.id)
        info["name"] = .string(task.name)
        info["path"] = .string(task.path)
        var hosts = ValueDict()
        for result in task.results {
            hosts[result.host] = .dict(Self.hostValue(result, items: task.items[result.host] ?? []))
        }
        return ["hosts": .dict(hosts), "task": .dict(info)]
    }

    /// One host's result as the callback records it: the cleaned result, `failed`/`skipped`
    /// set from the event, the module as `action`, and the loop's item results when the
    /// executor did not put them in `results` itself.
    static func hostValue(_ r: HostTaskResult, items: [HostTaskResult]) -> ValueDict {
        var value = ResultView.callbackCopy(r)
        let censored = value["censored"] != nil
        if !censored {
            if value["_ansible_no_log"] == nil { value["_ansible_no_log"] = false }
            if !items.isEmpty, value["results"] == nil {
                value["results"] = .list(
                    items.map { item in
                        var itemValue = ResultView.callbackCopy(item)
                        if item.status == .failed { itemValue["failed"] = true }
                        if item.status == .skipped { itemValue["skipped"] = true }
                        return .dict(itemValue)
                    })
            }
        }
        if r.status == .failed { value["failed"] = true }
        if r.status == .skipped { value["skipped"] = true }
        value["action"] = .string(r.action)
        return value
    }

    private func duration(_ start: Double, _ end: Double?) -> Value {
        var value = ValueDict()
        value["start"] = .string(WallClock.isoMicroseconds(start))
        if let end { value["end"] = .string(WallClock.isoMicroseconds(end)) }
        return .dict(value)
    }
}
