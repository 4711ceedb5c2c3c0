-- Read model: users (rebuilt from the user streams).
CREATE TABLE "users" (
    "id"                 UUID PRIMARY KEY,
    "email"              TEXT NOT NULL,
    "email_normalized"   TEXT NOT NULL,
    "name"               TEXT NOT NULL,
    "role"               TEXT NOT NULL,
    -- Bumped by every password change; access tokens carry it, so older tokens stop working.
    "credential_version" INTEGER NOT NULL,
    "registered_at"      TIMESTAMPTZ(3) NOT NULL,
    "updated_at"         TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "users_email_normalized_key" UNIQUE ("email_normalized")
);

-- Read model: password reset requests (only the token's hash is ever stored).
CREATE TABLE "password_reset_requests" (
    "request_id"   UUID PRIMARY KEY,
    "user_id"      UUID NOT NULL,
    "token_hash"   TEXT NOT NULL,
    "status"       TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at"   TIMESTAMPTZ(3) NOT NULL,
    "resolved_at"  TIMESTAMPTZ(3),
    CONSTRAINT "password_reset_requests_token_hash_key" UNIQUE ("token_hash")
);
CREATE INDEX "password_reset_requests_user_status_idx" ON "password_reset_requests" ("user_id", "status");

-- Read model: every email sent through the one email path.
CREATE TABLE "email_deliveries" (
    "message_key"         TEXT PRIMARY KEY,
    "recipient"           TEXT NOT NULL,
    "template"            TEXT NOT NULL,
    "subject"             TEXT NOT NULL,
    "provider_message_id" TEXT,
    "sent_at"             TIMESTAMPTZ(3) NOT NULL
);

-- Write-side secrets, deliberately outside the event stream: events must never hold password hashes.
CREATE TABLE "user_credentials" (
    "user_id"       UUID PRIMARY KEY,
    "password_hash" TEXT NOT NULL,
    "updated_at"    TIMESTAMPTZ(3) NOT NULL
);

-- A new password waiting for the reset workflow to accept the confirmation.
CREATE TABLE "staged_password_changes" (
    "request_id"    UUID PRIMARY KEY,
    "password_hash" TEXT NOT NULL,
    "staged_at"     TIMESTAMPTZ(3) NOT NULL
);
