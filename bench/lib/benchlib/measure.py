"""Runs one tool process and measures what it costs the controller.

Three views of the same run, because each alone misleads for a tool that forks:
- GNU time (`/usr/bin/time -f '%e %U %S %M'`): %U/%S add up the CPU of every child the process waited
  for, but not of processes that detached (the ssh ControlPersist masters Ansible leaves behind);
  %M is the peak RSS of the single largest process, not of the tree.
- A cpuacct cgroup per run: every process the tool starts, detached or not, lands in it, so its
  usage is the whole CPU bill, including the ssh masters up to the moment they are closed. The total
  (cpuacct.usage) is the scheduler's exact runtime; its user/system split (cpuacct.stat) comes from
  tick sampling and is kept only as information.
- Sampling the cgroup's processes: the peak of the summed RSS of the whole tree every 50 ms, which
  counts pages that forked workers share once per process, and the peak of the summed PSS (shared
  pages split between their users) every 200 ms, which is what the tree really occupies. PSS is read
  less often because smaps_rollup costs the sampler (not the tool) a few ms per process.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup/cpuacct")
SAMPLE_SECONDS = 0.05
PSS_EVERY = 4  # samples


@dataclass
class Measurement:
    wall_s: float  # measured here, around the process
    exit_code: int
    time_elapsed_s: float | None = None  # GNU time's %e
    time_user_s: float | None = None  # %U: the process and its waited-for children
    time_sys_s: float | None = None  # %S
    time_max_rss_kb: int | None = None  # %M: the largest single process
    cgroup_cpu_s: float | None = None  # every process of the run, detached ones included
    cgroup_user_s: float | None = None  # tick-sampled split of the above
    cgroup_sys_s: float | None = None
    tree_peak_rss_kb: int | None = None  # peak of the sum over all processes of the run
    tree_peak_pss_kb: int | None = None  # the same with shared pages split between their users
    tree_peak_processes: int | None = None
    # the target hosts' CPU during the run (their cgroups): what the tool made sshd, PAM, sudo,
    # the shells and the processes they start do; on this machine it shares the controller's cores
    targets_cpu_s: float | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def cpu_s(self) -> float | None:
        """The CPU figure the tables use: the cgroup's when there is one, else GNU time's."""
        if self.cgroup_cpu_s is not None:
            return self.cgroup_cpu_s
        if self.time_user_s is not None and self.time_sys_s is not None:
            return self.time_user_s + self.time_sys_s
        return None

    def to_json(self) -> dict:
        data = asdict(self)
        data["cpu_s"] = self.cpu_s
        return data


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _children_tree(root: int) -> list[int]:
    """The process tree under root, for when no cgroup is available (detached processes escape it)."""
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            continue
    return pids


class _Cgroup:
    def __init__(self):
        self.path = CGROUP_ROOT / "playbook-bench" / uuid.uuid4().hex[:12]
        self.path.mkdir(parents=True)

    def pids(self) -> list[int]:
        try:
            return [int(p) for p in (self.path / "cgroup.procs").read_text().split()]
        except OSError:
            return []

    def usage(self) -> tuple[float, float, float]:
        """(total, user, system) seconds."""
        total = int((self.path / "cpuacct.usage").read_text()) / 1e9
        ticks = dict(line.split() for line in (self.path / "cpuacct.stat").read_text().splitlines())
        hz = os.sysconf("SC_CLK_TCK")
        return total, int(ticks["user"]) / hz, int(ticks["system"]) / hz

    def wait_empty(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while self.pids():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def remove(self) -> None:
        # The shared parent goes with the last run's cgroup; a busy one (a concurrent run) stays.
        for directory in (self.path, self.path.parent):
            try:
                directory.rmdir()
            except OSError:
                return


def _open_cgroup(notes: list[str]) -> _Cgroup | None:
    try:
        return _Cgroup()
    except OSError as error:
        notes.append(f"no cpuacct cgroup ({error}); CPU from GNU time only")
        return None


class _Sampler(threading.Thread):
    def __init__(self, pids_of):
        super().__init__(daemon=True)
        self.pids_of = pids_of
        self.peak_kb = 0
        self.peak_pss_kb = 0
        self.peak_processes = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        tick = 0
        while not self.stopping.is_set():
            pids = self.pids_of()
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(p) for p in pids))
            if tick % PSS_EVERY == 0:
                self.peak_pss_kb = max(self.peak_pss_kb, sum(_pss_kb(p) for p in pids))
            tick += 1
            self.peak_processes = max(self.peak_processes, len(pids))
            self.stopping.wait(SAMPLE_SECONDS)


def run_measured(command: list[str], env: dict, cwd: Path, log: Path, after_exit=None) -> Measurement:
    """Runs command (stdout+stderr to log) and measures it. after_exit() runs once the tool has exited
    but before the CPU is read: it closes what the tool left running (ssh masters) so that their CPU
    counts and they do not linger into the next run."""
    notes: list[str] = []
    cgroup = _open_cgroup(notes)
    time_file = log.with_suffix(".time")
    timed = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", str(time_file), "--", *command]
    if cgroup is not None:
        # The wrapper joins the cgroup before it becomes GNU time, so nothing of the run escapes it.
        timed = ["/bin/sh", "-c", 'echo $$ > "$0" && exec "$@"', str(cgroup.path / "cgroup.procs"), *timed]
    with open(log, "wb") as out:
        start = time.monotonic()
        process = subprocess.Popen(timed, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        sampler = _Sampler(cgroup.pids if cgroup else lambda: _children_tree(process.pid))
        sampler.start()
        exit_code = process.wait()
        wall = time.monotonic() - start
    if after_exit is not None:
        after_exit()
    sampler.stopping.set()
    sampler.join()
    m = Measurement(wall_s=wall, exit_code=exit_code, notes=notes)
    m.tree_peak_rss_kb, m.tree_peak_processes = sampler.peak_kb, sampler.peak_processes
    m.tree_peak_pss_kb = sampler.peak_pss_kb
    _read_gnu_time(time_file, m)
    if cgroup is not None:
        if not cgroup.wait_empty(10):
            m.notes.append(f"processes still running after the tool exited: {cgroup.pids()}")
        m.cgroup_cpu_s, m.cgroup_user_s, m.cgroup_sys_s = cgroup.usage()
        cgroup.remove()
    return m


def _read_gnu_time(path: Path, m: Measurement) -> None:
    try:
        # GNU time writes "Command exited with non-zero status N" before the figures.
        fields = path.read_text().strip().splitlines()[-1].split()
        m.time_elapsed_s, m.time_user_s, m.time_sys_s = (float(x) for x in fields[:3])
        m.time_max_rss_kb = int(fields[3])
    except (OSError, ValueError, IndexError) as error:
        m.notes.append(f"could not read GNU time's figures: {error}")
