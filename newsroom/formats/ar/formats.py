"""Arabic: day, month, year (٠٤ ديسمبر ٢٠٢٠) and the Arabic comma before the time.

Digits are written by Django in Western form; public pages turn them into
Arabic-Indic ones when ``NEWSROOM_ARABIC_INDIC_DIGITS`` is on (``newsroom.dates``).
"""

DATE_FORMAT = "d F Y"
TIME_FORMAT = "g:i A"
DATETIME_FORMAT = "d F Y، g:i A"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "d F"
# Right-to-left marks keep day/month/year in that order inside Arabic text.
SHORT_DATE_FORMAT = "d\u200f/m\u200f/Y"
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y، g:i A"
