# Entré – Tigrinya (ትግርኛ, as written by Eritreans in Sweden).
# Keep it short and plain: short sentences, one thing at a time.
# The visitor is addressed in the polite plural (-ኩም), as is usual
# when speaking respectfully, also to one person.
# Two different words, never mixed (issue 17 point 10):
#   vägledare (the office's guide who helps visitors) = ሓጋዚ (pl. ሓገዝቲ);
#   rådgivare (a specialist adviser, e.g. budget- och skuldrådgivare) = ኣማኻሪ (pl. ኣማኸርቲ).
# The place at the office (receptionen) = መቐበሊ, in every string.

# The language's name in the language itself, shown on the welcome screen.
language-name = ትግርኛ

## Welcome screen
welcome-title = እንቋዕ ናብ { $office } ብደሓን መጻእኩም
welcome-choose-language = ቋንቋኹም ምረጹ

## Navigation (on every screen)
nav-back = ንድሕሪት
nav-start-over = ካብ መጀመርታ ጀምሩ

## What do you want to do?
purpose-title = ሎሚ እንታይ ክትገብሩ ትደልዩ?
purpose-checkin = ቆጸራ ኣለኒ
purpose-guidance = ብዛዕባ ሓደ ጉዳይ ሓገዝ የድልየኒ
purpose-guide = ምስ ሓጋዚ ክዛረብ እደሊ
purpose-computer = ኮምፒተር ክለቅሕ እደሊ

## Where do I go?
# "handläggare" (case officer) = ጉዳይኩም ዝከታተል ሰራሕተኛ
# ("the employee who follows your case").
checkin-where = ናብ መቐበሊ ኪዱ። ቆጸራ ከም ዘለኩም ንገሩ። ነቲ ጉዳይኩም ዝከታተል ሰራሕተኛ ኣብዚ ከም ዘለኹም ክንሕብሮ ኢና።
guidance-where = ናብ መቐበሊ ኪዱ። ኣብኡ ዘለዉ ሓገዝቲ ብጉዳይኩም ክሕግዙኹም እዮም።
info-guide = ኣብ መቐበሊ ምስ ሓጋዚ ክትዛረቡ ከም እትደልዩ ንገሩ። ሓጋዚ ናባኹም ክመጽእ እዩ። ብነጻ እዩ።
info-computer = ኮምፒተራት ኣብ ጥቓ መስኮት ኣለዉ። ካርድ ቤት መጻሕፍቲ ኣየድልየኩምን። ሓገዝ እንተደሊኹም ንሓጋዚ ሕተቱ።
flow-opening-hours = ናይ ስራሕ ሰዓታት: { $hours }

## Are you still there?
idle-title = ገና ኣብዚ ኣለኹም ዶ?
idle-countdown = ድሕሪ { $seconds ->
    [one] { $seconds } ካልኢት
   *[other] { $seconds } ካልኢታት
} እዚ ስክሪን ካብ መጀመርታ ክጅምር እዩ።
idle-more-time = ተወሳኺ ግዜ የድልየኒ

## Out of order
out-of-order-title = እዚ ስክሪን ሕጂ ኣይሰርሕን እዩ
out-of-order-body = በጃኹም ነቶም ኣብ መቐበሊ ዘለዉ ሰራሕተኛታት ሕተቱ።

## I have an appointment
# { $officer } is a Latin-script name and may be a man or a woman, so these
# sentences avoid verb forms that agree with the officer (e.g. "ናብ … መልእኽቲ
# ክንሰድድ" instead of "ክንሕብሮ/ክንሕብራ", impersonal "ተሓቢሩ").
checkin-units-title = ቆጸራኹም ኣበይ እዩ?
checkin-officers-title = ቆጸራኹም ምስ መን እዩ?
checkin-search-title = ቆጸራኹም ምስ መን እዩ?
checkin-search-hint = ቀዳሞት ፊደላት ናይ ቀዳማይ ስም ወይ ስም ስድራቤት ጽሓፉ።
checkin-search-none = ብዚ ስም ዝኾነ ሰብ ኣይረኸብናን። በጃኹም ኣብ መቐበሊ ሕተቱ።
nav-page = ገጽ { $page } ካብ { $pages }
checkin-name-title-initials = ቀዳማይ ፊደል ናይ ቀዳማይ ስምኩምን ስም ስድራቤትኩምን ክትጽሕፉ ትደልዩ ዶ?
checkin-name-title-first = ቀዳማይ ስምኩም ክትጽሕፉ ትደልዩ ዶ?
checkin-name-why = ከምኡ እንተገበርኩም፣ እቲ ጉዳይኩም ዝከታተል ሰራሕተኛ መን ይጽበ ከም ዘሎ ክፈልጥ እዩ። ነዚ ክትሓልፍዎ ትኽእሉ ኢኹም።
checkin-name-skip = ሕለፉ
checkin-name-next = ቀጽሉ
checkin-confirm-title = ኣብዚ ከም ዘለኹም ናብ { $officer } መልእኽቲ ክንሰድድ ዶ?
checkin-confirm-yes = እወ፣ በጃኹም
checkin-sending = ናብ { $officer } መልእኽቲ ንሰድድ ኣለና …
checkin-done-ok = ኣብዚ ከም ዘለኹም ናብ { $officer } ተሓቢሩ እዩ። በጃኹም ኮፍ ኢልኩም ተጸበዩ።
checkin-done-failed = ሕጂ ምስ { $officer } ክንራኸብ ኣይከኣልናን። በጃኹም ነቶም ኣብ መቐበሊ ዘለዉ ሰራሕተኛታት ንገሩ።
checkin-away = { $officer } ሎሚ ኣብዚ የለዉን። በጃኹም ኣብ መቐበሊ ሕተቱ።
checkin-done-button = ተወዲኡ

