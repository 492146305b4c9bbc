# Entré – Ukrainian (українська, plain and short).
# Keep it short and plain: short sentences, one thing at a time.
# The visitor is addressed politely with "ви" (plural verb forms, which
# mark no gender). { $officer } is a Latin-script name and may be a man or
# a woman, so no past-tense verb or adjective agrees with it.
# guide (vägledare, the office's staff) = консультант; adviser (rådgivare,
# a specialist) = радник. The place = рецепція ("на рецепції").
# "рахунок" only for a bank account ("банківський рахунок"); a bill to pay
# is "рахунок до сплати" / "платіж", never a bare "рахунок".

# The language's name in the language itself, shown on the welcome screen.
language-name = Українська

## Welcome screen
welcome-title = Ласкаво просимо до { $office }
welcome-choose-language = Оберіть мову

## Navigation (on every screen)
nav-back = Назад
nav-start-over = Почати спочатку

## What do you want to do?
purpose-title = Що ви хочете зробити сьогодні?
purpose-checkin = У мене є запис на прийом
purpose-guidance = Мені потрібна допомога з моєю справою
purpose-guide = Я хочу поговорити з консультантом
purpose-computer = Я хочу скористатися комп’ютером

## Where do I go?
checkin-where = Підійдіть до рецепції. Скажіть, що у вас є запис на прийом. Ми повідомимо працівника, який веде вашу справу, що ви тут.
guidance-where = Підійдіть до рецепції. Консультанти там допоможуть вам із вашою справою.
info-guide = Скажіть на рецепції, що хочете поговорити з консультантом. Консультант підійде до вас. Це безкоштовно.
info-computer = Комп’ютери стоять біля вікна. Бібліотечна картка не потрібна. Якщо вам потрібна допомога, зверніться до консультанта.
flow-opening-hours = Години роботи: { $hours }

## Are you still there?
idle-title = Ви ще тут?
idle-countdown = Через { $seconds ->
    [one] { $seconds } секунду
    [few] { $seconds } секунди
    [many] { $seconds } секунд
   *[other] { $seconds } секунди
} екран повернеться на початок.
idle-more-time = Мені потрібно більше часу

## Out of order
out-of-order-title = Цей екран зараз не працює
out-of-order-body = Будь ласка, зверніться до працівників на рецепції.

## I have an appointment
checkin-units-title = Де у вас запис на прийом?
checkin-officers-title = До кого у вас запис?
checkin-search-title = До кого у вас запис?
checkin-search-hint = Введіть перші літери імені або прізвища цієї людини.
checkin-search-none = Ми не знайшли нікого з таким ім’ям. Будь ласка, запитайте на рецепції.
nav-page = Сторінка { $page } з { $pages }
checkin-name-title-initials = Бажаєте ввести першу літеру свого імені та прізвища?
checkin-name-title-first = Бажаєте ввести своє ім’я?
checkin-name-why = Тоді працівник, який веде вашу справу, знатиме, хто чекає. Цей крок можна пропустити.
checkin-name-skip = Пропустити
checkin-name-next = Далі
checkin-confirm-title = Повідомити { $officer }, що ви тут?
checkin-confirm-yes = Так, повідомити
checkin-sending = Повідомляємо { $officer } …
checkin-done-ok = { $officer } уже знає, що ви тут. Присядьте, будь ласка, і зачекайте.
checkin-done-failed = Зараз не вдалося зв’язатися з { $officer }. Будь ласка, скажіть про це працівникам на рецепції.
checkin-away = Сьогодні { $officer } не приймає відвідувачів. Будь ласка, запитайте на рецепції.
checkin-done-button = Готово

## Help with an errand
guidance-title = Чого стосується ваша справа?
guidance-steps = Що робити
guidance-need = Що вам потрібно
guidance-link = Продовжити в телефоні
guidance-link-hint = Наведіть камеру телефону на код.
guidance-help = Допомога тут, в офісі
guidance-terms = Шведські слова, які ви побачите
guidance-time = Скільки це триває
guidance-tips = Корисно знати
guidance-private = Ви можете поговорити з нами в окремій кімнаті.
guidance-untranslated = Цього тексту ще немає вашою мовою. Ось він шведською.
guidance-done = Готово
survey-learned = Чи дізналися ви сьогодні щось нове?
survey-self = Як ви думаєте, наступного разу ви зможете зробити це самостійно?
survey-yes = Так
survey-no = Ні
survey-skip = Пропустити
survey-thanks = Дякуємо за допомогу!
survey-gender = Яка ваша стать?
survey-gender-woman = Жінка
survey-gender-man = Чоловік
survey-gender-another = Інша відповідь
survey-gender-no-say = Не хочу відповідати
survey-gender-why = Ми питаємо, щоб знати, чи однаково добре допомагаємо жінкам і чоловікам. Відповідь анонімна.
survey-exit = Як пройшов ваш візит?
survey-exit-hint = Дайте відповідь на два короткі запитання

## Accessibility panel (the button with the accessibility symbol, on every screen)
access-title = Зробіть екран зручнішим
access-contrast = Висока контрастність
access-large-text = Більший текст
access-reach = Кнопки нижче
access-done = Готово

## Check-in: the same officer told several times within minutes (no mail is sent)
checkin-ask-desk = Ми щойно кілька разів повідомили { $officer }. Будь ласка, запитайте на рецепції. Працівники вам допоможуть.

## Read aloud on a confidential page: asked first
readaloud-confirm = Текст буде прочитано вголос. Люди поруч можуть його почути.
readaloud-yes = Читати вголос
readaloud-no = Ні

nav-more-below = Більше нижче
nav-more-above = Більше вище
