"""The lab hosts a benchmark runs on, reached only through scripts/lab.

Every change to the lab goes through its own commands (`up`, `stop`, `delay`, `undelay`, `exec`), so the
benchmark never touches hosts outside its range and never needs to know how the lab is built.
"""

from __future__ import annotations

import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

# `exec` is an nsenter per call: a few at a time is as fast as the 2-core machine allows.
EXEC_WORKERS = 6


class LabError(RuntimeError):
    pass


@dataclass(frozen=True)
class Endpoint:
    """Where a tool connects to reach a host: its own address, or a delay proxy in front of it."""

    name: str
    address: str
    port: int = 22


class Lab:
    def __init__(self, repo: Path, first_host: int, log):
        self.script = repo / "scripts" / "lab"
        self.first_host = first_host
        self.state_dir = Path(os.environ.get("PLAYBOOK_LAB_STATE", "/run/playbook-lab"))
        self.log = log

    # --- names and files -------------------------------------------------------------------------

    def hosts(self, count: int) -> list[str]:
        return [f"h{i}" for i in range(self.first_host, self.first_host + count)]

    @property
    def key_file(self) -> Path:
        return self.state_dir / "id_ed25519"

    @property
    def known_hosts(self) -> Path:
        return self.state_dir / "known_hosts"

    def _run(self, *args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [str(self.script), *args], capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
        )
        if check and result.returncode != 0:
            raise LabError(f"scripts/lab {' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}")
        return result

    def cpu_seconds(self, hosts: list[str]) -> float | None:
        """CPU the hosts have used since they booted (every process in them: sshd, PAM, sudo,
        shells, what they start, systemd's own share), from each host's cgroup v2 cpu.stat; None
        when one cannot be read."""
        total = 0
        for host in hosts:
            try:
                paths = (self.state_dir / "hosts" / host / "cgroups").read_text().split()
                stat = next(Path(p) / "cpu.stat" for p in paths if (Path(p) / "cpu.stat").exists())
                fields = dict(line.split() for line in stat.read_text().splitlines())
                total += int(fields["usage_usec"])
            except (OSError, StopIteration, KeyError, ValueError):
                return None
        return total / 1e6

    # --- lifecycle -------------------------------------------------------------------------------

    def states(self) -> dict[str, str]:
        """Host name -> running/dead, as `scripts/lab status` reports it ({} when the lab is not up)."""
        states = {}
        for line in self._run("status", check=False).stdout.splitlines():
            fields = line.split()
            if len(fields) >= 4 and fields[0].startswith("h") and fields[0][1:].isdigit():
                states[fields[0]] = fields[3]
        return states

    def up(self, count: int) -> None:
        """Makes sure our hosts run. `up N` boots every stopped host of h1..hN, also ones below our
        range that someone stopped on purpose, so it runs only when one of ours is not running, and
        says which other hosts it is about to start."""
        last = self.first_host + count - 1
        states = self.states()
        if all(states.get(h) == "running" for h in self.hosts(count)):
            return
        others = [f"h{i}" for i in range(1, self.first_host) if states.get(f"h{i}", "running") != "running"]
        if others:
            self.log(f"bench: warning: scripts/lab up {last} also starts {', '.join(others)} (outside our range)")
        self._run("up", str(last), timeout=900)

    def stop(self, hosts: list[str]) -> None:
        # One at a time: `stop` takes the lab lock and waits for the host to be gone.
        for host in hosts:
            self._run("stop", host, timeout=120)

    def restart_fresh(self, hosts: list[str], count: int) -> None:
        """Stops and boots the hosts again: each boots a new in-memory overlay of the image."""
        self.stop(hosts)
        self.up(count)

    def ip(self, host: str) -> str:
        return self._run("ip", host).stdout.strip()

    def endpoints(self, hosts: list[str]) -> list[Endpoint]:
        return [Endpoint(host, self.ip(host)) for host in hosts]

    # --- latency ---------------------------------------------------------------------------------

    def delayed_endpoints(self, hosts: list[str], delay_ms: float) -> list[Endpoint]:
        """Starts a delay proxy in front of each host (only ours: `inventory --delay` would restart the
        proxies of every host in the lab, including ones other people's tests use)."""
        endpoints = []
        for host in hosts:
            out = self._run("delay", host, f"{delay_ms:g}").stdout.split()
            if len(out) != 2 or not out[1].isdigit():
                raise LabError(f"scripts/lab delay {host}: unexpected answer {out!r}")
            endpoints.append(Endpoint(host, out[0], int(out[1])))
        return endpoints

    def undelay(self, hosts: list[str]) -> None:
        for host in hosts:
            self._run("undelay", host, check=False)

    # --- looking inside hosts --------------------------------------------------------------------

    def exec(self, host: str, script: str, timeout: float = 60) -> subprocess.CompletedProcess:
        """Runs a POSIX sh script as root inside the host, without ssh (so it costs the tools nothing)."""
        return self._run("exec", host, "/bin/sh", "-c", script, check=False, timeout=timeout)

    def exec_all(self, hosts: list[str], script: str) -> dict[str, subprocess.CompletedProcess]:
        with ThreadPoolExecutor(max_workers=EXEC_WORKERS) as pool:
            results = pool.map(lambda h: (h, self.exec(h, script)), hosts)
            return dict(results)

    def exec_all_checked(self, hosts: list[str], script: str) -> dict[str, str]:
        results = self.exec_all(hosts, script)
        failed = {h: r for h, r in results.items() if r.returncode != 0}
        if failed:
            host, result = next(iter(failed.items()))
            raise LabError(
                f"{len(failed)} host(s) failed a lab exec, e.g. {host} ({result.returncode}): "
                f"{(result.stderr or result.stdout).strip()[:300]}"
            )
        return {h: r.stdout for h, r in results.items()}
