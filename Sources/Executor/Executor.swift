// The Executor layer.
