extension ModuleSpec {
    /// `async_status`: the state of a job started with `async:` (ansible.builtin.async_status).
    public static let asyncStatus = ModuleSpec(
        name: "async_status",
        summary:
            "Reports on a job started with `async:` and `poll: 0`: `finished: 0` while it runs, then the job's own result with `finished: 1`; `mode: cleanup` removes its result file from `~/.ansible_async`.",
        arguments: [
            ArgumentSpec(
                "jid", .string, required: true,
                summary: "The job id, the `ansible_job_id` of the task that started the job."),
            ArgumentSpec(
                "mode", .string, default: "status", choices: ["cleanup", "status"],
                summary: "`status` reports on the job; `cleanup` removes its result file."),
        ])
}
