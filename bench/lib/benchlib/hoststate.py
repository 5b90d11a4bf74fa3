"""What a run left on the hosts, read from inside them (not over ssh), to check that every tool did
the same work: no tool may win by doing less.

Compared across tools: the installed packages (name, version, status), the site configuration, web
root and home page (type, owner:group, mode, content), and nginx (active, enabled, listening on 8080).
Not compared but checked per scenario: whether nginx was restarted during the run (its main process
start time), since the handler must fire when, and only when, the configuration changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .lab import Lab

PATHS = ("/etc/nginx/sites-enabled/playbook.conf", "/var/www/playbook", "/var/www/playbook/index.html")
SITE_CONFIG = PATHS[0]

_PROBE = r"""
dpkg-query -W -f='pkg ${Package} ${Version} ${db:Status-Abbrev}\n' | sort
for f in %(paths)s; do
  if [ -f "$f" ]; then
    echo "path $(stat -c '%%n %%F %%U:%%G %%a' "$f") $(sha256sum <"$f" | cut -c1-16)"
  elif [ -e "$f" ]; then
    echo "path $(stat -c '%%n %%F %%U:%%G %%a' "$f")"
  else
    echo "path $f absent"
  fi
done
echo "nginx-active $(systemctl is-active nginx 2>/dev/null)"
echo "nginx-enabled $(systemctl is-enabled nginx 2>/dev/null)"
echo "listening-8080 $(ss -Hltn 'sport = :8080' 2>/dev/null | wc -l)"
echo "nginx-started $(systemctl show -p ExecMainStartTimestampMonotonic --value nginx 2>/dev/null)"
""" % {"paths": " ".join(PATHS)}

# A fresh host: nothing of the workload is there yet.
_FRESH_CHECK = "! dpkg-query -W nginx >/dev/null 2>&1 && [ ! -e /var/www/playbook ]"

# The change scenario's edit: the deployed configuration drifts, as if someone edited it by hand.
_DRIFT = f"printf '# edited by hand\\n' >>{SITE_CONFIG}"


@dataclass(frozen=True)
class HostState:
    packages: tuple[str, ...]
    facts: tuple[str, ...]  # paths and nginx lines
    nginx_started: str  # start time of nginx's main process; not part of the compared state

    @property
    def key(self) -> str:
        """A short digest of the compared state."""
        text = "\n".join(self.packages + self.facts)
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    def describe(self) -> list[str]:
        return [f"{len(self.packages)} packages ({self.package_digest})", *self.facts]

    @property
    def package_digest(self) -> str:
        return hashlib.sha256("\n".join(self.packages).encode()).hexdigest()[:12]


def _parse(text: str) -> HostState:
    packages, facts, started = [], [], ""
    for line in text.splitlines():
        kind, _, rest = line.partition(" ")
        if kind == "pkg":
            packages.append(rest)
        elif kind == "nginx-started":
            started = rest.strip()
        elif kind:
            facts.append(line.strip())
    return HostState(tuple(packages), tuple(facts), started)


def read_states(lab: Lab, hosts: list[str]) -> dict[str, HostState]:
    return {h: _parse(out) for h, out in lab.exec_all_checked(hosts, _PROBE).items()}


def check_fresh(lab: Lab, hosts: list[str]) -> list[str]:
    """The hosts that are NOT fresh (after a restart every host must be back to the bare image)."""
    results = lab.exec_all(hosts, _FRESH_CHECK)
    return sorted(h for h, r in results.items() if r.returncode != 0)


def drift_site_config(lab: Lab, hosts: list[str]) -> None:
    lab.exec_all_checked(hosts, _DRIFT)


def compare(reference: dict[str, HostState], states: dict[str, HostState]) -> list[str]:
    """Differences between a run's final states and the reference run's, host by host; [] when equal."""
    problems = []
    for host, state in states.items():
        ref = reference.get(host)
        if ref is None:
            problems.append(f"{host}: no reference state")
        elif state.key != ref.key:
            problems.append(f"{host}: {_difference(ref, state)}")
    return problems


def uniform(states: dict[str, HostState]) -> list[str]:
    """Hosts whose state differs from the first host's (all hosts run the same workload)."""
    if not states:
        return []
    first_host, first = next(iter(states.items()))
    return [f"{h} differs from {first_host}: {_difference(first, s)}" for h, s in states.items() if s.key != first.key]


def _difference(expected: HostState, actual: HostState) -> str:
    parts = []
    if expected.packages != actual.packages:
        missing = sorted(set(expected.packages) - set(actual.packages))
        extra = sorted(set(actual.packages) - set(expected.packages))
        parts.append(f"packages missing {missing[:5]} extra {extra[:5]}")
    for want, have in zip(expected.facts, actual.facts):
        if want != have:
            parts.append(f"expected '{want}', found '{have}'")
    if len(expected.facts) != len(actual.facts):
        parts.append(f"{len(expected.facts)} facts expected, {len(actual.facts)} found")
    return "; ".join(parts) or "differs"


def restarted(before: dict[str, HostState], after: dict[str, HostState]) -> dict[str, bool]:
    return {h: after[h].nginx_started != before[h].nginx_started for h in after if h in before}
