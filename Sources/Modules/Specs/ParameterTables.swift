import Values

/// ansible-core 2.18's parameters of the modules that run on the target, read from each
/// module's documented options and checked against what its results list under
/// `invocation.module_args`. Keyed by `playbook`'s ModuleSpec name.
extension ModuleParameterTable {
    public static let tables: [String: ModuleParameterTable] = [
        "command": command(usesShell: false),
        "shell": command(usesShell: true),
        "file": file,
        "stat": ModuleParameterTable(
            [
                "path": nil, "follow": false, "get_checksum": true, "get_mime": true, "get_attributes": true,
                "checksum_algorithm": "sha1",
            ],
            aliases: [
                "path": ["dest", "name"], "checksum_algorithm": ["checksum", "checksum_algo"],
                "get_mime": ["mime", "mime_type", "mime-type"], "get_attributes": ["attr", "attributes"],
            ]),
        "copy": copy,
        "template": copy,
        "lineinfile": ModuleParameterTable(
            [
                "path": nil, "state": "present", "backrefs": false, "create": false, "backup": false,
                "firstmatch": false, "unsafe_writes": false, "regexp": nil, "search_string": nil, "line": nil,
                "insertafter": nil, "insertbefore": nil, "validate": nil,
            ], withFileAttributes: true,
            aliases: ["path": ["dest", "destfile", "name"], "regexp": ["regex"], "line": ["value"]]),
        "blockinfile": ModuleParameterTable(
            [
                "path": nil, "state": "present", "marker": "# {mark} ANSIBLE MANAGED BLOCK", "block": "",
                "create": false, "backup": false, "marker_begin": "BEGIN", "marker_end": "END",
                "append_newline": false, "prepend_newline": false, "unsafe_writes": false, "insertafter": nil,
                "insertbefore": nil, "validate": nil,
            ], withFileAttributes: true,
            aliases: ["path": ["dest", "destfile", "name"], "block": ["content"]]),
        "replace": ModuleParameterTable(
            [
                "path": nil, "regexp": nil, "replace": "", "backup": false, "encoding": "utf-8",
                "unsafe_writes": false, "after": nil, "before": nil, "validate": nil,
            ], withFileAttributes: true,
            aliases: ["path": ["dest", "destfile", "name"]]),
        "apt": apt,
        // ansible-core's package action hands its arguments to apt on Debian, `use` aside.
        "package": ModuleParameterTable(
            apt.parameters, aliases: apt.aliases, unlisted: ["use"], clearedValues: apt.clearedValues),
        "systemd": systemd,
        // On a systemd host ansible-core's service action runs the systemd module, and drops
        // the arguments that module has not.
        "service": ModuleParameterTable(
            systemd.parameters, aliases: systemd.aliases,
            unlisted: ["sleep", "pattern", "arguments", "runlevel", "use"]),
        "user": user,
        "group": ModuleParameterTable([
            "name": nil, "state": "present", "force": false, "system": false, "local": false,
            "non_unique": false, "gid": nil, "gid_min": nil, "gid_max": nil,
        ]),
        "ping": ModuleParameterTable(["data": "pong"]),
        "setup": ModuleParameterTable([
            "gather_subset": ["all"], "gather_timeout": 10, "filter": [], "fact_path": "/etc/ansible/facts.d",
        ]),
        "slurp": ModuleParameterTable(["src": nil], aliases: ["src": ["path"]]),
        "find": find,
        "tempfile": ModuleParameterTable(["state": "file", "prefix": "ansible.", "suffix": "", "path": nil]),
        "getent": ModuleParameterTable([
            "database": nil, "fail_key": true, "key": nil, "service": nil, "split": nil,
        ]),
        "wait_for": ModuleParameterTable([
            "timeout": 300, "host": "127.0.0.1", "connect_timeout": 5, "delay": 0,
            "active_connection_states": ["ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2", "SYN_RECV", "SYN_SENT", "TIME_WAIT"],
            "state": "started", "sleep": 1, "port": nil, "path": nil, "search_regex": nil, "exclude_hosts": nil,
            "msg": nil,
        ]),
        "assemble": ModuleParameterTable(
            [
                "src": nil, "dest": nil, "backup": false, "remote_src": true, "ignore_hidden": false,
                "decrypt": true, "unsafe_writes": false, "delimiter": nil, "regexp": nil, "validate": nil,
            ], withFileAttributes: true),
        "unarchive": ModuleParameterTable(
            [
                "src": nil, "dest": nil, "remote_src": false, "list_files": false, "keep_newer": false,
                "exclude": [], "include": [], "extra_opts": [], "validate_certs": true, "io_buffer_size": 65536,
                "copy": true, "decrypt": true, "unsafe_writes": false, "creates": nil,
            ], withFileAttributes: true),
        "dpkg_selections": ModuleParameterTable(["name": nil, "selection": nil]),
        "known_hosts": ModuleParameterTable(
            ["name": nil, "state": "present", "path": "~/.ssh/known_hosts", "hash_host": false, "key": nil],
            aliases: ["name": ["host"]]),
        "apt_repository": ModuleParameterTable(
            [
                "repo": nil, "state": "present", "mode": nil, "update_cache": true, "update_cache_retries": 5,
                "update_cache_retry_max_delay": 12, "filename": nil, "install_python_apt": true, "validate_certs": true,
                "codename": nil,
            ],
            aliases: ["update_cache": ["update-cache"]]),
        "authorized_key": ModuleParameterTable([
            "user": nil, "key": nil, "path": nil, "manage_dir": true, "state": "present", "key_options": nil,
            "exclusive": false, "comment": nil, "validate_certs": true, "follow": false,
        ]),
        "sysctl": ModuleParameterTable(
            [
                "name": nil, "value": nil, "state": "present", "reload": true, "sysctl_set": false, "ignoreerrors": false,
                "sysctl_file": "/etc/sysctl.conf",
            ],
            aliases: ["name": ["key"], "value": ["val"]]),
        "debconf": ModuleParameterTable(
            ["name": nil, "unseen": false, "question": nil, "vtype": nil, "value": nil],
            aliases: ["name": ["pkg"], "question": ["selection", "setting"], "vtype": ["type"], "value": ["answer"]]),
        "package_facts": ModuleParameterTable(["manager": ["auto"], "strategy": "first"]),
        "service_facts": ModuleParameterTable([:]),
        "cron": ModuleParameterTable(
            [
                "name": nil, "state": "present", "backup": false, "minute": "*", "hour": "*", "day": "*",
                "month": "*", "weekday": "*", "disabled": false, "env": false, "user": nil, "job": nil,
                "cron_file": nil, "special_time": nil, "insertafter": nil, "insertbefore": nil,
            ],
            aliases: ["job": ["value"], "day": ["dom"], "weekday": ["dow"]]),
        "hostname": ModuleParameterTable(["name": nil, "use": nil]),
    ]

