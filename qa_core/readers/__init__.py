"""Built-in readers: each module is a plugin implementing `tqa_register_formats`
and `tqa_open_document` for its formats, converting to the `qa_core.model` records."""
