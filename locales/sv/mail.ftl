# Ankomstmejl till handläggaren. Skrivs alltid på kontorets språk (svenska).
# Säger aldrig varför besökaren kom, och om besökaren bara så mycket som
# [privacy] visitor_name tillåter.
mail-subject = Besökare på plats – { $time } – { $office }
mail-greeting = Hej { $officer }!
mail-arrived = En besökare har anmält sin ankomst till dig kl. { $time } ({ $date }).
mail-visitor = Besökaren: { $visitor }
mail-place = Plats: { $office }, entrén (kiosk { $kiosk }).
mail-action = Möt besökaren i receptionen.
mail-footer = Meddelandet skickades automatiskt av Entré. Svara inte på det.
mail-test-subject = Testmeddelande från Entré – { $office }
mail-test-body = Det här är ett test från kiosk { $kiosk }. Om du läser det fungerar e-posten.
