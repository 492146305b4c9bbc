# Entré – Somali (Af-Soomaali, plain and short).
# Keep it short and plain: short sentences, one thing at a time.
# The visitor is addressed in the singular ("adiga"), with "fadlan" (please)
# where a request is made, as in Swedish authorities' Somali texts.
# Two different words, never mixed (issue 17 point 10):
#   vägledare (the office's guide who helps visitors) = hage (hagaha, pl. hageyaasha);
#   rådgivare (a specialist adviser, e.g. budget- och skuldrådgivare) = la-taliye.
# The place at the office (receptionen) = qaabilaadda, in every string.
# Swedish words the visitor sees on a website are quoted in Swedish with a
# short Somali explanation; no English glosses.

# The language's name in the language itself, shown on the welcome screen.
language-name = Soomaali

## Welcome screen
welcome-title = Ku soo dhowow { $office }
welcome-choose-language = Dooro luqaddaada

## Navigation (on every screen)
nav-back = Dib u noqo
nav-start-over = Dib u bilow

## What do you want to do?
purpose-title = Maxaad rabtaa inaad maanta samayso?
purpose-checkin = Waxaan haystaa ballan
purpose-guidance = Waxaan caawimaad uga baahanahay arrin
purpose-guide = Waxaan rabaa inaan la hadlo hage
purpose-computer = Waxaan rabaa inaan isticmaalo kombiyuutar

## Where do I go?
# "handläggare" (case officer) = shaqaalaha kiiskaaga
# ("the staff member of your case").
checkin-where = Tag qaabilaadda. Sheeg inaad ballan leedahay. Waxaan u sheegi doonnaa shaqaalaha kiiskaaga inaad halkan joogto.
guidance-where = Tag qaabilaadda. Hageyaasha halkaas jooga ayaa kaa caawin doona arrintaada.
info-guide = U sheeg qaabilaadda inaad rabto inaad la hadasho hage. Hage ayaa kuu iman doona. Waa bilaash.
info-computer = Kombiyuutarada waxay ku yaallaan daaqadda agteeda. Uma baahnid kaarka maktabadda. Haddii aad caawimaad rabto, weydii hage.
flow-opening-hours = Saacadaha furitaanka: { $hours }

## Are you still there?
# Somali plural categories (CLDR): one = 1, other = the rest.
# A noun after a number stays singular, so both forms read the same.
idle-title = Weli halkan ma joogtaa?
idle-countdown = { $seconds ->
    [one] { $seconds } ilbiriqsi
   *[other] { $seconds } ilbiriqsi
} kadib shaashaddu dib ayay u bilaabanaysaa.
idle-more-time = Waxaan u baahanahay waqti dheeraad ah

## Out of order
out-of-order-title = Shaashaddan hadda ma shaqaynayso
out-of-order-body = Fadlan weydii shaqaalaha qaabilaadda.

## I have an appointment
# { $officer } is a Latin-script name and may be a man or a woman, so these
# sentences avoid verbs that agree with the officer: the officer is the
# object ("u sheegnay { $officer }" = we told …), or the verb is impersonal
# ("lama heli karo" = cannot be reached).
checkin-units-title = Xaggee ayay ballantaadu tahay?
checkin-officers-title = Yaad ballan la leedahay?
checkin-search-title = Yaad ballan la leedahay?
checkin-search-hint = Qor xarfaha ugu horreeya magaca hore ama magaca dambe.
checkin-search-none = Ma aanu helin qof magacaas leh. Fadlan weydii qaabilaadda.
nav-page = Bogga { $page } ee { $pages }
checkin-name-title-initials = Ma rabtaa inaad qorto xarafka ugu horreeya ee magacaaga hore iyo magacaaga dambe?
checkin-name-title-first = Ma rabtaa inaad qorto magacaaga hore?
checkin-name-why = Markaas shaqaalaha kiiskaaga ayaa ogaan doona cidda sugaysa. Waad ka boodi kartaa tan.
checkin-name-skip = Ka bood
checkin-name-next = Sii wad
checkin-confirm-title = Ma u sheegno { $officer } inaad halkan joogto?
checkin-confirm-yes = Haa, fadlan
checkin-sending = Waxaan u sheegaynaa { $officer } …
checkin-done-ok = Waxaan u sheegnay { $officer } inaad halkan joogto. Fadlan fadhiiso oo sug.
checkin-done-failed = Hadda ma aanu la xiriiri karin { $officer }. Fadlan u sheeg shaqaalaha qaabilaadda.
checkin-away = Maanta lama heli karo { $officer }. Fadlan weydii qaabilaadda.
checkin-done-button = Waa dhammaatay

## Help with an errand
guidance-title = Arrintaadu maxay ku saabsan tahay?
guidance-steps = Sida loo sameeyo
guidance-need = Waxyaabaha aad u baahan tahay
guidance-link = Ku sii wad taleefankaaga
guidance-link-hint = Kaamirada taleefankaaga u jeedi koodka.
guidance-help = Caawimaad xafiiskan
guidance-terms = Erayo af-Iswiidhish ah oo aad arki doonto
guidance-time = Muddada ay qaadanayso
guidance-tips = Waxaa fiican inaad ogaato
guidance-private = Waxaad nagula hadli kartaa qol gaar ah.
guidance-untranslated = Qoraalkan weli laguma turjumin luqaddaada. Waa kan oo af-Iswiidhish ku qoran.
guidance-done = Waa dhammaatay
survey-learned = Maanta ma baratay wax cusub?
survey-self = Ma u malaynaysaa inaad tan keligaa samayn karto marka xigta?
survey-yes = Haa
survey-no = Maya
survey-skip = Ka bood
survey-thanks = Waad ku mahadsan tahay caawimaaddaada!
survey-gender = Jinsigaagu waa maxay?
survey-gender-woman = Haweeney
survey-gender-man = Nin
survey-gender-another = Jawaab kale
survey-gender-no-say = Ka jawaabi maayo
survey-gender-why = Su'aashan waxay noo sheegaysaa haddii aan haweenka iyo ragga si siman u caawinno. Jawaabtaadu magac ma leh.
survey-exit = Booqashadaadu sidee ayay ahayd?
survey-exit-hint = Ka jawaab laba su'aalood oo gaagaaban

## Accessibility panel (the button with the accessibility symbol, on every screen)
access-title = Ka dhig shaashadda mid sahlan
access-contrast = Midabyo aad u muuqda
access-large-text = Qoraal weyn
access-reach = Badhamada xagga hoose
access-done = Waa dhammaatay

## Check-in: the same officer told several times within minutes (no mail is sent)
checkin-ask-desk = Waxaan hadda dhowr jeer u sheegnay { $officer }. Fadlan weydii qaabilaadda. Shaqaaluhu way ku caawin doonaan.

## Read aloud on a confidential page: asked first
readaloud-confirm = Qoraalka waa la akhrin doonaa cod dheer. Dadka kuu dhow way maqli karaan.
readaloud-yes = Cod ku akhri
readaloud-no = Maya

nav-more-below = Eeg hoos
nav-more-above = Eeg kor
