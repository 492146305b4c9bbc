# Entré – Arabic (Modern Standard Arabic, plain and short).
# Keep it short and plain: short sentences, one thing at a time.
# The visitor is addressed in the masculine singular, as usual in Swedish
# authorities' Arabic texts. Numbers are shown as Latin digits.

# The language's name in the language itself, shown on the welcome screen.
language-name = العربية

## Welcome screen
welcome-title = مرحبًا بك في { $office }
welcome-choose-language = اختر لغتك

## Navigation (on every screen)
nav-back = رجوع
nav-start-over = ابدأ من جديد

## What do you want to do?
purpose-title = ماذا تريد أن تفعل اليوم؟
purpose-checkin = لدي موعد
purpose-guidance = أحتاج إلى مساعدة في معاملة
purpose-guide = أريد التحدث مع موظف إرشاد
purpose-computer = أريد استعارة جهاز كمبيوتر

## Where do I go?
# "handläggare" (case officer) = الموظف المسؤول عن ملفك
checkin-where = اذهب إلى الاستقبال. قل إن لديك موعدًا. سنخبر الموظف المسؤول عن ملفك أنك هنا.
guidance-where = اذهب إلى الاستقبال. سيساعدك موظفو الإرشاد هناك في معاملتك.
info-guide = أخبر الموظفين في الاستقبال أنك تريد التحدث مع موظف إرشاد. سيأتي إليك موظف إرشاد. هذه الخدمة مجانية.
info-computer = أجهزة الكمبيوتر بجانب النافذة. لا تحتاج إلى بطاقة مكتبة. إذا أردت مساعدة، اسأل موظف الإرشاد.
flow-opening-hours = أوقات العمل: { $hours }

## Are you still there?
# Arabic plural categories (CLDR): one = 1, two = 2, few = 3–10,
# many = 11–99, other = 0, 100, 101, 102 …
idle-title = هل ما زلت هنا؟
idle-countdown = بعد { $seconds ->
    [one] ثانية واحدة
    [two] ثانيتين
    [few] { $seconds } ثوانٍ
    [many] { $seconds } ثانية
   *[other] { $seconds } ثانية
} ستبدأ الشاشة من جديد.
idle-more-time = أحتاج إلى وقت أطول

## Out of order
out-of-order-title = هذه الشاشة لا تعمل الآن
out-of-order-body = من فضلك، اسأل الموظفين في الاستقبال.

## I have an appointment
# { $officer } is a Latin-script name and may be a man or a woman, so these
# sentences avoid verbs and adjectives that agree with the officer
# (e.g. passive "تم إخبار" instead of "يعلم/تعلم").
checkin-units-title = أين موعدك؟
checkin-officers-title = مع من موعدك؟
checkin-search-title = مع من موعدك؟
checkin-search-hint = اكتب الحروف الأولى من الاسم الأول أو اسم العائلة.
checkin-search-none = لم نجد أحدًا بهذا الاسم. من فضلك، اسأل في الاستقبال.
nav-page = صفحة { $page } من { $pages }
checkin-name-title-initials = هل تريد أن تكتب الحرف الأول من اسمك الأول واسم عائلتك؟
checkin-name-title-first = هل تريد أن تكتب اسمك الأول؟
checkin-name-why = هكذا يعرف الموظف المسؤول عن ملفك من ينتظر. يمكنك تخطي هذه الخطوة.
checkin-name-skip = تخطي
checkin-name-next = متابعة
checkin-confirm-title = هل نخبر { $officer } أنك هنا؟
checkin-confirm-yes = نعم، من فضلك
checkin-sending = نخبر { $officer } الآن …
checkin-done-ok = تم إخبار { $officer } أنك هنا. تفضل بالجلوس.
checkin-done-failed = لم نستطع التواصل مع { $officer } الآن. من فضلك، أخبر الموظفين في الاستقبال.
# "is not here today": "خارج المكتب" (out of the office) is an adverbial
# phrase, so it does not agree with the officer's gender; "اليوم" first
# so that the line starts right to left.
checkin-away = اليوم، { $officer } خارج المكتب. من فضلك، اسأل في الاستقبال.
checkin-done-button = تم

## Help with an errand
guidance-title = ما موضوع معاملتك؟
guidance-steps = ما عليك فعله
guidance-need = ما تحتاج إليه
guidance-link = تابع على هاتفك
guidance-link-hint = وجّه كاميرا هاتفك نحو الرمز.
guidance-help = مساعدة هنا في المكتب
guidance-terms = كلمات سويدية ستراها
guidance-time = كم من الوقت يستغرق الأمر
guidance-tips = من المفيد أن تعرف
guidance-private = يمكنك التحدث معنا في غرفة خاصة.
guidance-untranslated = هذا النص غير متوفر بلغتك بعد. هذا هو النص باللغة السويدية.
guidance-done = تم
survey-learned = هل تعلمت شيئًا جديدًا اليوم؟
survey-self = هل تعتقد أنك تستطيع القيام بذلك بنفسك في المرة القادمة؟
survey-yes = نعم
survey-no = لا
survey-skip = تخطي
survey-thanks = شكرًا لمساعدتك!
survey-gender = هل أنت …
survey-gender-woman = امرأة
survey-gender-man = رجل
survey-gender-another = إجابة أخرى
survey-gender-no-say = لا أريد الإجابة
survey-gender-why = نسأل لنعرف إن كنا نساعد النساء والرجال بنفس الجودة. إجابتك مجهولة الهوية.
survey-exit = كيف كانت زيارتك؟
survey-exit-hint = أجب عن سؤالين قصيرين

## Accessibility panel (the button with the accessibility symbol, on every screen)
access-title = اجعل الشاشة أسهل في الاستخدام
access-contrast = تباين قوي
access-large-text = خط أكبر
access-reach = الأزرار في أسفل الشاشة
access-done = تم

## Check-in: the same officer told several times within minutes (no mail is sent)
checkin-ask-desk = لقد أخبرنا { $officer } عدة مرات قبل قليل. من فضلك، اسأل في الاستقبال. سيساعدك الموظفون.

## Read aloud on a confidential page: asked first
readaloud-confirm = سيُقرأ النص بصوت عالٍ. يمكن للأشخاص القريبين منك سماعه.
readaloud-yes = اقرأ بصوت عالٍ
readaloud-no = لا

nav-more-below = المزيد في الأسفل
nav-more-above = المزيد في الأعلى
