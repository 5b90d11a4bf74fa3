"""Inventories for one set of hosts, in each tool's own format, all saying the same thing.

Every tool connects as the same user with the same key, verifies host keys against the lab's
known_hosts (strictly: an unknown or changed key is an error), and reaches each host through the same
address and port (its own, or a delay proxy in front of it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .lab import Endpoint

GROUP = "webservers"  # the group playbooks/site.yml targets


@dataclass(frozen=True)
class Access:
    user: str
    key_file: Path
    known_hosts: Path


@dataclass(frozen=True)
class InventorySet:
    ini: Path  # Ansible INI: ansible-playbook (with or without Mitogen) and playbook
    pyinfra: Path  # a pyinfra inventory.py
    hosts: list[str]
    endpoints: list[Endpoint]  # the floor takes its targets on its command line
    access: Access


def _ini_text(endpoints: list[Endpoint], access: Access) -> str:
    lines = [f"[{GROUP}]"]
    for e in endpoints:
        port = f" ansible_port={e.port}" if e.port != 22 else ""
        lines.append(f"{e.name} ansible_host={e.address}{port}")
    ssh_args = (
        f"-o UserKnownHostsFile={access.known_hosts} -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes"
    )
    lines += [
        "",
        f"[{GROUP}:vars]",
        f"ansible_user={access.user}",
        f"ansible_ssh_private_key_file={access.key_file}",
        f"ansible_ssh_common_args={ssh_args}",
        "ansible_python_interpreter=/usr/bin/python3",
        "",
    ]
    return "\n".join(lines)


def _pyinfra_text(endpoints: list[Endpoint], access: Access) -> str:
    common = {
        "ssh_user": access.user,
        "ssh_key": str(access.key_file),
        "ssh_known_hosts_file": str(access.known_hosts),
        "ssh_strict_host_key_checking": "yes",
        # Only the key above: no agent, no ~/.ssh keys tried first.
        "ssh_allow_agent": False,
        "ssh_look_for_keys": False,
    }
    lines = [
        '"""Written by bench/run for one benchmark run; pyinfra reads it as its inventory."""',
        "",
        # A leading underscore: pyinfra takes every other module-level name for a group.
        "_COMMON = " + repr(common),
        "",
        f"{GROUP} = [",
    ]
    for e in endpoints:
        lines.append(f"    ({e.name!r}, {{**_COMMON, 'ssh_hostname': {e.address!r}, 'ssh_port': {e.port}}}),")
    lines += ["]", ""]
    return "\n".join(lines)


def write_inventories(directory: Path, label: str, endpoints: list[Endpoint], access: Access) -> InventorySet:
    directory.mkdir(parents=True, exist_ok=True)
    ini = directory / f"{label}.ini"
    ini.write_text(_ini_text(endpoints, access))
    pyinfra = directory / f"{label}_inventory.py"
    pyinfra.write_text(_pyinfra_text(endpoints, access))
    return InventorySet(ini=ini, pyinfra=pyinfra, hosts=[e.name for e in endpoints], endpoints=endpoints, access=access)
