// The Templating layer.
