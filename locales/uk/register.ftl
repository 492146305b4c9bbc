# Entré – Ukrainian: "I want help from a guide" (flow = "register").
# No queue and no queue ticket: the visitor registers the errand and a
# guide comes to them. Keep it short and plain. Polite "ви".
# guide (vägledare) = консультант, as in purpose-guide; reception = рецепція.
# Ukrainian plural categories (CLDR): one = 1, 21, 31 … (not 11);
# few = 2–4, 22–24 …; many = 0, 5–20, 25–30 …; other = fractions
# ([0] is matched first).

register-where = Зареєструйте тут свою справу. Консультант підійде до вас.

## Step 1: What is it about?
register-errand-title = Чого стосується ваша справа?
register-errand-other = Щось інше

## Step 2: Language
register-language-title = Якою мовою вам допомогти?
register-language-why = Кожен консультант допомагає всім. Знаючи мову, ми можемо покликати колегу або замовити перекладача.
register-language-swedish = Можна шведською
register-language-more = Інші мови

## Step 3: Needs (optional)
register-needs-title = Вам потрібне щось із цього?
register-need-private = Мені потрібно поговорити наодинці
register-need-seated = Мені потрібно сісти або я користуюся кріслом колісним
register-need-interpreter = Мені потрібен перекладач

## Step 4: Where will you wait? (optional)
register-zone-title = Де ви будете чекати?
zone-computers = Біля комп’ютерів
zone-sofas = На диванах

## Buttons
register-next = Далі
register-skip = Пропустити
register-submit = Зареєструвати

## Confirmation
register-sending = Повідомляємо консультантів …
register-code = Ваш номер: { $code }.
# Read aloud: the letter and the digits one by one, e.g. "K, 2, 7".
register-code-spoken = Ваш номер: { $spelled }.
register-comes = Консультант підійде до вас.
register-comes-zone = Консультант підійде до вас. Місце: { $zone }.
register-ahead = { $ahead ->
    [0] Перед вами ніхто не чекає.
    [one] Перед вами приблизно { $ahead } особа.
    [few] Перед вами приблизно { $ahead } особи.
    [many] Перед вами приблизно { $ahead } осіб.
   *[other] Перед вами приблизно { $ahead } особи.
}
register-wait = { $minutes ->
    [one] Чекати приблизно { $minutes } хвилину.
    [few] Чекати приблизно { $minutes } хвилини.
    [many] Чекати приблизно { $minutes } хвилин.
   *[other] Чекати приблизно { $minutes } хвилини.
}
register-meanwhile = Почніть свою справу, поки чекаєте
register-meanwhile-title = Поки ви чекаєте
register-failed = Нам не вдалося зв’язатися з консультантами. Підійдіть до рецепції.
register-done = Готово
