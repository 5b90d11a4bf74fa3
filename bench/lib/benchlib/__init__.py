"""The benchmark of playbook against ansible-core, Ansible with Mitogen and pyinfra (see bench/README.md).

Python standard library only: it runs on the machine's own python3, while the tools under test live in
a private virtual environment that bench/run creates.
"""
