"""Date formats per language (``FORMAT_MODULE_PATH``), over Django's own locale formats.

Only what differs from Django is set here; every other format (input formats
above all, which the admin's date widgets write and read) comes from Django.
"""