## Help with an errand
guidance-title = ጉዳይኩም ብዛዕባ እንታይ እዩ?
guidance-steps = ከምዚ ግበሩ
guidance-need = ዘድልየኩም
guidance-link = ብሞባይልኩም ቀጽሉ
guidance-link-hint = ካሜራ ሞባይልኩም ናብቲ ኮድ ኣቕንዑ።
guidance-help = ኣብዚ ቤት ጽሕፈት ሓገዝ
guidance-terms = ክትርእይዎም እትኽእሉ ቃላት ብቋንቋ ሽወደን
guidance-time = ክንደይ ግዜ ይወስድ
guidance-tips = ጠቓሚ ሓበሬታ
guidance-private = ኣብ ብሕታዊ ክፍሊ ምሳና ክትዛረቡ ትኽእሉ ኢኹም።
guidance-untranslated = እዚ ጽሑፍ ገና ብቋንቋኹም የለን። እንሆ ብቋንቋ ሽወደን።
guidance-done = ተወዲኡ
survey-learned = ሎሚ ሓድሽ ነገር ተማሂርኩም ዶ?
survey-self = ኣብ ዝመጽእ ግዜ ነዚ ባዕልኹም ክትገብርዎ ከም እትኽእሉ ይመስለኩም ዶ?
survey-yes = እወ
survey-no = ኣይፋል
survey-skip = ሕለፉ
survey-thanks = ስለ ሓገዝኩም የቐንየልና!
survey-gender = ጾታኹም እንታይ እዩ?
survey-gender-woman = ሰበይቲ
survey-gender-man = ሰብኣይ
survey-gender-another = ካልእ መልሲ
survey-gender-no-say = ክምልስ ኣይደልን
survey-gender-why = ንደቂ ኣንስትዮን ንደቂ ተባዕትዮን ብማዕረ ጽቡቕ ንሕግዝ እንተ ኾንና ክንፈልጥ ኢልና ኢና እንሓትት። መልስኹም ብዘይ ስም እዩ።
survey-exit = ምብጻሕኩም ከመይ ነይሩ?
survey-exit-hint = ንኽልተ ሓጸርቲ ሕቶታት መልሱ

## Accessibility panel (the button with the accessibility symbol, on every screen)
access-title = ነቲ ስክሪን ንምጥቃም ቀሊል ግበርዎ
access-contrast = ዝያዳ ንጹር ሕብሪ
access-large-text = ዓበይቲ ፊደላት
access-reach = ቁልፍታት ኣብ ታሕቲ
access-done = ተወዲኡ

## Check-in: the same officer told several times within minutes (no mail is sent)
checkin-ask-desk = ሕጂ ን { $officer } ብዙሕ ግዜ ሓቢርናዮም ኢና። በጃኹም ኣብ መቐበሊ ሕተቱ። ሰራሕተኛታት ክሕግዙኹም እዮም።

## Read aloud on a confidential page: asked first
readaloud-confirm = እቲ ጽሑፍ ብዓው ኢሉ ክንበብ እዩ። ኣብ ጥቓኹም ዘለዉ ሰባት ክሰምዕዎ ይኽእሉ።
readaloud-yes = ብዓው ኣንብብ
readaloud-no = ኣይፋል

nav-more-below = ተወሳኺ ኣብ ታሕቲ
nav-more-above = ተወሳኺ ኣብ ላዕሊ
