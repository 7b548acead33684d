"""Every word the tool prints itself, as opposed to the guide's words, per language:
the booklet's "Contents" and "Page 2 of 16", review dates, "Hold …", default titles,
weekday names, and the email around the handouts. Another language is one more table;
a language without one prints English."""

from __future__ import annotations

import datetime
import re

WORDS: dict[str, dict] = {
    "en": {
        "contents": "Contents",
        "notes": "Notes",
        "page": "Page {n} of {total}",
        "reviewed": "Reviewed {date}",
        "hold": "Hold {hold}.",
        "repeat": "{hold}.",  # a hold that is no duration: "10 times each leg."
        "durations": r"\b(second|minute|hour|sec|min)s?\b",
        "see_a_doctor": "When to see a doctor",
        "who_to_call": "Worried? Call your doctor.",  # red flags without their own contact
        "what_to_do": "What to do",
        "every_day": "Every day",
        "in_short": "In short",
        "key_points": "Key points",
        "tracker_help": "Tick a box on each day you do it.",
        "week": "Week {n}",
        "log": "My cramp log",
        "log_help": "Write down each cramp: when it came, how long it lasted and what helped.",
        "log_columns": ["Date", "Time", "How long", "What helped"],
        "disclaimer": "Disclaimer",
        "callout": {"warning": "Warning", "tip": "Tip", "note": "Note"},
        "days": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        "months": ["January", "February", "March", "April", "May", "June", "July",
                   "August", "September", "October", "November", "December"],
        "date": "{day} {month} {year}",
        # the email around the handouts
        "dear": "Dear {name},",
        "hello": "Hello,",
        "why": "{clinic} is sending you the handouts about {topic}, so that you have them "
        "at home. Each one is attached to this email as a PDF.",
        "why_plain": "Here are the handouts about {topic}, so that you have them at home. "
        "Each one is attached to this email as a PDF.",
        "attached": "What is attached",
        "subject": "{title}: your handouts",
        "subject_from": "{title}: your handouts from {clinic}",
        "questions": "Questions? Call us on {phone}.",
        "kinds": {
            "booklet": ("The full guide as a booklet", "Read it at home, at your own pace."),
            "card": ("A pocket card with the steps",
                     "Print it, cut it out and keep it in your wallet."),
            "sheet": ("A large-print sheet", "Print it and put it on your fridge door."),
        },
        "cover": "Cover of {what}",
        "figures": {  # what each bundled drawing shows, for screen readers
            "strokes-up": "Drawing: a hand strokes the calf from the ankle up to the knee.",
            "thumb-circles": "Drawing: a thumb rubs small circles on the calf.",
            "strokes-across": "Drawing: strokes go across the calf, from side to side.",
            "tennis-ball": "Drawing: the leg rests on a tennis ball under the calf.",
            "toes-to-shin": "Drawing: a hand pulls the toes up toward the shin.",
            "flex-foot": "Drawing: the foot bends up, toes toward the shin.",
            "calf-stretch": "Drawing: hands on a wall, back leg straight, heel down.",
            "calf-stretch-bent": "Drawing: hands on a wall, back knee bent, heel down.",
            "warm-pack": "Drawing: a warm pack rests on the calf.",
            "massage": "Drawing: two hands massage a calf.",
        },
    },
    "es": {
        "contents": "Contenido",
        "notes": "Notas",
        "page": "Página {n} de {total}",
        "reviewed": "Revisado el {date}",
        "hold": "Mantenga {hold}.",
        "repeat": "{hold}.",
        "durations": r"\b(segundo|minuto|hora|seg|min)s?\b",
        "see_a_doctor": "Cuándo ir al médico",
        "who_to_call": "¿Le preocupa? Llame a su médico.",
        "what_to_do": "Qué hacer",
        "every_day": "Cada día",
        "in_short": "En resumen",
        "key_points": "Puntos clave",
        "tracker_help": "Marque una casilla cada día que lo haga.",
        "week": "Semana {n}",
        "log": "Mi registro de calambres",
        "log_help": "Anote cada calambre: cuándo empezó, cuánto duró y qué le ayudó.",
        "log_columns": ["Fecha", "Hora", "Cuánto duró", "Qué ayudó"],
        "disclaimer": "Aviso",
        "callout": {"warning": "Atención", "tip": "Consejo", "note": "Nota"},
        "days": ["Lun", "Mar", "Mié", "Jue", "Vie", "Sáb", "Dom"],
        "months": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
                   "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
        "date": "{day} de {month} de {year}",
        "dear": "Hola, {name}:",
        "hello": "Hola:",
        "why": "{clinic} le envía las hojas informativas sobre {topic} para que las tenga en "
        "casa. Cada una va adjunta a este correo como PDF.",
        "why_plain": "Aquí tiene las hojas informativas sobre {topic} para que las tenga en "
        "casa. Cada una va adjunta a este correo como PDF.",
        "attached": "Qué va adjunto",
        "subject": "{title}: sus hojas informativas",
        "subject_from": "{title}: sus hojas informativas de {clinic}",
        "questions": "¿Preguntas? Llámenos al {phone}.",
        "kinds": {
            "booklet": ("La guía completa en un folleto", "Léala en casa, con calma."),
            "card": ("Una tarjeta de bolsillo con los pasos",
                     "Imprímala, recórtela y guárdela en la cartera."),
            "sheet": ("Una hoja con letra grande",
                      "Imprímala y póngala en la puerta de la nevera."),
        },
        "cover": "Portada de: {what}",
        "figures": {
            "strokes-up": "Dibujo: una mano frota la pantorrilla desde el tobillo hasta la "
            "rodilla.",
            "thumb-circles": "Dibujo: un pulgar hace círculos pequeños en la pantorrilla.",
            "strokes-across": "Dibujo: pasadas de lado a lado sobre la pantorrilla.",
            "tennis-ball": "Dibujo: la pierna apoyada en una pelota de tenis bajo la "
            "pantorrilla.",
            "toes-to-shin": "Dibujo: una mano tira de los dedos del pie hacia la espinilla.",
            "flex-foot": "Dibujo: el pie se dobla hacia arriba, los dedos hacia la espinilla.",
            "calf-stretch": "Dibujo: manos en la pared, pierna de atrás recta, talón abajo.",
            "calf-stretch-bent": "Dibujo: manos en la pared, rodilla de atrás doblada, talón "
            "abajo.",
            "warm-pack": "Dibujo: una bolsa tibia sobre la pantorrilla.",
            "massage": "Dibujo: dos manos masajean una pantorrilla.",
        },
    },
}  # fmt: skip


