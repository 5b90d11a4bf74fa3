"""pyinfra settings for the benchmark (passed with --config).

The connect timeout matches what bench/run gives Ansible and playbook: on a 2-core controller that also
hosts every target, key exchanges for 50 hosts at once can take longer than the 10 s default.
"""

from pyinfra import config

config.CONNECT_TIMEOUT = 30
