# greet: a user module; reports a greeting for `name`.
pb_report() {
    pb_msg "hello $pb_name"
}
pb_main
