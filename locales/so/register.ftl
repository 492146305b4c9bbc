# Entré – Somali: "I want help from a guide" (flow = "register").
# No queue and no queue ticket: the visitor registers the errand and a
# guide comes to them. Keep it short and plain. Singular "adiga".
# guide (vägledare) = hage (hagaha, pl. hageyaasha), as in purpose-guide; never
# la-taliye, which is a specialist adviser (rådgivare). reception = qaabilaadda.
# Somali plural categories (CLDR): one = 1, other.

register-where = Halkan ku diiwaangeli arrintaada. Hage ayaa kuu iman doona.

## Step 1: What is it about?
register-errand-title = Arrintaadu maxay ku saabsan tahay?
register-errand-other = Wax kale

## Step 2: Language
register-language-title = Luqaddee ayaad caawimaad ku rabtaa?
register-language-why = Hage kasta wuu caawiyaa qof kasta. Luqaddu waxay naga caawisaa inaan keenno shaqaale kale ama aan dalbanno turjumaan.
register-language-swedish = Af-Iswiidhish waa igu filan yahay
register-language-more = Luqado kale

## Step 3: Needs (optional)
register-needs-title = Ma u baahan tahay mid ka mid ah kuwan?
register-need-private = Waxaan u baahanahay inaan si gaar ah u hadlo
register-need-seated = Waxaan u baahanahay inaan fadhiisto ama waxaan isticmaalaa kursi-gaari
register-need-interpreter = Waxaan u baahanahay turjumaan

## Step 4: Where will you wait? (optional)
register-zone-title = Xaggee ku sugaysaa?
zone-computers = Kombiyuutarada agtooda
zone-sofas = Kuraasta fadhiga

## Buttons
register-next = Xiga
register-skip = Ka bood
register-submit = Diiwaangeli

## Confirmation
register-sending = Waxaan u sheegaynaa hageyaasha …
register-code = Lambarkaagu waa { $code }.
# Read aloud: the letter and the digits one by one, e.g. "K, 2, 7".
register-code-spoken = Lambarkaagu waa { $spelled }.
register-comes = Hage ayaa kuu iman doona.
register-comes-zone = Hage ayaa kuu iman doona. Meesha: { $zone }.
register-ahead = { $ahead ->
    [0] Qofna kaa hor ma sugayo.
    [one] Qiyaastii hal qof ayaa kaa hor sugaya.
   *[other] Qiyaastii { $ahead } qof ayaa kaa hor sugaya.
}
register-wait = { $minutes ->
    [one] Qiyaastii hal daqiiqo.
   *[other] Qiyaastii { $minutes } daqiiqo.
}
register-meanwhile = Ku bilow arrintaada inta aad sugayso
register-meanwhile-title = Inta aad sugayso
register-failed = Ma aanu la xiriiri karin hageyaasha. Fadlan tag qaabilaadda.
register-done = Waa dhammaatay
