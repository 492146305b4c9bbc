-- Survey for every visitor (issue 18): the optional "Are you …" answer, a
-- survey answer given on its own (not a visit: the kiosk's welcome tile or
-- the floor's survey page), and whether a walk-in opened the "start
-- meanwhile" steps.
ALTER TABLE visit ADD COLUMN gender TEXT
    CHECK (gender IN ('woman', 'man', 'another', 'prefer_not_to_say'));
ALTER TABLE visit ADD COLUMN kind TEXT NOT NULL DEFAULT 'visit'
    CHECK (kind IN ('visit', 'survey_answer'));
ALTER TABLE visit ADD COLUMN meanwhile BOOLEAN NOT NULL DEFAULT false;
