# Entré – Turkish (Türkçe, plain and short).
# Keep it short and plain: short sentences, one thing at a time.
# The visitor is addressed politely with "siz". Buttons use short forms.
# No suffix is ever attached to { $office } or { $officer }: the officer's
# name stands alone or before "adlı görevli" ("the officer named …").

# The language's name in the language itself, shown on the welcome screen.
language-name = Türkçe

## Welcome screen
welcome-title = Hoş geldiniz – { $office }
welcome-choose-language = Dilinizi seçin

## Navigation (on every screen)
nav-back = Geri
nav-start-over = Baştan başlayın

## What do you want to do?
purpose-title = Bugün ne yapmak istiyorsunuz?
purpose-checkin = Randevum var
purpose-guidance = Bir konuda yardıma ihtiyacım var
purpose-guide = Bir danışmanla konuşmak istiyorum
purpose-computer = Bilgisayar ödünç almak istiyorum

## Where do I go?
checkin-where = Resepsiyona gidin. Randevunuz olduğunu söyleyin. İşinizle ilgilenen görevliye burada olduğunuzu haber vereceğiz.
guidance-where = Resepsiyona gidin. Oradaki danışmanlar işiniz için size yardım edecek.
info-guide = Resepsiyona bir danışmanla konuşmak istediğinizi söyleyin. Bir danışman yanınıza gelecek. Bu hizmet ücretsizdir.
info-computer = Bilgisayarlar pencerenin yanında. Kütüphane kartına ihtiyacınız yok. Yardım isterseniz bir danışmana sorun.
flow-opening-hours = Çalışma saatleri: { $hours }

## Are you still there?
idle-title = Hâlâ burada mısınız?
idle-countdown = { $seconds ->
    [one] { $seconds } saniye
   *[other] { $seconds } saniye
} sonra ekran başa dönecek.
idle-more-time = Daha fazla zamana ihtiyacım var

## Out of order
out-of-order-title = Bu ekran şu anda çalışmıyor
out-of-order-body = Lütfen resepsiyondaki görevlilere sorun.

## I have an appointment
checkin-units-title = Randevunuz nerede?
checkin-officers-title = Randevunuz kiminle?
checkin-search-title = Randevunuz kiminle?
checkin-search-hint = Kişinin adının veya soyadının ilk harflerini yazın.
checkin-search-none = Bu isimde kimseyi bulamadık. Lütfen resepsiyona sorun.
nav-page = Sayfa { $page } / { $pages }
checkin-name-title-initials = Adınızın ve soyadınızın ilk harfini yazmak ister misiniz?
checkin-name-title-first = Adınızı yazmak ister misiniz?
checkin-name-why = Böylece görevli kimin beklediğini bilir. Bu adımı atlayabilirsiniz.
checkin-name-skip = Atla
checkin-name-next = Devam
checkin-confirm-title = { $officer } adlı görevliye burada olduğunuzu haber verelim mi?
checkin-confirm-yes = Evet, haber verin
checkin-sending = { $officer } adlı görevliye haber veriyoruz …
checkin-done-ok = { $officer } burada olduğunuzu biliyor. Lütfen oturup bekleyin.
checkin-done-failed = Şu anda { $officer } adlı görevliye ulaşamadık. Lütfen resepsiyondaki görevlilere söyleyin.
checkin-away = { $officer } bugün burada değil. Lütfen resepsiyona sorun.
checkin-done-button = Tamam

## Help with an errand
guidance-title = İşiniz hangi konuda?
guidance-steps = Yapmanız gerekenler
guidance-need = İhtiyacınız olanlar
guidance-link = Telefonunuzda devam edin
guidance-link-hint = Telefonunuzun kamerasını koda tutun.
guidance-help = Bu ofiste yardım
guidance-terms = Göreceğiniz İsveççe kelimeler
guidance-time = Ne kadar sürer
guidance-tips = Bilmekte fayda var
guidance-private = Bizimle özel bir odada konuşabilirsiniz.
guidance-untranslated = Bu metin henüz sizin dilinizde yok. İşte İsveççesi.
guidance-done = Tamam
survey-learned = Bugün yeni bir şey öğrendiniz mi?
survey-self = Sizce bir dahaki sefere bunu kendiniz yapabilir misiniz?
survey-yes = Evet
survey-no = Hayır
survey-skip = Atla
survey-thanks = Yardımınız için teşekkürler!
survey-gender = Cinsiyetiniz nedir?
survey-gender-woman = Kadın
survey-gender-man = Erkek
survey-gender-another = Başka bir cevap
survey-gender-no-say = Belirtmek istemiyorum
survey-gender-why = Kadınlara ve erkeklere eşit derecede iyi yardım edip etmediğimizi bilmek için soruyoruz. Cevabınız isimsizdir.
survey-exit = Ziyaretiniz nasıl geçti?
survey-exit-hint = İki kısa soruyu cevaplayın

## Accessibility panel (the button with the accessibility symbol, on every screen)
access-title = Ekranı daha kolay kullanın
access-contrast = Yüksek kontrast
access-large-text = Daha büyük yazı
access-reach = Düğmeler daha aşağıda
access-done = Tamam

## Check-in: the same officer told several times within minutes (no mail is sent)
checkin-ask-desk = { $officer } adlı görevliye az önce birkaç kez haber verdik. Lütfen resepsiyona sorun. Görevliler size yardım edecek.

## Read aloud on a confidential page: asked first
readaloud-confirm = Metin sesli okunacak. Yakındaki insanlar duyabilir.
readaloud-yes = Sesli oku
readaloud-no = Hayır

nav-more-below = Devamı aşağıda
nav-more-above = Öncesi yukarıda
