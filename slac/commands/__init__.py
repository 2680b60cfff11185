"""The click commands, one module each; `slac.cli` assembles them. They parse arguments,
call the library and print: no policy logic lives here."""