def words(language: str) -> dict:
    """The table for a guide's language (en_GB → en); English where there is none yet."""
    return WORDS.get(language.split("_")[0].split("-")[0].lower(), WORDS["en"])


def who_to_call(callout, language: str) -> str | None:
    """The last line of a box: whom to call. The callout's own `contact:`; for red flags
    without one, the language's "Worried? Call your doctor."; nothing for other boxes."""
    if callout.contact:
        return callout.contact
    return words(language)["who_to_call"] if callout.kind == "warning" else None


def hold(text: str, language: str) -> str:
    """ "Hold 20 seconds." for a duration (its unit in any table's language), else the
    repetition as it is written: "10 times each leg." """
    timed = any(re.search(w["durations"], text, re.IGNORECASE) for w in WORDS.values())
    return words(language)["hold" if timed else "repeat"].format(hold=text)


def date(day: datetime.date, language: str) -> str:
    """A date as the language writes it (25 November 2026, 25 de noviembre de 2026), its
    words joined by no-break spaces: a date never breaks across lines."""
    w = words(language)
    text = w["date"].format(day=day.day, month=w["months"][day.month - 1], year=day.year)
    return text.replace(" ", "\u00a0")


def reviewed(day: datetime.date, language: str) -> str:
    return words(language)["reviewed"].format(date=date(day, language))
