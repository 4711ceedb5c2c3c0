-- A concert's seats count against its account's totalSeats only until it starts, so the read model
-- keeps each concert's start with its seats, and seats in use are computed when read
-- (starts_at > now()) rather than stored: a stored sum would go stale as concerts start.
-- NULL marks an allocation recorded before starts were (only in development databases): such a
-- concert counts as not started, as the domain reads it. Rebuilding the read model fills it in.
ALTER TABLE "account_concert_seats" ADD COLUMN "starts_at" TIMESTAMPTZ(3);
ALTER TABLE "accounts" DROP COLUMN "seats_in_use";
