# Entré – Polish (polski, plain and short).
# Keep it short and plain: short sentences, one thing at a time.
# The visitor is addressed with the neutral 2nd person singular and the
# imperative ("Wybierz język"), as on Polish public kiosks; no "Pan/Pani".
# No past tense or adjective that would mark the visitor's or the
# officer's gender. { $officer } always stays in the nominative
# (as subject or after "do:"), because it cannot be declined.
# guide (vägledare, the office's staff) = konsultant;
# adviser (rådgivare, a specialist, e.g. debt adviser) = doradca.
# Never use one word for both. The place = recepcja ("w recepcji").

# The language's name in the language itself, shown on the welcome screen.
language-name = Polski

## Welcome screen
welcome-title = Witamy w { $office }
welcome-choose-language = Wybierz język

## Navigation (on every screen)
nav-back = Wstecz
nav-start-over = Zacznij od nowa

## What do you want to do?
purpose-title = Co chcesz dziś załatwić?
purpose-checkin = Mam umówioną wizytę
purpose-guidance = Potrzebuję pomocy w załatwieniu sprawy
purpose-guide = Chcę porozmawiać z konsultantem
purpose-computer = Chcę skorzystać z komputera

## Where do I go?
checkin-where = Podejdź do recepcji. Powiedz, że masz umówioną wizytę. Powiadomimy osobę prowadzącą twoją sprawę, że jesteś na miejscu.
guidance-where = Podejdź do recepcji. Konsultanci pomogą ci tam załatwić sprawę.
info-guide = Powiedz w recepcji, że chcesz porozmawiać z konsultantem. Konsultant podejdzie do ciebie. To jest bezpłatne.
info-computer = Komputery stoją przy oknie. Nie potrzebujesz karty bibliotecznej. Jeśli potrzebujesz pomocy, zapytaj konsultanta.
flow-opening-hours = Godziny otwarcia: { $hours }

## Are you still there?
idle-title = Czy nadal tu jesteś?
idle-countdown = Za { $seconds ->
    [one] { $seconds } sekundę
    [few] { $seconds } sekundy
    [many] { $seconds } sekund
   *[other] { $seconds } sekundy
} ekran wróci do początku.
idle-more-time = Potrzebuję więcej czasu

## Out of order
out-of-order-title = Ten ekran chwilowo nie działa
out-of-order-body = Zapytaj pracowników w recepcji.

## I have an appointment
checkin-units-title = Gdzie masz umówioną wizytę?
checkin-officers-title = Z kim masz umówioną wizytę?
checkin-search-title = Z kim masz umówioną wizytę?
checkin-search-hint = Wpisz pierwsze litery imienia lub nazwiska tej osoby.
checkin-search-none = Nie znaleźliśmy takiej osoby. Zapytaj w recepcji.
nav-page = Strona { $page } z { $pages }
checkin-name-title-initials = Czy chcesz wpisać pierwszą literę swojego imienia i nazwiska?
checkin-name-title-first = Czy chcesz wpisać swoje imię?
checkin-name-why = Wtedy osoba prowadząca twoją sprawę będzie wiedzieć, kto czeka. Możesz to pominąć.
checkin-name-skip = Pomiń
checkin-name-next = Dalej
checkin-confirm-title = Czy { $officer } ma dostać wiadomość, że jesteś na miejscu?
checkin-confirm-yes = Tak, wyślij wiadomość
checkin-sending = Wysyłamy wiadomość do: { $officer } …
checkin-done-ok = { $officer } wie, że jesteś na miejscu. Możesz usiąść i poczekać.
checkin-done-failed = Nie udało się teraz wysłać wiadomości. { $officer } jeszcze nie wie, że jesteś na miejscu. Powiedz o tym pracownikom w recepcji.
checkin-away = { $officer } nie jest dziś w biurze. Zapytaj w recepcji.
checkin-done-button = Gotowe

## Help with an errand
guidance-title = Czego dotyczy twoja sprawa?
guidance-steps = Co trzeba zrobić
guidance-need = Co jest potrzebne
guidance-link = Kontynuuj w telefonie
guidance-link-hint = Skieruj aparat telefonu na kod.
guidance-help = Pomoc tutaj, w biurze
guidance-terms = Szwedzkie słowa, które zobaczysz
guidance-time = Jak długo to trwa
guidance-tips = Warto wiedzieć
guidance-private = Możesz porozmawiać z nami w osobnym pokoju.
guidance-untranslated = Tego tekstu nie ma jeszcze w twoim języku. Oto wersja po szwedzku.
guidance-done = Gotowe
survey-learned = Czy udało ci się dziś dowiedzieć czegoś nowego?
survey-self = Czy myślisz, że następnym razem zrobisz to samodzielnie?
survey-yes = Tak
survey-no = Nie
survey-skip = Pomiń
survey-thanks = Dziękujemy za pomoc!
survey-gender = Jaka jest twoja płeć?
survey-gender-woman = Kobieta
survey-gender-man = Mężczyzna
survey-gender-another = Inna odpowiedź
survey-gender-no-say = Wolę nie odpowiadać
survey-gender-why = Pytamy, żeby wiedzieć, czy pomagamy kobietom i mężczyznom tak samo dobrze. Odpowiedź jest anonimowa.
survey-exit = Jak minęła twoja wizyta?
survey-exit-hint = Odpowiedz na dwa krótkie pytania

## Accessibility panel (the button with the accessibility symbol, on every screen)
access-title = Ułatw sobie korzystanie z ekranu
access-contrast = Wysoki kontrast
access-large-text = Większe litery
access-reach = Przyciski niżej
access-done = Gotowe

## Check-in: the same officer told several times within minutes (no mail is sent)
checkin-ask-desk = Przed chwilą kilka razy wysłaliśmy już wiadomość: { $officer }. Zapytaj w recepcji. Pracownicy ci pomogą.

## Read aloud on a confidential page: asked first
readaloud-confirm = Tekst zostanie przeczytany na głos. Osoby w pobliżu mogą go usłyszeć.
readaloud-yes = Czytaj na głos
readaloud-no = Nie

nav-more-below = Więcej poniżej
nav-more-above = Więcej powyżej
