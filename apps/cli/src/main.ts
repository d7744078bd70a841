#!/usr/bin/env node
// The kroma CLI entry: filled in by its slice.
export {};
