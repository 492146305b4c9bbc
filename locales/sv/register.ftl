# Entré – svenska: "Jag vill ha hjälp av en vägledare" (flow = "register").
# Ingen kö och ingen kölapp: besökaren registrerar sitt ärende och en
# vägledare kommer till hen. Skriv kort och enkelt.

# Där purpose-tiles info-text behövs (visas inte i flödet).
register-where = Registrera ditt ärende här. En vägledare kommer till dig.

## Steg 1: Vad gäller det?
register-errand-title = Vad gäller det?
register-errand-other = Något annat

## Steg 2: Språk
register-language-title = Vilket språk vill du ha hjälp på?
register-language-why = Alla vägledare hjälper alla. Språket hjälper oss att ta med en kollega eller boka tolk.
register-language-swedish = Svenska går bra
register-language-more = Andra språk

## Steg 3: Behov (frivilligt)
register-needs-title = Behöver du något av detta?
register-need-private = Jag behöver prata i enskildhet
register-need-seated = Jag behöver sitta ner eller använder rullstol
register-need-interpreter = Jag behöver tolk

## Steg 4: Var väntar du? (frivilligt)
register-zone-title = Var väntar du?
zone-computers = Vid datorerna
zone-sofas = I sofforna

## Knappar
register-next = Nästa
register-skip = Hoppa över
register-submit = Registrera

## Bekräftelse
register-sending = Vi säger till vägledarna …
register-code = Ditt nummer är { $code }.
# Uppläsning: bokstav och siffror en och en, t.ex. "K, 2, 7".
register-code-spoken = Ditt nummer är { $spelled }.
register-comes = En vägledare kommer till dig.
register-comes-zone = En vägledare kommer till dig. Plats: { $zone }.
register-ahead = { $ahead ->
    [0] Ingen väntar före dig.
    [one] Ungefär en person före dig.
   *[other] Ungefär { $ahead } personer före dig.
}
register-wait = Ungefär { $minutes ->
    [one] en minut
   *[other] { $minutes } minuter
}.
register-meanwhile = Börja med ärendet medan du väntar
register-meanwhile-title = Medan du väntar
register-failed = Vi kunde inte nå vägledarna. Gå till receptionen.
register-done = Klar
