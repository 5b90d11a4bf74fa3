"""The scenarios: how hosts are prepared before each timed run, and what a correct run looks like.

Tools run interleaved (A B C A B C ...) so that a slow minute on the shared machine hurts every tool
alike. After every run the hosts' final state is read from inside them and compared with the reference
(the first good run, normally playbook's); a run that leaves a different state does not count as a
result, whatever its time.

  a  converge on fresh hosts: every run starts on hosts restarted from the bare image
  b  no-change run: hosts already converged (each tool converges them once, untimed, first)
  c  one task changes: the site configuration is edited on every host before the run, so the copy
     changes it back and the handler restarts nginx
  d  the no-change run of b at 10 hosts, each reached through a proxy adding round-trip latency

The floor (bench/floor) takes part in b and d only: it runs the probes of a no-change run and nothing
else, so it can neither converge hosts nor restore a changed file.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path

from . import hoststate
from .hoststate import HostState
from .inventories import Access, InventorySet, write_inventories
from .lab import Lab
from .measure import Measurement, run_measured
from .tools import NO_CHANGE_ONLY, Setup, invocation

SCENARIOS = {
    "a": "converge, fresh hosts",
    "b": "no-change run",
    "c": "one task changes (config + handler)",
    "d": "no-change run, {delay} ms RTT",
}


@dataclass
class RunRecord:
    scenario: str
    hosts: int
    round: int
    tool: str
    log: str
    measurement: Measurement | None = None
    executions_per_host: list[int] = field(default_factory=list)
    changed_per_host: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    state_key: str | None = None

    @property
    def ok(self) -> bool:
        return self.measurement is not None and self.measurement.exit_code == 0 and not self.problems

    def to_json(self) -> dict:
        return {
            "scenario": self.scenario,
            "hosts": self.hosts,
            "round": self.round,
            "tool": self.tool,
            "ok": self.ok,
            "log": self.log,
            "measurement": self.measurement.to_json() if self.measurement else None,
            "executions_per_host": _summary(self.executions_per_host),
            "changed_per_host": _summary(self.changed_per_host),
            "problems": self.problems,
            "state_key": self.state_key,
        }


def _span(values: list[int]) -> str:
    if not values:
        return "?"
    low, high = min(values), max(values)
    return str(low) if low == high else f"{low}-{high}"


def _summary(values: list[int]) -> dict | None:
    if not values:
        return None
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


class Runner:
    def __init__(self, lab: Lab, setup: Setup, access: Access, tools: list[str], work: Path, delay_ms: float, say):
        self.lab, self.setup, self.access, self.tools = lab, setup, access, tools
        self.work, self.delay_ms, self.say = work, delay_ms, say
        self.reference: HostState | None = None
        self.records: list[RunRecord] = []

    # --- one timed run ---------------------------------------------------------------------------

    def _run_tool(self, tool: str, inventory: InventorySet, label: str) -> tuple[Measurement | None, list[int], list[int], list[str], Path]:
        log = self.work / "logs" / f"{label}-{tool}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        try:
            call = invocation(tool, self.setup, inventory)
        except RuntimeError as error:
            return None, [], [], [str(error)], log
        before = self.lab.cpu_seconds(inventory.hosts)
        m = run_measured(call.command, call.env, call.cwd, log, call.after_exit)
        after = self.lab.cpu_seconds(inventory.hosts)
        if before is not None and after is not None:
            m.targets_cpu_s = after - before
        output = call.parse(log.read_text(errors="replace"), inventory.hosts)
        problems = list(output.problems)
        if m.exit_code != 0:
            problems.insert(0, f"exit code {m.exit_code} (see {log})")
        for host, counts in output.hosts.items():
            if counts.failed or counts.unreachable:
                problems.append(f"{host}: failed={counts.failed} unreachable={counts.unreachable}")
        return m, output.executions_per_host(), output.changed_per_host(), problems, log

    def _check_state(self, record: RunRecord, states: dict[str, HostState]) -> None:
        record.problems += hoststate.uniform(states)
        if self.reference is None:
            if record.ok:
                self.reference = next(iter(states.values()))
                self.say(f"    reference state from {record.tool}: " + "; ".join(self.reference.describe()))
            return
        expected = {h: self.reference for h in states}
        record.problems += hoststate.compare(expected, states)
        if record.ok:
            record.state_key = self.reference.key

    def _timed(self, scenario: str, inventory: InventorySet, rnd: int, tool: str, expect_restart: bool | None,
               expect_unchanged: bool) -> RunRecord:
        n = len(inventory.hosts)
        label = f"{scenario}-{n}-r{rnd}"
        before = hoststate.read_states(self.lab, inventory.hosts) if expect_restart is not None else None
        m, executions, changed, problems, log = self._run_tool(tool, inventory, label)
        record = RunRecord(scenario, n, rnd, tool, str(log), m, executions, changed, problems)
        if m is not None:
            after = hoststate.read_states(self.lab, inventory.hosts)
            self._check_state(record, after)
            if before is not None:
                restarted = hoststate.restarted(before, after)
                wrong = sorted(h for h, r in restarted.items() if r != expect_restart)
                if wrong:
                    what = "not restarted" if expect_restart else "restarted although nothing changed"
                    record.problems.append(f"nginx {what} on {len(wrong)} host(s): {', '.join(wrong[:5])}")
            if expect_unchanged and any(changed):
                record.problems.append(f"reported changes in a no-change run: {changed}")
        self.records.append(record)
        self._report(record)
        return record

    def _report(self, r: RunRecord) -> None:
        if r.measurement is None:
            self.say(f"    {r.tool:9} not run: {'; '.join(r.problems)}")
            return
        m = r.measurement
        cpu = f"{m.cpu_s:.2f}" if m.cpu_s is not None else "?"
        status = "state ok" if r.ok else "PROBLEM: " + "; ".join(r.problems[:3])
        ran, changed = _span(r.executions_per_host), _span(r.changed_per_host)
        self.say(
            f"    {r.tool:9} {m.wall_s:7.2f} s wall  {cpu:>6} s CPU  "
            f"{(m.tree_peak_pss_kb or 0) / 1024:5.0f} MB tree PSS  "
            f"per host {ran} run, {changed} changed  {status}"
        )

    # --- preparation -----------------------------------------------------------------------------

    def inventory(self, n: int, delayed: bool = False) -> InventorySet:
        hosts = self.lab.hosts(n)
        if delayed:
            endpoints = self.lab.delayed_endpoints(hosts, self.delay_ms)
            label = f"hosts{n}-delay{self.delay_ms:g}"
        else:
            endpoints = self.lab.endpoints(hosts)
            label = f"hosts{n}"
        return write_inventories(self.work / "inventories", label, endpoints, self.access)

    def _fresh(self, inventory: InventorySet) -> None:
        n = len(inventory.hosts)
        self.lab.restart_fresh(inventory.hosts, n)
        stale = hoststate.check_fresh(self.lab, inventory.hosts)
        if stale:
            raise RuntimeError(f"hosts still carry the workload after a restart: {', '.join(stale)}")

    def _converge_with_every_tool(self, inventory: InventorySet, label: str) -> None:
        """Untimed: each tool converges once, so each finds its own markers (pyinfra's apt stamp) too."""
        for tool in self.tools:
            if tool in NO_CHANGE_ONLY:
                continue
            m, _, _, problems, log = self._run_tool(tool, inventory, f"{label}-warmup")
            if m is None or m.exit_code != 0:
                self.say(f"    warm-up with {tool} failed: {'; '.join(problems[:2])} (see {log})")

    # --- scenarios -------------------------------------------------------------------------------

    def run(self, scenario: str, n: int, rounds: int) -> None:
        title = SCENARIOS[scenario].format(delay=f"{self.delay_ms:g}")
        self.say(f"== scenario {scenario} ({title}), {n} hosts, {rounds} round(s): {' '.join(self.tools)}")
        if scenario == "d":
            self._run_delayed(n, rounds)
            return
        inventory = self.inventory(n)
        if scenario in ("b", "c"):
            self._converge_with_every_tool(inventory, f"{scenario}-{n}")
        for rnd in range(1, rounds + 1):
            self.say(f"  round {rnd}")
            for tool in self.tools:
                if tool in NO_CHANGE_ONLY and scenario != "b":
                    continue
                if scenario == "a":
                    self._fresh(inventory)
                    self._timed("a", inventory, rnd, tool, expect_restart=None, expect_unchanged=False)
                elif scenario == "b":
                    self._timed("b", inventory, rnd, tool, expect_restart=False, expect_unchanged=True)
                else:
                    hoststate.drift_site_config(self.lab, inventory.hosts)
                    self._timed("c", inventory, rnd, tool, expect_restart=True, expect_unchanged=False)

    def _run_delayed(self, n: int, rounds: int) -> None:
        self._converge_with_every_tool(self.inventory(n), f"d-{n}")
        hosts = self.lab.hosts(n)
        try:
            inventory = self.inventory(n, delayed=True)
            for rnd in range(1, rounds + 1):
                self.say(f"  round {rnd}")
                for tool in self.tools:
                    self._timed("d", inventory, rnd, tool, expect_restart=False, expect_unchanged=True)
        finally:
            self.lab.undelay(hosts)
