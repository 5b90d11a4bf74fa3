"""The benchmark driver. bench/run prepares the machine (build, venv, lab) and then starts this."""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
from pathlib import Path

from .inventories import Access
from .lab import Lab, LabError
from .report import write_results
from .scenarios import SCENARIOS, Runner
from .tools import LABELS, TOOL_NAMES, Setup


def _csv(kind, allowed=None):
    def parse(text: str) -> list:
        items = [kind(x) for x in text.split(",") if x.strip()]
        if allowed is not None:
            bad = [x for x in items if x not in allowed]
            if bad:
                raise argparse.ArgumentTypeError(f"unknown: {', '.join(map(str, bad))} (known: {', '.join(allowed)})")
        if not items:
            raise argparse.ArgumentTypeError("empty list")
        return items

    return parse


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench/run", description="playbook vs Ansible vs pyinfra on the same lab hosts")
    p.add_argument("--hosts", type=_csv(int), default=[10, 50], help="host counts (default 10,50)")
    p.add_argument("--rounds", type=int, default=3, help="interleaved rounds per scenario (default 3)")
    p.add_argument("--only", type=_csv(str, list(SCENARIOS) + ["e"]), default=["a", "b", "c", "d", "e"])
    p.add_argument("--tools", type=_csv(str, list(TOOL_NAMES)), default=list(TOOL_NAMES))
    p.add_argument("--first-host", type=int, default=1, help="hosts are h<first>.. (51 while others use h1-h50)")
    p.add_argument("--user", default="deploy", help="remote user; tasks run through sudo as in the seed playbook")
    p.add_argument("--delay-ms", type=float, default=20, help="round-trip latency for scenario d")
    p.add_argument("--delay-hosts", type=int, default=10, help="host count for scenario d")
    p.add_argument("--connect-timeout", type=int, default=30)
    p.add_argument("--repo", type=Path, required=True)
    p.add_argument("--venv", type=Path, required=True)
    p.add_argument("--playbook-bin", type=Path)
    p.add_argument("--floor-bin", type=Path, help="bench/floor, compiled")
    p.add_argument("--work", type=Path, required=True, help="scratch directory for logs and inventories")
    p.add_argument("--results", type=Path, required=True)
    p.add_argument("--command", default="bench/run", help="the command line to print with the results")
    p.add_argument("--note", action="append", default=[], help="a line for the results' header (repeatable)")
    args = p.parse_args(argv)
    if args.rounds < 1 or args.first_host < 1 or any(n < 1 for n in args.hosts):
        p.error("--rounds, --first-host and --hosts must be positive")
    return args


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _versions(args, tools: list[str]) -> dict:
    def pip_version(package: str) -> str:
        out = subprocess.run([str(args.venv / "bin" / "python"), "-m", "pip", "show", package], capture_output=True, text=True)
        for line in out.stdout.splitlines():
            if line.startswith("Version:"):
                return line.split()[1]
        return "not installed"

    versions = {}
    if "playbook" in tools and args.playbook_bin:
        out = subprocess.run([str(args.playbook_bin), "--version"], capture_output=True, text=True)
        versions["playbook"] = (out.stdout.strip() or out.stderr.strip() or "?").splitlines()[0]
    for package in ("ansible-core", "mitogen", "pyinfra", "paramiko"):
        versions[package] = pip_version(package)
    versions["python"] = platform.python_version()
    versions["OpenSSH"] = subprocess.run(["ssh", "-V"], capture_output=True, text=True).stderr.strip()
    return versions


def _metadata(args, tools: list[str]) -> dict:
    commit = subprocess.run(["git", "-C", str(args.repo), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit.stdout.strip() or "?",
        "command": args.command,
        "machine": f"{os.cpu_count()} CPUs, {platform.machine()}, Linux {platform.release()}",
        "load_before": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "versions": _versions(args, tools),
        "user": args.user,
        "rounds": args.rounds,
        "notes": list(args.note),
    }


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    scenarios = [s for s in "abcd" if s in args.only]
    if not scenarios:  # e alone: the controller cost is measured on the no-change run
        scenarios = ["b"]
    tools = list(args.tools)
    lab = Lab(args.repo, args.first_host, _say)
    home = args.work / "home"
    home.mkdir(parents=True, exist_ok=True)
    setup = Setup(args.repo, args.venv, args.playbook_bin, home, args.connect_timeout, args.floor_bin)
    access = Access(args.user, lab.key_file, lab.known_hosts)
    runner = Runner(lab, setup, access, tools, args.work, args.delay_ms, _say)
    meta = _metadata(args, tools)
    biggest = max(args.hosts + ([args.delay_hosts] if "d" in scenarios else []))
    meta["host_range"] = f"h{args.first_host}..h{args.first_host + biggest - 1}"
    _say(f"bench: tools {', '.join(LABELS[t] for t in tools)}; scenarios {' '.join(scenarios)}; hosts {args.hosts}")
    try:
        lab.up(biggest)
        for n in args.hosts:
            for scenario in scenarios:
                if scenario != "d":
                    runner.run(scenario, n, args.rounds)
        if "d" in scenarios:
            runner.run("d", args.delay_hosts, args.rounds)
    except (LabError, RuntimeError) as error:
        _say(f"bench: error: {error}")
        meta["notes"].append(f"stopped early: {error}")
    except KeyboardInterrupt:
        meta["notes"].append("interrupted")
    meta["load_after"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    path = write_results(args.results, meta, runner.records, tools, args.delay_ms)
    print(path.read_text())
    _say(f"bench: results in {path} and {path.with_suffix('.json')}; logs in {args.work / 'logs'}")
    return 0 if runner.records and all(r.ok for r in runner.records) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
