# Entré – Tigrinya (ትግርኛ, as written by Eritreans in Sweden).
# Keep it short and plain: short sentences, one thing at a time.
# The visitor is addressed in the polite plural (-ኩም), as is usual
# when speaking respectfully, also to one person.

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
purpose-guide = ምስ ኣማኻሪ ክዛረብ እደሊ
purpose-computer = ኮምፒተር ክለቅሕ እደሊ

## Where do I go?
# "handläggare" (case officer) = ጉዳይኩም ዝከታተል ሰራሕተኛ
# ("the employee who follows your case").
checkin-where = ናብ መቐበሊ ኪዱ። ቆጸራ ከም ዘለኩም ንገሩ። ነቲ ጉዳይኩም ዝከታተል ሰራሕተኛ ኣብዚ ከም ዘለኹም ክንሕብሮ ኢና።
guidance-where = ናብቶም ኣብ ጠረጴዛ ዘለዉ ኣማኸርቲ ኪዱ። ብጉዳይኩም ክሕግዙኹም እዮም።
info-guide = ኣብ ጠረጴዛ ናይ መስርዕ ቁጽሪ ውሰዱ። ኣማኻሪ ቁጽርኹም ክጽውዕ እዩ። ብነጻ እዩ።
info-computer = ኮምፒተራት ኣብ ጥቓ መስኮት ኣለዉ። ካርድ ቤት መጻሕፍቲ ኣየድልየኩምን። ሓገዝ እንተደሊኹም ንኣማኻሪ ሕተቱ።
flow-opening-hours = ናይ ስራሕ ሰዓታት: { $hours }

## Are you still there?
idle-title = ገና ኣብዚ ኣለኹም ዶ?
idle-countdown = እዚ ስክሪን ድሕሪ { $seconds ->
    [one] { $seconds } ካልኢት
   *[other] { $seconds } ካልኢታት
} ካብ መጀመርታ ክጅምር እዩ።
idle-more-time = ተወሳኺ ግዜ የድልየኒ

## Out of order
out-of-order-title = እዚ ስክሪን ሕጂ ኣይሰርሕን እዩ
out-of-order-body = በጃኹም ነቶም ኣብ መቐበሊ ዘለዉ ሰራሕተኛታት ሕተቱ።
