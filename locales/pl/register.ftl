# Entré – Polish: "I want help from a guide" (flow = "register").
# No queue and no queue ticket: the visitor registers the errand and a
# guide comes to them. Keep it short and plain. 2nd person singular,
# no form that marks the visitor's gender.
# guide (vägledare) = konsultant, as in purpose-guide; reception = recepcja.
# adviser (rådgivare, a specialist) = doradca: never used for a guide.
# Polish plural categories (CLDR): one = 1; few = 2–4, 22–24 …;
# many = 0, 5–21, 25–31 …; other = fractions ([0] is matched first).

register-where = Zarejestruj tutaj swoją sprawę. Konsultant podejdzie do ciebie.

## Step 1: What is it about?
register-errand-title = Czego dotyczy twoja sprawa?
register-errand-other = Coś innego

## Step 2: Language
register-language-title = W jakim języku chcesz otrzymać pomoc?
register-language-why = Każdy konsultant pomaga każdemu. Znając język, możemy poprosić o pomoc kogoś z zespołu albo zamówić tłumacza.
register-language-swedish = Może być po szwedzku
register-language-more = Inne języki

## Step 3: Needs (optional)
register-needs-title = Czy potrzebujesz czegoś z tej listy?
register-need-private = Potrzebuję rozmowy na osobności
register-need-seated = Muszę usiąść albo poruszam się na wózku
register-need-interpreter = Potrzebuję tłumacza

## Step 4: Where will you wait? (optional)
register-zone-title = Gdzie będziesz czekać?
zone-computers = Przy komputerach
zone-sofas = Na kanapach

## Buttons
register-next = Dalej
register-skip = Pomiń
register-submit = Zarejestruj

## Confirmation
register-sending = Powiadamiamy konsultantów …
register-code = Twój numer to { $code }.
# Read aloud: the letter and the digits one by one, e.g. "K, 2, 7".
register-code-spoken = Twój numer to { $spelled }.
register-comes = Konsultant podejdzie do ciebie.
register-comes-zone = Konsultant podejdzie do ciebie. Miejsce: { $zone }.
register-ahead = { $ahead ->
    [0] Nikt nie czeka przed tobą.
    [one] Przed tobą czeka mniej więcej jedna osoba.
    [few] Przed tobą czekają mniej więcej { $ahead } osoby.
    [many] Przed tobą czeka mniej więcej { $ahead } osób.
   *[other] Przed tobą czeka mniej więcej { $ahead } osoby.
}
register-wait = { $minutes ->
    [one] Poczekasz mniej więcej minutę.
    [few] Poczekasz mniej więcej { $minutes } minuty.
    [many] Poczekasz mniej więcej { $minutes } minut.
   *[other] Poczekasz mniej więcej { $minutes } minuty.
}
register-meanwhile = Zacznij załatwiać sprawę, gdy czekasz
register-meanwhile-title = Gdy czekasz
register-failed = Nie udało się powiadomić konsultantów. Podejdź do recepcji.
register-done = Gotowe
