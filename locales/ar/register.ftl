# Entré – Arabic: "I want help from a guide" (flow = "register").
# No queue and no queue ticket: the visitor registers the errand and a
# guide comes to them. Keep it short and plain.
# guide (vägledare) = موظف إرشاد, as in purpose-guide; reception = الاستقبال.
# Arabic plural categories (CLDR): one = 1, two = 2, few = 3–10,
# many = 11–99, other = 0, 100, 101 … ([0] is matched first).

register-where = سجّل معاملتك هنا. سيأتي إليك موظف إرشاد.

## Step 1: What is it about?
register-errand-title = ما موضوع معاملتك؟
register-errand-other = شيء آخر

## Step 2: Language
register-language-title = بأي لغة تريد المساعدة؟
register-language-why = كل موظفي الإرشاد يساعدون الجميع. معرفة لغتك تساعدنا على إحضار زميل أو حجز مترجم.
register-language-swedish = السويدية مناسبة لي
register-language-more = لغات أخرى

## Step 3: Needs (optional)
register-needs-title = هل تحتاج إلى شيء من هذا؟
register-need-private = أحتاج إلى التحدث على انفراد
register-need-seated = أحتاج إلى الجلوس أو أستخدم كرسيًا متحركًا
register-need-interpreter = أحتاج إلى مترجم

## Step 4: Where will you wait? (optional)
register-zone-title = أين ستنتظر؟
zone-computers = بجانب أجهزة الكمبيوتر
zone-sofas = على الأرائك

## Buttons
register-next = التالي
register-skip = تخطي
register-submit = سجّل

## Confirmation
register-sending = نخبر موظفي الإرشاد الآن …
register-code = رقمك هو { $code }.
# Read aloud: the letter and the digits one by one, e.g. "K, 2, 7".
register-code-spoken = رقمك هو { $spelled }.
register-comes = سيأتي إليك موظف إرشاد.
register-comes-zone = سيأتي إليك موظف إرشاد. المكان: { $zone }.
register-ahead = { $ahead ->
    [0] لا أحد ينتظر قبلك.
    [one] ينتظر قبلك شخص واحد تقريبًا.
    [two] ينتظر قبلك شخصان تقريبًا.
    [few] ينتظر قبلك { $ahead } أشخاص تقريبًا.
    [many] ينتظر قبلك { $ahead } شخصًا تقريبًا.
   *[other] ينتظر قبلك { $ahead } شخص تقريبًا.
}
register-wait = { $minutes ->
    [one] ستنتظر حوالي دقيقة واحدة.
    [two] ستنتظر حوالي دقيقتين.
    [few] ستنتظر حوالي { $minutes } دقائق.
    [many] ستنتظر حوالي { $minutes } دقيقة.
   *[other] ستنتظر حوالي { $minutes } دقيقة.
}
register-meanwhile = ابدأ معاملتك أثناء الانتظار
register-meanwhile-title = أثناء الانتظار
register-failed = لم نستطع التواصل مع موظفي الإرشاد. من فضلك، اذهب إلى الاستقبال.
register-done = تم
