"""The benchmark workload for pyinfra 3: the play of playbooks/site.yml, written as a pyinfra user would.

Run it as `pyinfra -y --sudo --parallel N inventory.py deploy.py` (bench/run writes the inventory).
Task for task it matches the seed playbook:

  seed (Ansible dialect)                      here
  gather_facts (implicit)                     "Gathering Facts": a python.call that reads OS facts
  apt nginx, update_cache, cache_valid_time   apt.packages(update=True, cache_time=3600)
  file state=directory mode=0755              files.directory(mode="755")
  copy nginx-site.conf, notify restart        files.put(user/group root, mode 644) -> `site_config`
  copy index.html mode 0644                   files.put(mode 644)
  systemd enabled + started                   systemd.service(running=True, enabled=True)
  handler: systemd restarted                  systemd.service(restarted=True, _if=site_config.did_change)

pyinfra has no implicit fact gathering: it reads the facts each operation needs. The seed playbook gathers
facts (Ansible's default), so this deploy reads the operating-system facts a playbook typically uses,
inside an operation so that all hosts do it in parallel, as Ansible's setup task does.

The handler is the last operation, as Ansible runs handlers at the end of the play. `did_change` is only
known once the put has run, so it goes in `_if` (evaluated at execution time); passing it to `restarted=`
directly would hand over a bound method, which is always true.
"""

from pathlib import Path

from pyinfra import host
from pyinfra.facts.server import Arch, Hostname, KernelVersion, LinuxDistribution, Os
from pyinfra.operations import apt, files, python, systemd

# The very files playbooks/site.yml ships, so every tool writes the same bytes.
FILES = Path(__file__).resolve().parents[3] / "playbooks" / "files"
WEB_ROOT = "/var/www/playbook"


def gather_facts() -> None:
    for fact in (Os, LinuxDistribution, Hostname, KernelVersion, Arch):
        host.get_fact(fact)


python.call(name="Gathering Facts", function=gather_facts)

apt.packages(
    name="Install nginx",
    packages=["nginx"],
    present=True,
    update=True,
    cache_time=3600,
)

files.directory(
    name="Ensure the web root exists",
    path=WEB_ROOT,
    present=True,
    mode="755",
)

site_config = files.put(
    name="Install the site configuration",
    src=str(FILES / "nginx-site.conf"),
    dest="/etc/nginx/sites-enabled/playbook.conf",
    user="root",
    group="root",
    mode="644",
)

files.put(
    name="Publish the home page",
    src=str(FILES / "index.html"),
    dest=f"{WEB_ROOT}/index.html",
    mode="644",
)

systemd.service(
    name="Keep nginx running and enabled at boot",
    service="nginx",
    running=True,
    enabled=True,
)

systemd.service(
    name="restart nginx",
    service="nginx",
    running=True,
    restarted=True,
    _if=site_config.did_change,
)
