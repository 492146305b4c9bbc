# Entré – Tigrinya: "I want help from a guide" (flow = "register").
# No queue and no queue ticket: the visitor registers the errand and a
# guide comes to them. Keep it short and plain. Polite plural (-ኩም).
# guide (vägledare) = ሓጋዚ (plural ሓገዝቲ), as in purpose-guide; never
# ኣማኻሪ, which is a specialist adviser (rådgivare). reception = መቐበሊ.
# Tigrinya plural categories (CLDR): one = 0 and 1, other ([0] is matched first).

register-where = ጉዳይኩም ኣብዚ ኣመዝግቡ። ሓጋዚ ናባኹም ክመጽእ እዩ።

## Step 1: What is it about?
register-errand-title = ጉዳይኩም ብዛዕባ እንታይ እዩ?
register-errand-other = ካልእ ነገር

## Step 2: Language
register-language-title = ብኣየናይ ቋንቋ ሓገዝ ትደልዩ?
register-language-why = ኩሎም ሓገዝቲ ንኹሉ ሰብ ይሕግዙ። ቋንቋኹም ምፍላጥ መሳርሕቲ ክንጽውዕ ወይ ተርጓሚ ክንሕዝ ይሕግዘና።
register-language-swedish = ቋንቋ ሽወደን ይኣኽለኒ
register-language-more = ካልኦት ቋንቋታት

## Step 3: Needs (optional)
register-needs-title = ካብዚኦም ገለ የድልየኩም ድዩ?
register-need-private = ብብሕቲ ክዛረብ የድልየኒ
register-need-seated = ኮፍ ክብል የድልየኒ ወይ ዓረብያ ስንኩላን እጥቀም
register-need-interpreter = ተርጓሚ የድልየኒ

## Step 4: Where will you wait? (optional)
register-zone-title = ኣበይ ክትጽበዩ ኢኹም?
zone-computers = ኣብ ጥቓ ኮምፒተራት
zone-sofas = ኣብ ሶፋታት

## Buttons
register-next = ዝቕጽል
register-skip = ሕለፉ
register-submit = ኣመዝግቡ

## Confirmation
register-sending = ንሓገዝቲ ንሕብር ኣለና …
register-code = ቁጽርኹም { $code } እዩ።
# Read aloud: the letter and the digits one by one, e.g. "K, 2, 7".
register-code-spoken = ቁጽርኹም { $spelled } እዩ።
register-comes = ሓጋዚ ናባኹም ክመጽእ እዩ።
register-comes-zone = ሓጋዚ ናባኹም ክመጽእ እዩ። ቦታ: { $zone }።
register-ahead = { $ahead ->
    [0] ቅድሜኹም ዝጽበ ሰብ የለን።
    [one] ቅድሜኹም ብግምት ሓደ ሰብ ኣሎ።
   *[other] ቅድሜኹም ብግምት { $ahead } ሰባት ኣለዉ።
}
register-wait = { $minutes ->
    [one] ብግምት { $minutes } ደቒቕ።
   *[other] ብግምት { $minutes } ደቓይቕ።
}
register-meanwhile = እናተጸበኹም ጉዳይኩም ጀምሩ
register-meanwhile-title = እናተጸበኹም
register-failed = ንሓገዝቲ ክንረኽቦም ኣይከኣልናን። በጃኹም ናብ መቐበሊ ኪዱ።
register-done = ተወዲኡ
