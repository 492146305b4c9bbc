# Entré – Turkish: "I want help from a guide" (flow = "register").
# No queue and no queue ticket: the visitor registers the errand and a
# guide comes to them. Keep it short and plain. Polite "siz".
# guide (vägledare) = danışman, as in purpose-guide; reception = resepsiyon.
# No suffix is attached to { $code }, { $spelled } or { $zone }.
# Turkish plural categories (CLDR): one = 1, other. Nouns stay singular
# after a number.

register-where = İşinizi burada kaydedin. Bir danışman yanınıza gelecek.

## Step 1: What is it about?
register-errand-title = İşiniz hangi konuda?
register-errand-other = Başka bir konu

## Step 2: Language
register-language-title = Hangi dilde yardım istersiniz?
register-language-why = Her danışman herkese yardım eder. Dili bilirsek bir iş arkadaşımızı getirebilir veya tercüman ayarlayabiliriz.
register-language-swedish = İsveççe olur
register-language-more = Başka diller

## Step 3: Needs (optional)
register-needs-title = Bunlardan birine ihtiyacınız var mı?
register-need-private = Özel olarak konuşmam gerekiyor
register-need-seated = Oturmam gerekiyor veya tekerlekli sandalye kullanıyorum
register-need-interpreter = Tercümana ihtiyacım var

## Step 4: Where will you wait? (optional)
register-zone-title = Nerede bekleyeceksiniz?
zone-computers = Bilgisayarların yanında
zone-sofas = Koltuklarda

## Buttons
register-next = İleri
register-skip = Atla
register-submit = Kaydet

## Confirmation
register-sending = Danışmanlara haber veriyoruz …
register-code = Numaranız: { $code }.
# Read aloud: the letter and the digits one by one, e.g. "K, 2, 7".
register-code-spoken = Numaranız: { $spelled }.
register-comes = Bir danışman yanınıza gelecek.
register-comes-zone = Bir danışman yanınıza gelecek. Yer: { $zone }.
register-ahead = { $ahead ->
    [0] Sizden önce bekleyen kimse yok.
    [one] Sizden önce yaklaşık bir kişi var.
   *[other] Sizden önce yaklaşık { $ahead } kişi var.
}
register-wait = { $minutes ->
    [one] Yaklaşık bir dakika beklersiniz.
   *[other] Yaklaşık { $minutes } dakika beklersiniz.
}
register-meanwhile = Beklerken işinize başlayın
register-meanwhile-title = Beklerken
register-failed = Danışmanlara ulaşamadık. Lütfen resepsiyona gidin.
register-done = Tamam
