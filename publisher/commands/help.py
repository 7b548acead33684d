"""The command line's option help, in one table (cli.py stays the options themselves)."""

HELP = {
    "layout": "Only this layout (repeatable). See `publisher list`.",
    "paper": "a4 gives an A5 booklet and A4 sheets; letter gives half-letter and Letter. "
    "Overrides the brand's paper.",
    "brand": "A clinic's brand file or id: its name, colours, contact lines and QR code.",
    "brands": "A clinic's brand file (repeatable); outputs go to OUT/<brand>/<guide>/.",
    "brand-dir": "Build for every brand file (*.yaml) in this folder.",
    "jobs": "Brands built in parallel (default: the number of cores).",
    "profile": "office: RGB for office printers; press: CMYK, bleed, crop marks, into press/.",
    "grayscale": "Every colour and image as gray (saves ink).",
    "check": "Run the full quality gate (as `publisher check`) before writing.",
    "to-file": "A CSV of recipients: an `email` column (and optional `name`), or one per line.",
    "guide": "The guide to send (default: the only one).",
    "message": "A text file whose words replace the introduction.",
    "config": "SMTP settings (host, port, user, from, security, cafile) as YAML; "
    "PUBLISHER_SMTP_* variables override them. The password comes only from "
    "PUBLISHER_SMTP_PASSWORD or a prompt.",
    "eml": "Write one .eml file per recipient into this folder instead of sending.",
    "resume": "Skip recipients the sent-log says already have it.",
    "resend-unknown": "With --resume: send again to those a stopped run may or may not "
    "have reached (the sent-log says `attempt`).",
    "max-size": "Largest message, MB.",
    "proof": "Also refresh the changed pages' PNGs beside the PDFs (72 dpi).",
}
