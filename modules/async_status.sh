# async_status: reads, or with mode=cleanup removes, the result file of a job started with
# `async:`. Job files live in ~/.ansible_async of the user the task runs as (the become user
# when becoming), where Ansible keeps its own. The controller turns the file into the job's
# result, so this program only finds, reads or erases it.

pb_probe() {
    case $pb_jid in
    '' | */* | . | ..) pb_fail "invalid job id: $pb_jid" ;;
    esac
    pb__home=$(getent passwd "$(id -u)" 2>/dev/null | cut -d: -f6)
    if [ -z "$pb__home" ]; then pb__home=${HOME:-/}; fi
    pb__file="${pb__home%/}/.ansible_async/$pb_jid"
    pb_add_str ansible_job_id "$pb_jid"
    pb_add_str results_file "$pb__file"
    if [ ! -f "$pb__file" ]; then
        pb_add_bool found 0
        return
    fi
    pb_add_bool found 1
    pb__task="${pb__home%/}/.ansible_async/.$pb_jid.task"
    if [ "$pb_mode" = cleanup ]; then
        rm -f -- "$pb__file" "$pb__task" || pb_fail "cannot remove $pb__file"
        pb_add_str erased "$pb__file"
        return
    fi
    pb_add_file record "$pb__file"
    # The module and arguments of a job a run started without waiting (its controller side
    # shapes the result when another run asks).
    if [ -f "$pb__task" ]; then pb_add_file task "$pb__task"; fi
}

pb_main
