"""Reads each tool's own console output: which hosts got which results.

The tools run with their default output (what a user sees), so the counts come from that text:
- ansible-playbook (with or without Mitogen) and playbook print one `ok: [h]` / `changed: [h]` /
  `skipping: [h]` / `fatal: [h]` line per task and host, then a PLAY RECAP.
- pyinfra prints `--> Starting operation: NAME` and one `[h] Success` / `[h] No changes` /
  `[h] Error` line per host under it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass


@dataclass
class HostCounts:
    executed: int = 0  # module executions (Ansible-style) or operations (pyinfra) that reported a result
    changed: int = 0
    failed: int = 0
    unreachable: int = 0
    skipped: int = 0


@dataclass
class RunOutput:
    hosts: dict[str, HostCounts]
    problems: list[str]

    def to_json(self) -> dict:
        return {"hosts": {h: asdict(c) for h, c in self.hosts.items()}, "problems": self.problems}

    def executions_per_host(self) -> list[int]:
        return sorted(c.executed for c in self.hosts.values())

    def changed_per_host(self) -> list[int]:
        return sorted(c.changed for c in self.hosts.values())


_ANSIBLE_RESULT = re.compile(r"^(ok|changed|skipping|fatal|failed): \[([^\]]+)\]")
_ANSIBLE_RECAP = re.compile(
    r"^(\S+)\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)(?:\s+skipped=(\d+))?"
)
_PYINFRA_RESULT = re.compile(r"^\s+\[([^\]]+)\]\s+(Success|No changes|Error|Skipped)\b")
_PYINFRA_OPERATION = re.compile(r"^--> Starting operation: (.*?)\s*$")
# The deploy's stand-in for Ansible's fact gathering: a python.call, which pyinfra always reports as
# "Success" although it changes nothing (Ansible reports its setup task as ok).
PYINFRA_FACTS_OPERATION = "Gathering Facts"
# Strips colour codes, should a tool emit them even into a file.
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _lines(text: str) -> list[str]:
    return [_ANSI.sub("", line) for line in text.splitlines()]


def parse_ansible_style(text: str, expected_hosts: list[str]) -> RunOutput:
    hosts = {h: HostCounts() for h in expected_hosts}
    problems: list[str] = []
    recap: dict[str, tuple[int, ...]] = {}
    in_recap = False
    for line in _lines(text):
        if line.startswith("PLAY RECAP"):
            in_recap = True
            continue
        if in_recap:
            match = _ANSIBLE_RECAP.match(line)
            if match:
                recap[match.group(1)] = tuple(int(g or 0) for g in match.groups()[1:])
            continue
        match = _ANSIBLE_RESULT.match(line)
        if not match:
            continue
        kind, host = match.groups()
        counts = hosts.setdefault(host, HostCounts())
        if kind == "skipping":
            counts.skipped += 1
            continue
        counts.executed += 1
        if kind == "changed":
            counts.changed += 1
        elif kind in ("fatal", "failed"):
            if "UNREACHABLE" in line:
                counts.unreachable += 1
            else:
                counts.failed += 1
    for host, counts in hosts.items():
        if host not in recap:
            problems.append(f"{host}: missing from the PLAY RECAP")
            continue
        _ok, changed, unreachable, failed, _skipped = recap[host]
        if (changed, unreachable, failed) != (counts.changed, counts.unreachable, counts.failed):
            problems.append(
                f"{host}: recap says changed={changed} unreachable={unreachable} failed={failed}, "
                f"task lines say {counts.changed}/{counts.unreachable}/{counts.failed}"
            )
        counts.changed, counts.unreachable, counts.failed = changed, unreachable, failed
    return RunOutput(hosts, problems)


def parse_pyinfra(text: str, expected_hosts: list[str]) -> RunOutput:
    hosts = {h: HostCounts() for h in expected_hosts}
    problems: list[str] = []
    operation = ""
    for line in _lines(text):
        started = _PYINFRA_OPERATION.match(line)
        if started:
            operation = started.group(1)
            continue
        match = _PYINFRA_RESULT.match(line)
        if not match:
            continue
        host, kind = match.groups()
        counts = hosts.setdefault(host, HostCounts())
        if kind == "Skipped":
            counts.skipped += 1
            continue
        counts.executed += 1
        if kind == "Success" and operation != PYINFRA_FACTS_OPERATION:
            counts.changed += 1
        elif kind == "Error":
            counts.failed += 1
    for line in _lines(text):
        if "SSH error" in line or "Could not connect" in line:
            problems.append(line.strip())
    for host, counts in hosts.items():
        if counts.executed == 0:
            problems.append(f"{host}: no operation result at all")
    return RunOutput(hosts, problems)
