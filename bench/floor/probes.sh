# The probes of the benchmark workload's no-change run (playbooks/site.yml on converged hosts), for
# bench/floor: the external commands a tool needs to learn that nothing has to change, and nothing else.
# Each `#: step` section is one task, sent to the host's shell as one round trip.
#: step Gathering Facts
ip -4 -o -batch - <<'END'
route show default
addr show
END
date '+%s %Y-%m-%d %H:%M:%S %Z'
. /etc/os-release
read -r machine_id < /etc/machine-id
printf '%s %s %s\n' "$ID" "$VERSION_ID" "$machine_id"
#: step Install nginx
awk '$1 == "Package:" { name = $2 } $1 == "Status:" && name == "nginx" { print $0 }' /var/lib/dpkg/status
stat -c %Y -- /var/lib/apt/periodic/update-success-stamp /var/lib/apt/lists
#: step Ensure the web root exists
stat -c '%f %u %g %s %i %Y %U %G' -- /var/www/playbook
#: step Install the site configuration
stat -c '%f %u %g %s %i %Y %U %G' -- /etc/nginx/sites-enabled/playbook.conf
sha1sum < /etc/nginx/sites-enabled/playbook.conf
#: step Publish the home page
stat -c '%f %u %g %s %i %Y %U %G' -- /var/www/playbook/index.html
sha1sum < /var/www/playbook/index.html
#: step Keep nginx running and enabled at boot
systemctl show --no-pager --property=Id,LoadState,ActiveState,SubState,UnitFileState -- nginx
systemctl is-enabled -- nginx
