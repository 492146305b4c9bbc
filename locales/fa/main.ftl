# Entré – Persian (فارسی, Farsi as used in Sweden, plain and short).
# Keep it short and plain: short sentences, one thing at a time.
# The visitor is addressed with the polite "شما". Numbers are shown as
# Latin digits. Persian letters: ی (U+06CC) and ک (U+06A9), not the Arabic U+064A/U+0643;
# the zero-width non-joiner (U+200C) is used as in standard spelling (می‌خواهید).

# The language's name in the language itself, shown on the welcome screen.
language-name = فارسی

## Welcome screen
welcome-title = به { $office } خوش آمدید
welcome-choose-language = زبان خود را انتخاب کنید

## Navigation (on every screen)
nav-back = بازگشت
nav-start-over = شروع دوباره

## What do you want to do?
purpose-title = امروز می‌خواهید چه کاری انجام دهید؟
purpose-checkin = وقت ملاقات دارم
purpose-guidance = برای یک کار اداری کمک لازم دارم
purpose-guide = می‌خواهم با یک راهنما صحبت کنم
purpose-computer = می‌خواهم از یک کامپیوتر استفاده کنم

## Where do I go?
# "handläggare" (case officer) = مسئول پرونده‌ی شما
# ("the person responsible for your file").
checkin-where = به پذیرش بروید. بگویید که وقت ملاقات دارید. ما به مسئول پرونده‌ی شما خبر می‌دهیم که اینجا هستید.
guidance-where = به پذیرش بروید. راهنماهای آنجا در کارتان به شما کمک می‌کنند.
info-guide = به پذیرش بگویید که می‌خواهید با یک راهنما صحبت کنید. یک راهنما پیش شما می‌آید. این خدمت رایگان است.
info-computer = کامپیوترها کنار پنجره هستند. به کارت کتابخانه نیاز ندارید. اگر کمک می‌خواهید، از یک راهنما بپرسید.
flow-opening-hours = ساعات کار: { $hours }

## Are you still there?
# Persian plural categories (CLDR): one = 0 and 1, other = the rest.
# A noun after a number stays singular, so both forms read the same.
idle-title = هنوز اینجا هستید؟
idle-countdown = صفحه { $seconds ->
    [one] { $seconds } ثانیه‌ی
   *[other] { $seconds } ثانیه‌ی
} دیگر از اول شروع می‌شود.
idle-more-time = به وقت بیشتری نیاز دارم

## Out of order
out-of-order-title = این صفحه الان کار نمی‌کند
out-of-order-body = لطفاً از کارکنان پذیرش بپرسید.

## I have an appointment
# { $officer } is a Latin-script name and may be a man or a woman. Persian
# has no grammatical gender; the sentences still put Persian words first
# so that each line starts right to left.
checkin-units-title = وقت ملاقات شما در کدام بخش است؟
checkin-officers-title = وقت ملاقات شما با چه کسی است؟
checkin-search-title = وقت ملاقات شما با چه کسی است؟
checkin-search-hint = حرف‌های اول نام یا نام خانوادگی او را بنویسید.
checkin-search-none = کسی با این نام پیدا نکردیم. لطفاً در پذیرش بپرسید.
nav-page = صفحه { $page } از { $pages }
checkin-name-title-initials = می‌خواهید حرف اول نام و نام خانوادگی‌تان را بنویسید؟
checkin-name-title-first = می‌خواهید نام کوچک خود را بنویسید؟
checkin-name-why = با این کار، مسئول پرونده‌ی شما می‌داند چه کسی منتظر است. می‌توانید این مرحله را رد کنید.
checkin-name-skip = رد کردن
checkin-name-next = ادامه
checkin-confirm-title = به { $officer } خبر بدهیم که اینجا هستید؟
checkin-confirm-yes = بله، خبر بدهید
checkin-sending = در حال خبر دادن به { $officer } …
checkin-done-ok = به { $officer } خبر دادیم که اینجا هستید. لطفاً بنشینید و منتظر بمانید.
checkin-done-failed = الان نتوانستیم به { $officer } خبر بدهیم. لطفاً به کارکنان پذیرش بگویید.
checkin-away = امروز { $officer } اینجا نیست. لطفاً در پذیرش بپرسید.
checkin-done-button = تمام

## Help with an errand
guidance-title = کار اداری شما درباره‌ی چیست؟
guidance-steps = مراحل کار
guidance-need = آنچه لازم دارید
guidance-link = در موبایل خود ادامه دهید
guidance-link-hint = دوربین موبایل خود را به طرف کد بگیرید.
guidance-help = کمک در همین دفتر
guidance-terms = کلمه‌های سوئدی که خواهید دید
guidance-time = این کار چقدر طول می‌کشد
guidance-tips = خوب است بدانید
guidance-private = می‌توانید در یک اتاق جداگانه با ما صحبت کنید.
guidance-untranslated = این متن هنوز به زبان شما ترجمه نشده است. متن سوئدی آن اینجاست.
guidance-done = تمام
survey-learned = امروز چیز تازه‌ای یاد گرفتید؟
survey-self = فکر می‌کنید دفعه‌ی بعد بتوانید این کار را خودتان انجام دهید؟
survey-yes = بله
survey-no = نه
survey-skip = رد کردن
survey-thanks = از کمک شما ممنونیم!
survey-gender = جنسیت شما چیست؟
survey-gender-woman = زن
survey-gender-man = مرد
survey-gender-another = جواب دیگر
survey-gender-no-say = نمی‌خواهم جواب بدهم
survey-gender-why = می‌پرسیم تا بدانیم آیا به زنان و مردان به یک اندازه خوب کمک می‌کنیم. جواب شما ناشناس است.
survey-exit = مراجعه‌ی شما چطور بود؟
survey-exit-hint = به دو سؤال کوتاه جواب بدهید

## Accessibility panel (the button with the accessibility symbol, on every screen)
access-title = استفاده از صفحه را آسان‌تر کنید
access-contrast = کنتراست بالا
access-large-text = متن بزرگ‌تر
access-reach = دکمه‌ها پایین‌تر
access-done = تمام

## Check-in: the same officer told several times within minutes (no mail is sent)
checkin-ask-desk = همین الان چند بار به { $officer } خبر دادیم. لطفاً در پذیرش بپرسید. کارکنان به شما کمک می‌کنند.

## Read aloud on a confidential page: asked first
readaloud-confirm = متن با صدای بلند خوانده می‌شود. افراد نزدیک شما می‌توانند آن را بشنوند.
readaloud-yes = بلند بخوان
readaloud-no = نه

nav-more-below = بیشتر در پایین
nav-more-above = بیشتر در بالا
