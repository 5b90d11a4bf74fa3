#!/bin/sh
# Shared helpers for module programs (placeholder until the module protocol lands).
:
