"""What `slac build` owns in its output directory, and how it changes it safely.

- `manifest`: `.slac-manifest.json`, the files the last builds wrote, each with its source and
  the SHA-256 of what was written. slac removes only files listed there whose content is still
  what it wrote, and overwrites only such files (or files that carry its generated header).
- `plan`: from the outputs a build produces and the manifest, what to write, what to remove,
  what to keep and why, and the manifest after the build.
- `journal`: applying a plan as one transaction that a SIGKILL cannot leave half done: every
  new file is written to a temporary first, a journal names them, and only then are they
  renamed into place; the next build completes (or rolls back) an interrupted one.
"""
