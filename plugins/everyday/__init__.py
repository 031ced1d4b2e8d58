"""The everyday checks every QA tool has: doubled words, punctuation, brackets and
quotes, URLs and addresses, spacing and escapes, capitals, consistency, length limits,
spelling and custom patterns. Each module is a plugin of its own (listed in
`qa_core.manager.BUILTIN_PLUGINS`); the rules' docs live in `docs/` here."""
