-- The token hash is known once the email with the token went out.
ALTER TABLE "password_reset_requests" ALTER COLUMN "token_hash" DROP NOT NULL;

-- Each confirmation attempt stages its password under its own id (rows are short-lived).
DROP TABLE "staged_password_changes";
CREATE TABLE "staged_password_changes" (
    "attempt_id"    UUID PRIMARY KEY,
    "request_id"    UUID NOT NULL,
    "password_hash" TEXT NOT NULL,
    "staged_at"     TIMESTAMPTZ(3) NOT NULL
);
CREATE INDEX "staged_password_changes_request_idx" ON "staged_password_changes" ("request_id");
