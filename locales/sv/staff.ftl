# The hidden staff exit (IT staff only): shown in the office language.
staff-title = Personal: ange PIN-koden
staff-wrong = Fel kod.
staff-cancel = Avbryt
staff-exit = Stäng kiosken
