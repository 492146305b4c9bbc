# Entré – svenska (kontorets språk och reservspråk).
# Skriv kort och enkelt: korta meningar, en sak i taget.

# Språkets namn på språket självt, visas på startskärmen.
language-name = Svenska

## Startskärmen
welcome-title = Välkommen till { $office }
welcome-choose-language = Välj ditt språk

## Navigering (finns på varje skärm)
nav-back = Tillbaka
nav-start-over = Börja om

## Vad vill du göra?
purpose-title = Vad vill du göra i dag?
purpose-checkin = Jag har en bokad tid
purpose-guidance = Jag behöver hjälp med ett ärende
purpose-guide = Jag vill prata med en vägledare
purpose-computer = Jag vill låna en dator

## Vart ska jag gå?
checkin-where = Gå till receptionen. Säg att du har en bokad tid. Vi säger till din handläggare att du är här.
guidance-where = Gå till receptionen. Vägledarna där hjälper dig med ditt ärende.
info-guide = Säg till i receptionen att du vill prata med en vägledare. En vägledare kommer till dig. Det är gratis.
info-computer = Datorerna står vid fönstret. Du behöver inget lånekort. Fråga en vägledare om du vill ha hjälp.
flow-opening-hours = Öppettider: { $hours }

## Är du kvar?
idle-title = Är du kvar?
idle-countdown = Om { $seconds ->
    [one] { $seconds } sekund
   *[other] { $seconds } sekunder
} börjar skärmen om.
idle-more-time = Jag behöver mer tid

## Ur funktion
out-of-order-title = Skärmen fungerar inte just nu
out-of-order-body = Fråga personalen i receptionen.

## Jag har en bokad tid
checkin-units-title = Var har du din tid?
checkin-officers-title = Vem har du tid hos?
checkin-search-title = Vem har du tid hos?
checkin-search-hint = Skriv de första bokstäverna i förnamnet eller efternamnet.
checkin-search-none = Vi hittar ingen med det namnet. Fråga i receptionen.
nav-page = Sida { $page } av { $pages }
checkin-name-title-initials = Vill du skriva första bokstaven i ditt förnamn och efternamn?
checkin-name-title-first = Vill du skriva ditt förnamn?
checkin-name-why = Då vet din handläggare vem som väntar. Du kan hoppa över det.
checkin-name-skip = Hoppa över
checkin-name-next = Fortsätt
checkin-confirm-title = Ska vi säga till { $officer } att du är här?
checkin-confirm-yes = Ja, säg till
checkin-sending = Vi säger till { $officer } …
checkin-done-ok = { $officer } vet att du är här. Sätt dig gärna och vänta.
checkin-done-failed = Vi kunde inte nå { $officer } just nu. Säg till personalen i receptionen.
checkin-away = { $officer } är inte här i dag. Fråga i receptionen.
checkin-done-button = Klar

## Hjälp med ett ärende
guidance-title = Vad gäller ditt ärende?
guidance-steps = Så gör du
guidance-need = Det här behöver du
guidance-link = Fortsätt i mobilen
guidance-link-hint = Rikta mobilens kamera mot koden.
guidance-help = Hjälp här på kontoret
guidance-terms = Svenska ord du kommer att se
guidance-time = Så lång tid tar det
guidance-tips = Bra att veta
guidance-private = Du kan prata med oss i ett enskilt rum.
guidance-untranslated = Den här texten finns inte på ditt språk än. Här är den på svenska.
guidance-done = Klar
survey-learned = Lärde du dig något nytt i dag?
survey-self = Tror du att du kan göra det här själv nästa gång?
survey-yes = Ja
survey-no = Nej
survey-skip = Hoppa över
survey-thanks = Tack för hjälpen!
survey-gender = Är du …
survey-gender-woman = Kvinna
survey-gender-man = Man
survey-gender-another = Annat svar
survey-gender-no-say = Vill inte svara
survey-gender-why = Vi frågar för att veta om vi hjälper kvinnor och män lika bra. Svaret är anonymt.
survey-exit = Hur gick ditt besök?
survey-exit-hint = Svara på två korta frågor

## Accessibility panel (the button with the accessibility symbol, on every screen)
access-title = Gör skärmen lättare att använda
access-contrast = Stark kontrast
access-large-text = Större text
access-reach = Knappar längre ner
access-done = Klar

## Check-in: the same officer told several times within minutes (no mail is sent)
checkin-ask-desk = Vi har redan sagt till { $officer } flera gånger nyss. Fråga i receptionen, så hjälper personalen dig.

## Read aloud on a confidential page: asked first
readaloud-confirm = Texten läses upp. Personer i närheten kan höra den.
readaloud-yes = Läs upp
readaloud-no = Nej

nav-more-below = Mer längre ner
nav-more-above = Mer längre upp
