"""Email summaries of built reports, delivered once and only once.

The recipe (:func:`email_reports`, in ``run.py``): read a report folder, or every cohort of a
``reportgen cohorts`` run (``folders.py``) -> build one message per recipient group (``compose.py``:
an HTML part with every CSS rule inlined and ``cid:`` images, a plain-text part from the same
content, optionally the PDF) -> check sizes -> write the outbox (``outbox.py``: ``.eml`` files and an
``index.html`` preview) -> with ``send``, deliver over SMTP (``smtp.py``) every message the send log
(``outbox/sent.jsonl``) does not hold yet. Settings and address checks live in ``config.py``.
"""

from reportgen.mail.compose import (
    CARD_WIDTH,
    HTML_LIMIT,
    IMAGE_WIDTH,
    MESSAGE_LIMIT,
    POLICY,
    SUBJECT,
    Block,
    Finding,
    MailFigure,
    Message,
    build_message,
    inline_css,
    key_findings,
    plain_sentence,
    render_subject,
    size_warnings,
    summary_context,
)
from reportgen.mail.config import (
    DEFAULT_PORTS,
    DEFAULT_SENDER,
    PASSWORD_ENV,
    MailConfig,
    Recipients,
    SmtpSettings,
    check_header_text,
    make_mail_config,
    parse_address,
)
from reportgen.mail.folders import (
    BLOCKS,
    MANIFEST,
    ListedCohort,
    ReportFolder,
    listed_cohorts,
    load_report_folder,
)
from reportgen.mail.outbox import OUTBOX, SEND_LOG, outbox_files, read_send_log, write_outbox
from reportgen.mail.run import MailRun, email_reports, load_sources, recipients_for
from reportgen.mail.smtp import RetryPolicy, SendSummary, check_smtp, classify, send_messages

__all__ = [
    "BLOCKS",
    "CARD_WIDTH",
    "DEFAULT_PORTS",
    "DEFAULT_SENDER",
    "HTML_LIMIT",
    "IMAGE_WIDTH",
    "MANIFEST",
    "MESSAGE_LIMIT",
    "OUTBOX",
    "PASSWORD_ENV",
    "POLICY",
    "SEND_LOG",
    "SUBJECT",
    "Block",
    "MailFigure",
    "Finding",
    "ListedCohort",
    "MailConfig",
    "MailRun",
    "Message",
    "Recipients",
    "ReportFolder",
    "RetryPolicy",
    "SendSummary",
    "SmtpSettings",
    "build_message",
    "check_header_text",
    "check_smtp",
    "classify",
    "email_reports",
    "inline_css",
    "key_findings",
    "listed_cohorts",
    "load_report_folder",
    "load_sources",
    "make_mail_config",
    "outbox_files",
    "parse_address",
    "plain_sentence",
    "read_send_log",
    "recipients_for",
    "render_subject",
    "send_messages",
    "size_warnings",
    "summary_context",
    "write_outbox",
]
