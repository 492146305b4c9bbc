# Entré – Finnish: "I want help from a guide" (flow = "register").
# No queue and no queue ticket: the visitor registers the errand and a
# guide comes to them. Plain selkokieli, "sinä".
# guide (vägledare) = neuvoja, as in purpose-guide; reception = vastaanotto.
# { $zone } stays in the nominative, after a colon.
# Finnish plural categories (CLDR): one = 1, other.

register-where = Ilmoita asiasi täällä. Neuvoja tulee luoksesi.

## Step 1: What is it about?
register-errand-title = Mitä asiasi koskee?
register-errand-other = Jotain muuta

## Step 2: Language
register-language-title = Millä kielellä haluat apua?
register-language-why = Kaikki neuvojat auttavat kaikkia. Kun tiedämme kielen, voimme pyytää mukaan kollegan tai tilata tulkin.
register-language-swedish = Ruotsi käy hyvin
register-language-more = Muut kielet

## Step 3: Needs (optional)
register-needs-title = Tarvitsetko jotain näistä?
register-need-private = Haluan puhua kahden kesken
register-need-seated = Tarvitsen istumapaikan tai käytän pyörätuolia
register-need-interpreter = Tarvitsen tulkin

## Step 4: Where will you wait? (optional)
register-zone-title = Missä odotat?
zone-computers = Tietokoneiden vieressä
zone-sofas = Sohvilla

## Buttons
register-next = Seuraava
register-skip = Ohita
register-submit = Ilmoittaudu

## Confirmation
register-sending = Kerromme neuvojille …
register-code = Numerosi on { $code }.
# Read aloud: the letter and the digits one by one, e.g. "K, 2, 7".
register-code-spoken = Numerosi on { $spelled }.
register-comes = Neuvoja tulee luoksesi.
register-comes-zone = Neuvoja tulee luoksesi. Paikka: { $zone }.
register-ahead = { $ahead ->
    [0] Ennen sinua ei odota kukaan.
    [one] Ennen sinua odottaa noin yksi ihminen.
   *[other] Ennen sinua odottaa noin { $ahead } ihmistä.
}
register-wait = { $minutes ->
    [one] Odotat noin minuutin.
   *[other] Odotat noin { $minutes } minuuttia.
}
register-meanwhile = Aloita asian hoitaminen, kun odotat
register-meanwhile-title = Kun odotat
register-failed = Emme saaneet yhteyttä neuvojiin. Mene vastaanottoon.
register-done = Valmis
