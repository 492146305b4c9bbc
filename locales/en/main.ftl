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
guidance-where = Go to the guides at the desk. They will help you with your errand.
info-guide = Take a queue ticket at the desk. A guide will call your number. It is free.
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
