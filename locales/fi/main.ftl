# Entré – Finnish (suomi, plain selkokieli style).
# Keep it short and plain: short sentences, one thing at a time.
# The visitor is addressed as "sinä", as is usual in selkokieli.
# { $office } and { $officer } are never inflected: the sentences keep them
# in the nominative (as subject, or after a dash or a colon).

# The language's name in the language itself, shown on the welcome screen.
language-name = Suomi

## Welcome screen
welcome-title = Tervetuloa – { $office }
welcome-choose-language = Valitse kieli

## Navigation (on every screen)
nav-back = Takaisin
nav-start-over = Aloita alusta

## What do you want to do?
purpose-title = Mitä haluat tehdä tänään?
purpose-checkin = Minulla on varattu aika
purpose-guidance = Tarvitsen apua asiani kanssa
purpose-guide = Haluan puhua neuvojan kanssa
purpose-computer = Haluan lainata tietokonetta

## Where do I go?
checkin-where = Mene vastaanottoon. Kerro, että sinulla on varattu aika. Kerromme virkailijallesi, että olet täällä.
guidance-where = Mene vastaanottoon. Siellä neuvojat auttavat sinua asiasi kanssa.
info-guide = Kerro vastaanotossa, että haluat puhua neuvojan kanssa. Neuvoja tulee luoksesi. Palvelu on ilmainen.
info-computer = Tietokoneet ovat ikkunan vieressä. Et tarvitse kirjastokorttia. Kysy neuvojalta, jos tarvitset apua.
flow-opening-hours = Aukioloajat: { $hours }

## Are you still there?
idle-title = Oletko vielä täällä?
idle-countdown = { $seconds ->
    [one] { $seconds } sekunnin
   *[other] { $seconds } sekunnin
} kuluttua näyttö palaa alkuun.
idle-more-time = Tarvitsen lisää aikaa

## Out of order
out-of-order-title = Tämä näyttö ei toimi juuri nyt
out-of-order-body = Kysy vastaanoton henkilökunnalta.

## I have an appointment
checkin-units-title = Missä sinulla on varattu aika?
checkin-officers-title = Kenelle sinulla on aika?
checkin-search-title = Kenelle sinulla on aika?
checkin-search-hint = Kirjoita etunimen tai sukunimen ensimmäiset kirjaimet.
checkin-search-none = Emme löydä ketään tällä nimellä. Kysy vastaanotosta.
nav-page = Sivu { $page } / { $pages }
checkin-name-title-initials = Haluatko kirjoittaa etunimesi ja sukunimesi ensimmäisen kirjaimen?
checkin-name-title-first = Haluatko kirjoittaa etunimesi?
checkin-name-why = Silloin virkailijasi tietää, kuka odottaa. Voit jättää tämän väliin.
checkin-name-skip = Ohita
checkin-name-next = Jatka
checkin-confirm-title = Haluatko, että { $officer } saa tietää, että olet täällä?
checkin-confirm-yes = Kyllä, kerro
checkin-sending = Lähetämme viestiä: { $officer } …
checkin-done-ok = { $officer } tietää nyt, että olet täällä. Voit istua ja odottaa.
checkin-done-failed = Viesti ei mennyt nyt perille. { $officer } ei vielä tiedä, että olet täällä. Kerro siitä vastaanoton henkilökunnalle.
checkin-away = { $officer } ei ole täällä tänään. Kysy vastaanotosta.
checkin-done-button = Valmis

## Help with an errand
guidance-title = Mitä asiasi koskee?
guidance-steps = Näin toimit
guidance-need = Tätä tarvitset
guidance-link = Jatka puhelimella
guidance-link-hint = Osoita puhelimen kameralla koodia.
guidance-help = Apua täällä toimistossa
guidance-terms = Ruotsinkielisiä sanoja, joita näet
guidance-time = Näin kauan se kestää
guidance-tips = Hyvä tietää
guidance-private = Voit puhua kanssamme erillisessä huoneessa.
guidance-untranslated = Tätä tekstiä ei ole vielä sinun kielelläsi. Tässä se on ruotsiksi.
guidance-done = Valmis
survey-learned = Opitko tänään jotain uutta?
survey-self = Uskotko, että osaat tehdä tämän itse ensi kerralla?
survey-yes = Kyllä
survey-no = Ei
survey-skip = Ohita
survey-thanks = Kiitos avustasi!
survey-gender = Mikä on sukupuolesi?
survey-gender-woman = Nainen
survey-gender-man = Mies
survey-gender-another = Muu vastaus
survey-gender-no-say = En halua vastata
survey-gender-why = Kysymme, jotta tiedämme, autammeko naisia ja miehiä yhtä hyvin. Vastauksesi on nimetön.
survey-exit = Miten käyntisi meni?
survey-exit-hint = Vastaa kahteen lyhyeen kysymykseen

## Accessibility panel (the button with the accessibility symbol, on every screen)
access-title = Tee näytöstä helpompi käyttää
access-contrast = Vahva kontrasti
access-large-text = Isompi teksti
access-reach = Painikkeet alempana
access-done = Valmis

## Check-in: the same officer told several times within minutes (no mail is sent)
checkin-ask-desk = Olemme jo äsken ilmoittaneet useita kertoja: { $officer }. Kysy vastaanotosta. Henkilökunta auttaa sinua.

## Read aloud on a confidential page: asked first
readaloud-confirm = Teksti luetaan ääneen. Lähellä olevat ihmiset voivat kuulla sen.
readaloud-yes = Lue ääneen
readaloud-no = Ei

nav-more-below = Lisää alempana
nav-more-above = Lisää ylempänä
