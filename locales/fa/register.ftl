# Entré – Persian: "I want help from a guide" (flow = "register").
# No queue and no queue ticket: the visitor registers the errand and a
# guide comes to them. Keep it short and plain. Polite "شما".
# guide (vägledare) = راهنما, as in purpose-guide; reception = پذیرش.
# Persian plural categories (CLDR): one = 0 and 1, other. Nouns stay
# singular after a number, so "one" and "other" differ only in wording.

register-where = کار اداری خود را اینجا ثبت کنید. یک راهنما پیش شما می‌آید.

## Step 1: What is it about?
register-errand-title = کار شما درباره‌ی چیست؟
register-errand-other = موضوع دیگری

## Step 2: Language
register-language-title = به چه زبانی کمک می‌خواهید؟
register-language-why = همه‌ی راهنماها به همه کمک می‌کنند. با دانستن زبان، می‌توانیم یک همکار بیاوریم یا مترجم رزرو کنیم.
register-language-swedish = سوئدی هم خوب است
register-language-more = زبان‌های دیگر

## Step 3: Needs (optional)
register-needs-title = آیا به یکی از این‌ها نیاز دارید؟
register-need-private = لازم است خصوصی صحبت کنم
register-need-seated = لازم است بنشینم یا از ویلچر استفاده می‌کنم
register-need-interpreter = مترجم لازم دارم

## Step 4: Where will you wait? (optional)
register-zone-title = کجا منتظر می‌مانید؟
zone-computers = کنار کامپیوترها
zone-sofas = روی مبل‌ها

## Buttons
register-next = بعدی
register-skip = رد کردن
register-submit = ثبت

## Confirmation
register-sending = در حال خبر دادن به راهنماها …
register-code = شماره‌ی شما { $code } است.
# Read aloud: the letter and the digits one by one, e.g. "K, 2, 7".
register-code-spoken = شماره‌ی شما { $spelled } است.
register-comes = یک راهنما پیش شما می‌آید.
register-comes-zone = یک راهنما پیش شما می‌آید. محل: { $zone }.
register-ahead = { $ahead ->
    [0] کسی قبل از شما منتظر نیست.
    [one] حدود یک نفر قبل از شما منتظر است.
   *[other] حدود { $ahead } نفر قبل از شما منتظرند.
}
register-wait = { $minutes ->
    [one] حدود { $minutes } دقیقه منتظر می‌مانید.
   *[other] حدود { $minutes } دقیقه منتظر می‌مانید.
}
register-meanwhile = در زمان انتظار، کار خود را شروع کنید
register-meanwhile-title = در زمان انتظار
register-failed = نتوانستیم با راهنماها تماس بگیریم. لطفاً به پذیرش بروید.
register-done = تمام
