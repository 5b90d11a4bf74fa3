# ping: the host runs programs and can answer. `data: crash` fails on purpose (for testing
# error handling, as in Ansible).
pb_report() {
    if [ "$pb_data" = crash ]; then
        pb_fail "boom: the ping module was asked to crash"
    fi
    pb_add_str ping "$pb_data"
}
pb_main
