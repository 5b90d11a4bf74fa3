"""Turns the run records into the published tables (Markdown) and the raw data (JSON).

Only runs that passed every check (exit code, no failed or unreachable host, final state equal to the
reference, restart behaviour as the scenario demands) enter the medians; the tables say how many did.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

from .scenarios import SCENARIOS, RunRecord
from .tools import LABELS

BASELINE = "playbook"
FLOOR = "floor"  # bench/floor: a bound, not a competitor


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _groups(records: list[RunRecord]) -> list[tuple[str, int]]:
    seen: list[tuple[str, int]] = []
    for r in records:
        if (r.scenario, r.hosts) not in seen:
            seen.append((r.scenario, r.hosts))
    return seen


def _good(records: list[RunRecord], scenario: str, hosts: int, tool: str) -> tuple[list[RunRecord], int]:
    runs = [r for r in records if (r.scenario, r.hosts, r.tool) == (scenario, hosts, tool)]
    return [r for r in runs if r.ok], len(runs)


def _title(scenario: str, delay_ms: float) -> str:
    return f"({scenario}) " + SCENARIOS[scenario].format(delay=f"{delay_ms:g}")


def wall_table(records: list[RunRecord], tools: list[str], delay_ms: float) -> list[str]:
    lines = [
        "| scenario | hosts | " + " | ".join(LABELS[t] for t in tools) + " |",
        "|---|---:|" + "---:|" * len(tools),
    ]
    for scenario, hosts in _groups(records):
        base_good, _ = _good(records, scenario, hosts, BASELINE)
        base = _median([r.measurement.wall_s for r in base_good])
        cells = []
        for tool in tools:
            good, total = _good(records, scenario, hosts, tool)
            wall = _median([r.measurement.wall_s for r in good])
            if wall is None:
                cells.append(f"failed (0/{total})" if total else "—")
                continue
            cell = f"{wall:.2f} s"
            if base and tool != BASELINE:
                cell += f" ({wall / base:.1f}×)"
            if len(good) < total:
                cell += f" [{len(good)}/{total} ok]"
            cells.append(cell)
        lines.append(f"| {_title(scenario, delay_ms)} | {hosts} | " + " | ".join(cells) + " |")
    return lines


def cost_table(records: list[RunRecord], tools: list[str], delay_ms: float) -> list[str]:
    lines = [
        "| scenario | hosts | tool | CPU s, all processes | CPU s, GNU time %U+%S | "
        "peak RSS, largest process (%M) | peak RSS, whole tree | peak PSS, whole tree | processes (max) | "
        "targets' CPU s |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for scenario, hosts in _groups(records):
        base_good, _ = _good(records, scenario, hosts, BASELINE)
        base_cpu = _median([r.measurement.cpu_s for r in base_good if r.measurement.cpu_s is not None])
        base_targets = _median([r.measurement.targets_cpu_s for r in base_good if r.measurement.targets_cpu_s is not None])
        for tool in tools:
            good, _total = _good(records, scenario, hosts, tool)
            if not good:
                continue
            ms = [r.measurement for r in good]
            cpu = _median([m.cpu_s for m in ms if m.cpu_s is not None])
            gnu = _median([m.time_user_s + m.time_sys_s for m in ms if m.time_user_s is not None and m.time_sys_s is not None])
            largest = _median([m.time_max_rss_kb / 1024 for m in ms if m.time_max_rss_kb])
            tree = _median([m.tree_peak_rss_kb / 1024 for m in ms if m.tree_peak_rss_kb])
            pss = _median([m.tree_peak_pss_kb / 1024 for m in ms if m.tree_peak_pss_kb])
            procs = max((m.tree_peak_processes or 0) for m in ms)
            ratio = f" ({cpu / base_cpu:.0f}×)" if cpu and base_cpu and tool not in (BASELINE, FLOOR) else ""
            targets = _median([m.targets_cpu_s for m in ms if m.targets_cpu_s is not None])
            targets_ratio = (
                f" ({targets / base_targets:.2f}×)" if targets and base_targets and tool != BASELINE else "")
            lines.append(
                f"| {_title(scenario, delay_ms)} | {hosts} | {LABELS[tool]} | "
                f"{_fmt(cpu, '.2f')}{ratio} | {_fmt(gnu, '.2f')} | {_fmt(largest, '.0f', ' MB')} | "
                f"{_fmt(tree, '.0f', ' MB')} | {_fmt(pss, '.0f', ' MB')} | {procs} | "
                f"{_fmt(targets, '.2f')}{targets_ratio} |"
            )
    return lines


def executions_table(records: list[RunRecord], tools: list[str], delay_ms: float) -> list[str]:
    lines = [
        "| scenario | hosts | " + " | ".join(LABELS[t] for t in tools) + " |",
        "|---|---:|" + "---|" * len(tools),
    ]
    for scenario, hosts in _groups(records):
        cells = []
        for tool in tools:
            good, _ = _good(records, scenario, hosts, tool)
            if not good:
                cells.append("—")
                continue
            executed = sorted({x for g in good for x in g.executions_per_host})
            changed = sorted({x for g in good for x in g.changed_per_host})
            cells.append(f"{_span(executed)} run, {_span(changed)} changed")
        lines.append(f"| {_title(scenario, delay_ms)} | {hosts} | " + " | ".join(cells) + " |")
    return lines


def floor_table(records: list[RunRecord], tools: list[str], delay_ms: float) -> list[str]:
    """How far each tool is from the floor, and the best ratio to playbook any tool could show here."""
    others = [t for t in tools if t not in (BASELINE, FLOOR)]
    header = ["scenario", "hosts", "floor", "playbook ÷ floor"]
    header += [f"{LABELS[t]} ÷ floor (the most any tool could beat it by)" for t in others]
    lines = ["| " + " | ".join(header) + " |", "|---|---:|---:|---:|" + "---:|" * len(others)]
    rows = 0
    for scenario, hosts in _groups(records):
        floor = _median([r.measurement.wall_s for r in _good(records, scenario, hosts, FLOOR)[0]])
        if not floor:
            continue
        cells = [f"{floor:.2f} s"]
        for tool in [BASELINE, *others]:
            wall = _median([r.measurement.wall_s for r in _good(records, scenario, hosts, tool)[0]])
            cells.append("—" if wall is None else f"{wall / floor:.2f}×")
        lines.append(f"| {_title(scenario, delay_ms)} | {hosts} | " + " | ".join(cells) + " |")
        rows += 1
    return lines if rows else []


def problems_list(records: list[RunRecord]) -> list[str]:
    lines = []
    for r in records:
        if not r.ok:
            lines.append(f"- {r.scenario} / {r.hosts} hosts / round {r.round} / {r.tool}: " + "; ".join(r.problems[:4]))
    return lines or ["- none: every run exited 0, reached every host and left the reference state."]


def _span(values: list[int]) -> str:
    if not values:
        return "?"
    return str(values[0]) if values[0] == values[-1] else f"{values[0]}–{values[-1]}"


def _fmt(value: float | None, spec: str, unit: str = "") -> str:
    return "—" if value is None else f"{value:{spec}}{unit}"


def render_markdown(meta: dict, records: list[RunRecord], tools: list[str], delay_ms: float) -> str:
    good = sum(r.ok for r in records)
    out = [
        "# playbook benchmark results",
        "",
        f"- date: {meta['date']}; commit {meta['commit']}; command: `{meta['command']}`",
        f"- machine: {meta['machine']}; load average before/after: {meta['load_before']} / {meta['load_after']}",
        f"- versions: " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items()),
        f"- hosts: {meta['host_range']} as `{meta['user']}` with sudo; rounds: {meta['rounds']}; "
        f"tools interleaved in the order {', '.join(LABELS[t] for t in tools)}",
        f"- runs: {good} of {len(records)} passed every check (only those enter the medians)",
    ]
    for note in meta.get("notes", []):
        out.append(f"- note: {note}")
    out += ["", "## Wall time (median; ratio to playbook)", "", *wall_table(records, tools, delay_ms)]
    out += [
        "",
        "## (e) Controller cost per run (median)",
        "",
        "CPU of all processes is the run's cpuacct cgroup (exact runtime of every process the run started, "
        "detached ssh masters included); GNU time's %U+%S counts only waited-for children; %M is the "
        "largest single process; the whole-tree peaks sum all the run's processes (RSS every 50 ms, "
        "counting shared pages once per process; PSS every 200 ms, shared pages split). The targets' "
        "CPU is what the run cost the hosts themselves (their cgroups: sshd, PAM, sudo, shells, the "
        "processes a tool starts and systemd's share), with its ratio to playbook's; on this machine "
        "it runs on the controller's 2 cores too.",
        "",
        *cost_table(records, tools, delay_ms),
    ]
    floor = floor_table(records, tools, delay_ms)
    if floor:
        out += [
            "",
            "## The floor: the same probes on raw libssh2 (bench/floor)",
            "",
            "One connection, one `sudo sh` and one round trip per task per host, no module logic: what is "
            "left is sshd's, PAM's, sudo's, the probes' and the wire's time, on the same hosts, interleaved. "
            "A tool's time divided by the floor's says how much of its run is its own; another tool's "
            "divided by the floor's is the largest ratio to it that any tool could reach on this machine.",
            "",
            *floor,
        ]
    out += [
        "",
        "## Module executions per host (results each tool reported per host: ran / changed)",
        "",
        *executions_table(records, tools, delay_ms),
    ]
    out += ["", "## Runs that failed a check", "", *problems_list(records), ""]
    return "\n".join(out)


def write_results(directory: Path, meta: dict, records: list[RunRecord], tools: list[str], delay_ms: float) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    markdown = render_markdown(meta, records, tools, delay_ms)
    (directory / "latest.md").write_text(markdown)
    data = {"meta": meta, "runs": [r.to_json() for r in records]}
    (directory / "latest.json").write_text(json.dumps(data, indent=2) + "\n")
    return directory / "latest.md"