    private static func command(usesShell: Bool) -> ModuleParameterTable {
        ModuleParameterTable(
            [
                "_uses_shell": .bool(usesShell), "expand_argument_vars": true, "stdin_add_newline": true,
                "strip_empty_ends": true, "_raw_params": nil, "argv": nil, "chdir": nil, "executable": nil,
                "creates": nil, "removes": nil, "stdin": nil,
            ],
            renamed: ["cmd": "_raw_params"])
    }

    public static let file = ModuleParameterTable(
        [
            "path": nil, "recurse": false, "force": false, "follow": true,
            "modification_time_format": "%Y%m%d%H%M.%S", "access_time_format": "%Y%m%d%H%M.%S",
            "unsafe_writes": false, "state": nil, "_original_basename": nil, "_diff_peek": nil, "src": nil,
            "modification_time": nil, "access_time": nil,
        ], withFileAttributes: true,
        aliases: ["path": ["dest", "name"]])

    /// Also template's: its action renders the text, then runs copy with it.
    public static let copy = ModuleParameterTable(
        [
            "backup": false, "force": true, "follow": false, "unsafe_writes": false, "src": nil,
            "_original_basename": nil, "dest": nil, "checksum": nil, "content": nil, "validate": nil,
            "directory_mode": nil, "remote_src": nil, "local_follow": nil,
        ], withFileAttributes: true,
        aliases: ["force": ["thirsty"]],
        noLog: ["content"],
        unlisted: ["trim_blocks", "lstrip_blocks", "newline_sequence"])

