"""tqa's built-in checks (installed as the `tqa_plugins` package). Each subpackage is
a plugin: it registers its checks through `tqa_register_checks` and keeps one
Markdown file per rule in its `docs/` folder."""
