"""Data for trying and measuring the site: the demo content (``manage.py loaddemo``) and
the benchmark corpus (``manage.py generate_corpus``)."""
