# Entré – English.
# Keep it short and plain: short sentences, one thing at a time.

# The language's name in the language itself, shown on the welcome screen.
language-name = English

## Welcome screen
welcome-title = Welcome to { $office }
welcome-choose-language = Choose your language

## Navigation (on every screen)
nav-back = Back
nav-start-over = Start over

## What do you want to do?
purpose-title = What do you want to do today?
purpose-checkin = I have an appointment
purpose-guidance = I need help with an errand
purpose-guide = I want to talk to a guide
purpose-computer = I want to borrow a computer

## Where do I go?
checkin-where = Go to the reception. Say that you have an appointment. We will tell your case officer that you are here.
guidance-where = Go to the reception. The guides there will help you with your errand.
info-guide = Tell the reception that you want to talk to a guide. A guide will come to you. It is free.
info-computer = The computers are by the window. You do not need a library card. Ask a guide if you want help.
flow-opening-hours = Opening hours: { $hours }

## Are you still there?
idle-title = Are you still there?
idle-countdown = The screen will start over in { $seconds ->
    [one] { $seconds } second
   *[other] { $seconds } seconds
}.
idle-more-time = I need more time

## Out of order
out-of-order-title = This screen is out of order
out-of-order-body = Please ask the staff at the reception.

## I have an appointment
checkin-units-title = Where is your appointment?
checkin-officers-title = Who is your appointment with?
checkin-search-title = Who is your appointment with?
checkin-search-hint = Type the first letters of their first name or last name.
checkin-search-none = We cannot find anyone with that name. Please ask at the reception.
nav-page = Page { $page } of { $pages }
checkin-name-title-initials = Do you want to type the first letter of your first name and last name?
checkin-name-title-first = Do you want to type your first name?
checkin-name-why = Then your case officer knows who is waiting. You can skip this.
checkin-name-skip = Skip
checkin-name-next = Continue
checkin-confirm-title = Shall we tell { $officer } that you are here?
checkin-confirm-yes = Yes, tell them
checkin-sending = We are telling { $officer } …
checkin-done-ok = { $officer } knows that you are here. Please take a seat.
checkin-done-failed = We could not reach { $officer } right now. Please tell the staff at the reception.
checkin-away = { $officer } is not here today. Please ask at the reception.
checkin-done-button = Done

## Help with an errand
guidance-title = What is your errand about?
guidance-steps = What to do
guidance-need = What you need
guidance-link = Continue on your phone
guidance-link-hint = Point your phone's camera at the code.
guidance-help = Help here at the office
guidance-terms = Swedish words you will see
guidance-time = How long it takes
guidance-tips = Good to know
guidance-private = You can talk to us in a private room.
guidance-untranslated = This text is not yet in your language. Here it is in Swedish.
guidance-done = Done
survey-learned = Did you learn something new today?
survey-self = Do you think you can do this yourself next time?
survey-yes = Yes
survey-no = No
survey-skip = Skip
survey-thanks = Thank you for your help!
survey-gender = Are you …
survey-gender-woman = A woman
survey-gender-man = A man
survey-gender-another = Another answer
survey-gender-no-say = Prefer not to say
survey-gender-why = We ask so that we know if we help women and men equally well. Your answer is anonymous.
survey-exit = How was your visit?
survey-exit-hint = Answer two short questions

## Accessibility panel (the button with the accessibility symbol, on every screen)
access-title = Make the screen easier to use
access-contrast = High contrast
access-large-text = Larger text
access-reach = Buttons lower down
access-done = Done

## Check-in: the same officer told several times within minutes (no mail is sent)
checkin-ask-desk = We have already told { $officer } several times just now. Please ask at the reception. The staff will help you.

## Read aloud on a confidential page: asked first
readaloud-confirm = The text will be read aloud. People nearby can hear it.
readaloud-yes = Read aloud
readaloud-no = No

nav-more-below = More below
nav-more-above = More above