    static let apt = ModuleParameterTable(
        [
            "state": "present", "update_cache_retries": 5, "update_cache_retry_max_delay": 12, "cache_valid_time": 0,
            "purge": false, "force": false, "upgrade": "no", "dpkg_options": "force-confdef,force-confold", "autoremove": false,
            "autoclean": false, "fail_on_autoremove": false, "only_upgrade": false, "force_apt_get": false,
            "clean": false, "allow_unauthenticated": false, "allow_downgrade": false,
            "allow_change_held_packages": false, "lock_timeout": 60, "package": nil,
            "update_cache": nil, "deb": nil, "default_release": nil, "install_recommends": nil, "policy_rc_d": nil,
        ],
        aliases: [
            "package": ["name", "pkg"], "update_cache": ["update-cache"], "default_release": ["default-release"],
            "install_recommends": ["install-recommends"], "allow_unauthenticated": ["allow-unauthenticated"],
            "allow_downgrade": ["allow-downgrade", "allow_downgrades", "allow-downgrades"],
        ],
        clearedValues: ["upgrade": "no"])

    static let systemd = ModuleParameterTable(
        [
            "daemon_reload": false, "daemon_reexec": false, "scope": "system", "no_block": false, "name": nil,
            "state": nil, "enabled": nil, "force": nil, "masked": nil,
        ],
        aliases: ["name": ["service", "unit"], "daemon_reload": ["daemon-reload"], "daemon_reexec": ["daemon-reexec"]])

    static let user = ModuleParameterTable(
        [
            "name": nil, "state": "present", "non_unique": false, "force": false, "remove": false,
            "create_home": true, "system": false, "move_home": false, "append": false, "ssh_key_bits": 0,
            "ssh_key_type": "rsa", "ssh_key_comment": "ansible-generated on ", "update_password": "always",
            "uid": nil, "group": nil, "groups": nil, "comment": nil, "home": nil, "shell": nil, "password": nil,
            "login_class": nil, "password_expire_max": nil, "password_expire_min": nil, "password_expire_warn": nil,
            "hidden": nil, "seuser": nil, "skeleton": nil, "generate_ssh_key": nil, "ssh_key_file": nil,
            "ssh_key_passphrase": nil, "expires": nil, "password_lock": nil, "local": nil, "profile": nil,
            "authorization": nil, "role": nil, "umask": nil, "password_expire_account_disable": nil,
            "uid_min": nil, "uid_max": nil,
        ],
        aliases: ["name": ["user"], "create_home": ["createhome"]],
        noLog: ["password", "ssh_key_passphrase"],
        hostNamed: ["ssh_key_comment"])

    static let find = ModuleParameterTable(
        [
            "paths": nil, "patterns": ["*"], "read_whole_file": false, "file_type": "file", "age_stamp": "mtime",
            "recurse": false, "hidden": false, "follow": false, "get_checksum": false, "use_regex": false,
            "exact_mode": true, "excludes": nil, "contains": nil, "age": nil, "size": nil, "depth": nil,
            "mode": nil, "encoding": nil, "limit": nil,
        ],
        aliases: ["paths": ["name", "path"], "patterns": ["pattern"], "excludes": ["exclude"]])
}
