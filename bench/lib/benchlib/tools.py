"""The tools under test: how each is started on an inventory, and how its output is read.

Every tool gets the same hosts, the same parallelism (one worker per host), the same connect timeout
and a private HOME, so nothing from the user's own ~/.ssh, ~/.ansible or caches takes part.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .inventories import InventorySet
from .outputs import RunOutput, parse_ansible_style, parse_pyinfra

TOOL_NAMES = ("playbook", "ansible", "mitogen", "pyinfra", "floor")
LABELS = {
    "playbook": "playbook",
    "ansible": "ansible-core",
    "mitogen": "ansible+mitogen",
    "pyinfra": "pyinfra",
    "floor": "raw libssh2 floor",
}
# The floor only probes; it can neither converge a host nor apply a change.
NO_CHANGE_ONLY = {"floor"}


@dataclass(frozen=True)
class Setup:
    """Where things are on this machine, found by bench/run."""

    repo: Path
    venv: Path
    playbook_bin: Path | None
    home: Path  # the private HOME every tool runs with
    connect_timeout: int
    floor_bin: Path | None = None

    @property
    def workloads(self) -> Path:
        return self.repo / "bench" / "workloads"

    def mitogen_strategy_dir(self) -> Path | None:
        found = sorted(self.venv.glob("lib/python3*/site-packages/ansible_mitogen/plugins/strategy"))
        return found[0] if found else None


@dataclass
class Invocation:
    command: list[str]
    env: dict[str, str]
    cwd: Path
    parse: Callable[[str, list[str]], RunOutput]
    after_exit: Callable[[], None] | None = None


def _base_env(setup: Setup) -> dict[str, str]:
    return {
        "PATH": f"{setup.venv / 'bin'}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOME": str(setup.home),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TERM": "dumb",
    }


def _close_ssh_masters(control_dir: Path) -> None:
    """Asks every ControlPersist master Ansible left behind to exit, then drops the directory."""
    for socket in sorted(control_dir.iterdir()) if control_dir.exists() else []:
        subprocess.run(
            ["ssh", "-o", f"ControlPath={socket}", "-O", "exit", "bench-master"],
            capture_output=True,
            timeout=10,
            stdin=subprocess.DEVNULL,
        )
    shutil.rmtree(control_dir, ignore_errors=True)


def _ansible(setup: Setup, inventory: InventorySet, config: str) -> Invocation:
    env = _base_env(setup)
    # A fresh control directory per run: no run may start on a warm connection from the one before.
    control_dir = Path(tempfile.mkdtemp(prefix="cp-", dir=setup.home))
    env.update(
        ANSIBLE_CONFIG=str(setup.workloads / "ansible" / config),
        ANSIBLE_SSH_CONTROL_PATH_DIR=str(control_dir),
        ANSIBLE_TIMEOUT=str(setup.connect_timeout),
        ANSIBLE_NOCOLOR="1",
    )
    if config == "mitogen.cfg":
        strategy = setup.mitogen_strategy_dir()
        if strategy is None:
            raise RuntimeError("ansible_mitogen is not installed in the benchmark's virtual environment")
        env["ANSIBLE_STRATEGY_PLUGINS"] = str(strategy)
    command = [
        str(setup.venv / "bin" / "ansible-playbook"),
        "-i",
        str(inventory.ini),
        "--forks",
        str(len(inventory.hosts)),
        str(setup.workloads / "ansible" / "site.yml"),
    ]
    return Invocation(
        command, env, setup.workloads / "ansible", parse_ansible_style, lambda: _close_ssh_masters(control_dir)
    )


def _playbook(setup: Setup, inventory: InventorySet) -> Invocation:
    if setup.playbook_bin is None:
        raise RuntimeError("no playbook binary")
    command = [
        str(setup.playbook_bin),
        "-i",
        str(inventory.ini),
        "--forks",
        str(len(inventory.hosts)),
        "--timeout",
        str(setup.connect_timeout),
        str(setup.repo / "playbooks" / "site.yml"),
    ]
    return Invocation(command, _base_env(setup), setup.repo / "playbooks", parse_ansible_style)


def _pyinfra(setup: Setup, inventory: InventorySet) -> Invocation:
    workload = setup.workloads / "pyinfra"
    command = [
        str(setup.venv / "bin" / "pyinfra"),
        "-y",
        "--sudo",
        "--parallel",
        str(len(inventory.hosts)),
        "--config",
        str(workload / "config.py"),
        str(inventory.pyinfra),
        str(workload / "deploy.py"),
    ]
    env = _base_env(setup)
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # nothing written next to the deploy in the repository
    return Invocation(command, env, workload, parse_pyinfra)


def _floor(setup: Setup, inventory: InventorySet) -> Invocation:
    access = inventory.access
    if setup.floor_bin is None:
        raise RuntimeError("no floor binary")
    command = [
        str(setup.floor_bin),
        "--user",
        access.user,
        "--key",
        str(access.key_file),
        "--known-hosts",
        str(access.known_hosts),
        "--timeout",
        str(setup.connect_timeout),
        "--probes",
        str(setup.repo / "bench" / "floor" / "probes.sh"),
    ]
    command += [f"{e.name}={e.address}:{e.port}" for e in inventory.endpoints]
    return Invocation(command, _base_env(setup), setup.repo / "bench" / "floor", parse_ansible_style)


def invocation(tool: str, setup: Setup, inventory: InventorySet) -> Invocation:
    if tool == "playbook":
        return _playbook(setup, inventory)
    if tool == "ansible":
        return _ansible(setup, inventory, "ansible.cfg")
    if tool == "mitogen":
        return _ansible(setup, inventory, "mitogen.cfg")
    if tool == "pyinfra":
        return _pyinfra(setup, inventory)
    if tool == "floor":
        return _floor(setup, inventory)
    raise ValueError(f"unknown tool '{tool}' (known: {', '.join(TOOL_NAMES)})")
