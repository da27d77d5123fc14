"""Reply templates: placeholders, per-recipient rendering, Word import and export.

``templates`` stores them (create, edit, duplicate, delete, search, usage
counts); ``placeholders`` names what a template may say about its recipient;
``syntax`` scans and fills ``{placeholders}`` without any engine; ``names``,
``references`` and ``values`` read a sender's details from their messages;
``render`` turns a template and a cluster's messages into one
:class:`~desk.mail.drafts.ReplyDraft` per person plus the problems to fix
before sending; ``wordimport``/``wordexport`` read and write .docx files;
``defaults`` installs the shipped French and English templates.
"""
