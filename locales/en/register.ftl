# Entré – English: "I want help from a guide" (flow = "register").
# No queue and no ticket: the visitor registers the errand and a guide
# comes to them. Keep it short and plain.

register-where = Register your errand here. A guide will come to you.

## Step 1: What is it about?
register-errand-title = What is it about?
register-errand-other = Something else

## Step 2: Language
register-language-title = Which language would you like help in?
register-language-why = Every guide helps everyone. The language helps us bring a colleague or book an interpreter.
register-language-swedish = Swedish is fine
register-language-more = Other languages

## Step 3: Needs (optional)
register-needs-title = Do you need any of this?
register-need-private = I need to talk in private
register-need-seated = I need to sit down or use a wheelchair
register-need-interpreter = I need an interpreter

## Step 4: Where will you wait? (optional)
register-zone-title = Where will you wait?
zone-computers = By the computers
zone-sofas = On the sofas

## Buttons
register-next = Next
register-skip = Skip
register-submit = Register

## Confirmation
register-sending = We are telling the guides …
register-code = Your number is { $code }.
# Read aloud: the letter and the digits one by one, e.g. "K, 2, 7".
register-code-spoken = Your number is { $spelled }.
register-comes = A guide will come to you.
register-comes-zone = A guide will come to you. Place: { $zone }.
register-ahead = { $ahead ->
    [0] Nobody is waiting before you.
    [one] About one person before you.
   *[other] About { $ahead } people before you.
}
register-wait = About { $minutes ->
    [one] one minute
   *[other] { $minutes } minutes
}.
register-meanwhile = Start your errand while you wait
register-meanwhile-title = While you wait
register-failed = We could not reach the guides. Please go to the reception.
register-done = Done
